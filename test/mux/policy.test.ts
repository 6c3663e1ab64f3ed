import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { QmpClient } from '../../src/index.js';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { LineClient, socketDir } from './support.js';

const DENY = ['logfile', 'dump-guest-memory', 'o', 'stop'];

describe('listener policies judge the command QEMU runs (real QEMU behind the mux)', () => {
  let qemu: TestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;
  const address = (name: string) => mux.listeners.find((l) => l.name === name)!.address;

  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    sockets = socketDir();
    const at = (name: string) => join(sockets.dir, `${name}.sock`);
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [
        { address: at('deny'), name: 'deny', deny: DENY },
        { address: at('hmp-deny'), name: 'hmp-deny', protocol: 'hmp', deny: DENY },
        { address: at('host'), name: 'host', deny: ['@host-access'] },
        { address: at('hmp-host'), name: 'hmp-host', protocol: 'hmp', deny: ['@host-access'] },
        { address: at('allow'), name: 'allow', allow: ['@read-only', 'cont'] },
        { address: at('hmp-allow'), name: 'hmp-allow', protocol: 'hmp', allow: ['info', 'c'] },
      ],
      log: () => {},
    });
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  async function status(): Promise<string> {
    const direct = await QmpClient.connect(qemu.qmp2);
    try {
      return (await direct.execute('query-status')).status;
    } finally {
      await direct.close();
    }
  }

  /** Runs HMP lines on an HMP listener; returns the console's text once every prompt is back. */
  async function hmpSession(listener: string, input: string, prompts: number): Promise<string> {
    const client = await LineClient.open(address(listener));
    client.send(input);
    const pattern = new RegExp(`(?:\\(qemu\\) [^]*){${prompts + 1}}`);
    await client.waitForText(pattern);
    client.close();
    return client.text;
  }

  it('refuses through human-monitor-command every evasion of the deny-list', async () => {
    const client = await QmpClient.connect(address('deny'));
    const log = join(sockets.dir, 'evil.log');
    const dump = join(sockets.dir, 'dump');
    try {
      const refused: [string, RegExp][] = [
        [`logfile/${log}`, /HMP command logfile is not allowed.*in the deny-list/],
        [`dump-guest-memory/${dump}`, /HMP command dump-guest-memory is not allowed/],
        ['o/b 0x80 0', /HMP command o is not allowed/],
        ['s', /HMP command stop \(typed as 's'\) is not allowed/],
        ['  stop', /HMP command stop is not allowed/],
      ];
      for (const [line, error] of refused)
        await assert.rejects(client.hmp(line), error, JSON.stringify(line));
      await assert.rejects(client.execute('stop'), /The command stop is not allowed/);
      // The arguments are judged as QEMU's JSON parser reads them: escapes, single
      // quotes; a duplicate key QEMU refuses whole.
      const raw = await LineClient.negotiated(address('deny'));
      raw.send('{"execute": "human-monitor-command", "arguments": {"command-line": "\\u0073"}}\n');
      raw.send("{'execute': 'human-monitor-command', 'arguments': {'command-line': 's'}}\n");
      raw.send(
        '{"execute": "human-monitor-command", "arguments": {"command-line": "stop", "command-line": "info status"}}\n',
      );
      const replies = await raw.waitForLines(3);
      raw.close();
      assert.match(replies[0]!, /stop \(typed as 's'\) is not allowed/);
      assert.match(replies[1]!, /stop \(typed as 's'\) is not allowed/);
      assert.match(replies[2]!, /duplicate key/);
      assert.equal(existsSync(log), false);
      assert.equal(existsSync(dump), false);
      assert.equal(await status(), 'running');
      // What the list does not name still runs.
      assert.match(await client.hmp('info status'), /VM status: running/);
      assert.match(await client.hmp('i/b 0x80'), /^portb\[0x0080\] = 0x/);
      assert.equal((await client.execute('query-status')).status, 'running');
    } finally {
      await client.close();
    }
  });

  it('judges the line an HMP console runs after line editing, not the bytes', async () => {
    const text = await hmpSession(
      'hmp-deny',
      'xyz\b\b\bs\nstoq\x7fp\nsop\x1b[D\x1b[Dt\no/b 0x80 0\ninfo status\n',
      5,
    );
    assert.equal(text.match(/stop \(typed as 's'\) is not allowed/g)?.length, 1, text);
    assert.equal(text.match(/Error: stop is not allowed.*in the deny-list/g)?.length, 2, text);
    assert.match(text, /Error: o is not allowed/);
    assert.match(text, /VM status: running/);
    assert.equal(await status(), 'running');
  });

  it('@host-access refuses migrate exec:, memsave, screendump and friends, through QMP and HMP alike', async () => {
    const pwned = join(sockets.dir, 'pwned');
    const client = await QmpClient.connect(address('host'));
    try {
      for (const line of [
        `migrate -d "exec:touch ${pwned}"`,
        `migrate/x exec:touch ${pwned}`,
        `memsave 0 1 ${pwned}`,
        `screendump ${pwned}`,
        `chardev-add file,id=f,path=${pwned}`,
        'getfd x',
      ])
        await assert.rejects(client.hmp(line), /not allowed.*in the deny-list/, line);
      await assert.rejects(
        client.execute('memsave', { val: 0, size: 1, filename: pwned }),
        /The command memsave is not allowed/,
      );
      await assert.rejects(
        client.execute('object-add', { 'qom-type': 'secret', id: 's0', data: 'x' }),
        /The command object-add is not allowed/,
      );
      // Everything else runs.
      await client.execute('stop');
      assert.equal(await status(), 'paused');
      await client.hmp('c');
      assert.equal(await status(), 'running');
    } finally {
      await client.close();
    }
    const text = await hmpSession('hmp-host', `migrate -d exec:touch ${pwned}\ninfo status\n`, 2);
    assert.match(text, /Error: migrate is not allowed.*in the deny-list/);
    assert.match(text, /VM status: running/);
    assert.equal(existsSync(pwned), false);
  });

  it('runs only what an allow-list names, aliases and groups included', async () => {
    const client = await QmpClient.connect(address('allow'));
    try {
      assert.equal((await client.execute('query-status')).status, 'running');
      assert.match(await client.hmp('info status'), /running/);
      await assert.rejects(client.hmp('s'), /stop \(typed as 's'\).*not in the allow-list/);
      await assert.rejects(client.execute('stop'), /not in the allow-list/);
      await assert.rejects(client.hmp('nosuch'), /HMP command nosuch .*unknown command/);
    } finally {
      await client.close();
    }
    const text = await hmpSession('hmp-allow', 'info status\nstop\ncont\n', 3);
    assert.match(text, /VM status: running/);
    assert.match(text, /Error: stop is not allowed.*not in the allow-list/);
    assert.doesNotMatch(text, /Error: cont/);
    assert.equal(await status(), 'running');
  });

  it('refuses an unknown group when the mux starts', async () => {
    await assert.rejects(
      startMux({
        upstream: qemu.qmp,
        listen: [{ address: join(sockets.dir, 'x.sock'), deny: ['@nosuch'] }],
      }),
      { code: 'INVALID_OPTION', message: /unknown command group @nosuch/ },
    );
  });
});
