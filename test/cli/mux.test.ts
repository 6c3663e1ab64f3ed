import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { QmpClient } from '../../src/index.js';
import { runQmon, spawnQmon } from '../support/cli.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

/** Starts a long-running qmon verb and waits for a line on its stderr. */
async function startVerb(args: string[], ready: RegExp) {
  const child = spawnQmon(args);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  for (let i = 0; i < 200 && !ready.test(stderr); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  assert.match(stderr, ready);
  return { child, exited, stderr: () => stderr };
}

describe('qmon mux and qmon replay (the real binary, a real QEMU upstream)', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
  });
  after(() => qemu.stop());

  it('serves one monitor to several QMP clients and an HMP console at once', async () => {
    const qmp = join(qemu.dir, 'shared.sock');
    const hmp = join(qemu.dir, 'hmp.sock');
    const mux = await startVerb(
      ['mux', qemu.qmp, '--listen', qmp, '--hmp', `unix:${hmp}`],
      /HMP clients on/,
    );
    try {
      const clients = await Promise.all([
        QmpClient.connect(qmp),
        QmpClient.connect(qmp),
        QmpClient.connect(qmp),
      ]);
      const stops = clients.map((client) => client.waitForEvent('STOP', { timeout: 10_000 }));
      const statuses = await Promise.all(clients.map((client) => client.execute('query-status')));
      assert.deepEqual(
        statuses.map((s) => s.status),
        ['running', 'running', 'running'],
      );
      await clients[0]!.execute('stop');
      // Every client sees the event, with QEMU's own timestamp.
      const events = await Promise.all(stops);
      assert.equal(new Set(events.map((e) => JSON.stringify(e.timestamp))).size, 1);

      const stats = await runQmon(['exec', qmp, 'x-qmon-mux-stats', '--return-value']);
      assert.equal(stats.code, 0, stats.stderr);
      assert.ok((JSON.parse(stats.stdout) as { clients: unknown[] }).clients.length >= 3);

      const console = net.connect(hmp);
      let text = '';
      console.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
      });
      console.write('info status\n');
      for (let i = 0; i < 100 && !/VM status: paused/.test(text); i++)
        await new Promise((r) => setTimeout(r, 50));
      assert.match(text, new RegExp(literally(qemuFacts.hmpBanner)));
      assert.match(text, /VM status: paused/);
      console.destroy();

      await clients[1]!.execute('cont');
      await Promise.all(clients.map((client) => client.close()));
    } finally {
      mux.child.kill('SIGINT');
    }
    assert.equal(await mux.exited, 0);
  });

  it('replays a recorded session as a fake QEMU', async () => {
    const log = join(qemu.dir, 'session.log');
    const recorder = await QmpClient.connect(qemu.qmp, { trafficLog: log });
    const version = await recorder.execute('query-version');
    await recorder.execute('query-status');
    await recorder.close();

    const address = `unix:${join(qemu.dir, 'replay.sock')}`;
    const replay = await startVerb(
      ['replay', log, '--listen', address],
      /serving \d+ recorded exchanges/,
    );
    try {
      const client = await QmpClient.connect(address);
      assert.deepEqual(await client.execute('query-version'), version);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      replay.child.kill('SIGINT');
    }
    assert.equal(await replay.exited, 0);
  });

  it('refuses a TCP listener without authentication, and off loopback without TLS (usage errors)', async () => {
    const open = await runQmon(['mux', qemu.qmp, '--hmp', 'tcp:127.0.0.1:0']);
    assert.equal(open.code, 2);
    assert.match(
      open.stderr.trim(),
      /^qmon: tcp:127\.0\.0\.1:0: a TCP listener needs authentication/,
    );
    assert.equal(open.stderr.trim().split('\n').length, 1);
    const anywhere = await runQmon([
      'mux',
      qemu.qmp,
      '--listen',
      'tcp:0.0.0.0:0',
      '--token-file',
      join(qemu.dir, 't'),
    ]);
    assert.equal(anywhere.code, 2);
    assert.match(
      anywhere.stderr,
      /^qmon: tcp:0\.0\.0\.0:0: a listener on a non-loopback address needs TLS/,
    );
  });

  it('--insecure opens an unauthenticated TCP listener with a loud warning', async () => {
    const mux = await startVerb(
      ['mux', qemu.qmp, '--listen', 'tcp:127.0.0.1:0', '--insecure'],
      /QMP clients on tcp:127\.0\.0\.1:(\d+)/,
    );
    try {
      assert.match(
        mux.stderr(),
        /WARNING: tcp:127\.0\.0\.1:0 accepts every client without authentication: any local user/,
      );
      const port = /QMP clients on tcp:127\.0\.0\.1:(\d+)/.exec(mux.stderr())![1];
      const client = await QmpClient.connect(`tcp:127.0.0.1:${port}`);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      mux.child.kill('SIGINT');
    }
    assert.equal(await mux.exited, 0);
  });

  it('refuses an unknown command group as a usage error', async () => {
    const result = await runQmon([
      'mux',
      qemu.qmp,
      '--listen',
      join(qemu.dir, 'g.sock'),
      '--deny',
      '@nosuch',
    ]);
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /^qmon: qmp0: unknown command group @nosuch \(groups: @host-access, @read-only\)\n$/,
    );
  });

  it('says clearly what is missing', async () => {
    const noListener = await runQmon(['mux', qemu.qmp]);
    assert.equal(noListener.code, 2);
    assert.equal(noListener.stderr.trim(), 'qmon: give at least one --listen or --hmp address');
  });
});
