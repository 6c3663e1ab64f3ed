import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type MuxCommandMap,
  type MuxEventMap,
  type MuxHandle,
  STATS_COMMAND,
  startMux,
} from '../../src/mux/index.js';
import { QmpClient } from '../../src/qmp/index.js';
import type { QmpCommandMap, QmpEventMap } from '../../src/schema/index.js';
import { literally, qemuFacts } from '../support/qemu-version.js';
import { LineClient, type MuxTestQemu, socketDir, startQemuWithDirect } from './support.js';

/** Sends `input` and collects every line until the connection has been quiet for a while. */
async function transcript(address: string, input: string): Promise<string[]> {
  const client = await LineClient.open(address);
  await client.waitForLines(1);
  client.send(input);
  let seen = -1;
  for (let i = 0; i < 100 && client.lines.length !== seen; i++) {
    seen = client.lines.length;
    await sleep(150);
  }
  client.close();
  return client.lines;
}

// Everything QEMU answers on its own for bad input, before and after negotiation.
const PLAIN_SESSION = [
  '{"execute":"query-status","id":1}',
  '{"execute":"nope","id":2}',
  '{"foo":1,"id":3}',
  'garbage',
  '{"execute":"qmp_capabilities","arguments":{"enable":"oob"}}',
  '{"execute":"qmp_capabilities","arguments":{"x":1}}',
  '{"execute":"qmp_capabilities","arguments":{"enable":[1]}}',
  '{"execute":"qmp_capabilities","arguments":{"enable":["foo"]}}',
  '{"execute":"qmp_capabilities","id":"neg"}',
  '{"execute":"qmp_capabilities","id":"again"}',
  '{"execute":"query-status","id":{"a":[1,2.5,true,null]}}',
  '{"execute":"query-name"}',
  '{"execute":"nope","id":null}',
  "{'execute':'query-name','id':'it\\'s'}",
  '{"execute":"query-name","id":18446744073709551615}',
  '{"execute":"query-name","id":-0}',
  '{"execute":"query-name","id":1.0}',
  '{"execute":"query-name","id":0.1}',
  '{"execute":"query-name","id":"\\u00e9\\ud83d\\ude00\\/"}',
  '{"execute":"query-status","arguments":{"x":1},"id":4}',
  '{"execute":"query-status","arguments":[1],"id":5}',
  '{"execute":"query-status","extra":1,"id":6}',
  '{"exec-oob":"query-status","id":7}',
  '{"execute":"query-status","id":8,"id":9}',
  'foo bar',
  '}',
  '@#',
  '42',
  '"str"',
  '{"a": }',
  '{"execute":"query-name",}',
  '{"a" 1}',
  '[1 2]',
  '{1: 2}',
  '[[[',
  ']]]',
  '{"execute": "query-name",',
  ' "id": "two lines"}',
  '{"execute":"human-monitor-command","arguments":{"command-line":"info status"},"id":"h"}',
].join('\n');

const OOB_SESSION = [
  '{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}',
  '{"exec-oob":"query-status","id":1}',
  '{"execute":"query-status"}',
  '{"exec-oob":"query-status"}',
  '{"execute":"query-status","exec-oob":"query-status","id":2}',
  '{"exec-oob":"migrate-pause","id":3}',
  '{"exec-oob":"nope","id":4}',
].join('\n');

describe('the mux speaks QMP as QEMU does', () => {
  let qemu: MuxTestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;
  const logged: string[] = [];
  const traffic: string[] = [];
  let qmp: string;

  before(async () => {
    qemu = await startQemuWithDirect();
    sockets = socketDir();
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [
        join(sockets.dir, 'qmp.sock'),
        { address: 'tcp::0', insecure: true }, // qmon's QmpClient sends no token
        { address: join(sockets.dir, 'hmp.sock'), protocol: 'hmp' },
        { address: join(sockets.dir, 'ro.sock'), readOnly: true, name: 'ro' },
        {
          address: join(sockets.dir, 'deny.sock'),
          deny: ['system_reset', 'migrate*'],
          name: 'deny',
        },
        { address: join(sockets.dir, 'hmp-ro.sock'), protocol: 'hmp', readOnly: true },
      ],
      log: (message) => logged.push(message),
      trafficLog: (line) => traffic.push(line),
    });
    qmp = mux.listeners[0]!.address;
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  it('answers greeting, negotiation, bad input and odd ids exactly as QEMU does', async () => {
    const expected = await transcript(qemu.direct, PLAIN_SESSION);
    const actual = await transcript(qmp, PLAIN_SESSION);
    assert.ok(expected.length > 35, `QEMU answered ${expected.length} lines`);
    assert.deepEqual(actual, expected);
  });

  it('keeps exec-oob working for a client that enabled OOB, with QEMU’s own answers', async () => {
    const expected = await transcript(qemu.direct, OOB_SESSION);
    const actual = await transcript(qmp, OOB_SESSION);
    // Out-of-band replies may overtake in-band ones: the same replies, in-band ones in order.
    assert.deepEqual([...actual].sort(), [...expected].sort());
    const inBand = (lines: string[]) => lines.filter((line) => /"running"|clashes/.test(line));
    assert.deepEqual(inBand(actual), inBand(expected));
    assert.equal(inBand(actual).length, 2);
  });

  it('serves qmon’s own QmpClient over unix and TCP, OOB included', async () => {
    for (const listener of mux.listeners.slice(0, 2)) {
      const client = await QmpClient.connect<
        QmpCommandMap & MuxCommandMap,
        QmpEventMap & MuxEventMap
      >(listener.address, { oob: true });
      try {
        assert.equal(client.oobEnabled, true);
        // The mux's own command, typed by MuxCommandMap.
        const stats = await client.execute('x-qmon-mux-stats');
        assert.equal(stats.upstream.connected, true);
        assert.ok(stats.clients.some((each) => each.listener === listener.name));
        assert.deepEqual(client.greeting.version.qemu.major, qemuFacts.major);
        assert.equal((await client.execute('query-status')).status, 'running');
        assert.match(await client.hmp('info status'), /VM status: running/);
        await assert.rejects(client.executeOob('migrate-pause'), /postcopy-active/);
        assert.equal(client.stats.unmatchedReplies, 0);
      } finally {
        await client.close();
      }
    }
    assert.match(mux.listeners[1]!.address, /^tcp:127\.0\.0\.1:\d+$/);
  });

  it('answers a client that writes its commands and closes its side, like `printf ... | socat`', async () => {
    const client = await LineClient.open(qmp);
    client.send(
      '{"execute":"qmp_capabilities"}\n{"execute":"query-status","id":1}\n'.concat(
        '{"execute":"query-name","id":2}\n',
      ),
    );
    client.socket.end();
    await client.closed;
    assert.equal(client.lines.length, 4);
    assert.match(client.lines[3]!, /^\{"return": \{\}, "id": 2\}$/);
  });

  it('creates unix listeners with mode 0600', () => {
    for (const name of ['qmp.sock', 'hmp.sock']) {
      const stat = statSync(join(sockets.dir, name));
      assert.ok(stat.isSocket());
      assert.equal(stat.mode & 0o777, 0o600);
    }
  });

  it('runs an HMP console per client while QMP clients run', async () => {
    const busy = await LineClient.negotiated(qmp);
    busy.send('{"execute":"query-status"}\n'.repeat(500));
    const console = await LineClient.open(mux.listeners[2]!.address);
    await console.waitForText(new RegExp(`^${literally(qemuFacts.hmpBanner)}\r\n\\(qemu\\) $`));
    console.send('info status\n');
    await console.waitForText(/info status\r\nVM status: running\r\n\(qemu\) $/);
    console.send('info nope\r\nquit\n\n');
    await console.waitForText(/\(qemu\) \r\n\(qemu\) $/);
    assert.match(
      console.text,
      /quit\r\nError: quit is not allowed on this qmon mux listener \(policy: allowQuit is off\)/,
    );
    await busy.waitForLines(500);
    assert.ok(busy.lines.every((line) => line.includes('"running"')));
    console.close();
    busy.close();
  });

  it('refuses what a listener’s policy forbids, with a QMP error naming the policy', async () => {
    const readOnly = await LineClient.negotiated(mux.listeners[3]!.address);
    readOnly.send(
      [
        '{"execute":"query-status","id":1}',
        '{"execute":"stop","id":2}',
        '{"execute":"human-monitor-command","arguments":{"command-line":"info name"},"id":3}',
        '{"execute":"human-monitor-command","arguments":{"command-line":"stop"},"id":4}',
        '{"execute":"quit","id":5}',
        `{"execute":"${STATS_COMMAND}","id":6}`,
        '',
      ].join('\n'),
    );
    const replies = (await readOnly.waitForLines(6)).map((line) => JSON.parse(line));
    assert.equal(replies[0].return.status, 'running');
    assert.deepEqual(replies[1], {
      id: 2,
      error: {
        class: 'GenericError',
        desc: 'The command stop is not allowed on this qmon mux listener (policy: read-only)',
      },
    });
    assert.equal(replies[2].return, '');
    assert.match(replies[3].error.desc, /policy: read-only/);
    assert.match(replies[4].error.desc, /policy: allowQuit is off/);
    assert.ok(replies[5].return.clients.length >= 1);

    const denying = await LineClient.negotiated(mux.listeners[4]!.address);
    denying.send(
      [
        '{"execute":"system_reset","id":1}',
        '{"execute":"migrate-set-parameters","arguments":{},"id":2}',
        '{"execute":"human-monitor-command","arguments":{"command-line":"system_reset"},"id":3}',
        '{"execute":"query-status","id":4}',
        '',
      ].join('\n'),
    );
    const denied = (await denying.waitForLines(4)).map((line) => JSON.parse(line));
    for (const reply of denied.slice(0, 3))
      assert.match(reply.error.desc, /policy: in the deny-list/);
    assert.equal(denied[3].return.status, 'running');

    const hmp = await LineClient.open(mux.listeners[5]!.address);
    hmp.send('stop\ninfo status\n');
    await hmp.waitForText(/VM status: running\r\n\(qemu\) $/);
    assert.match(
      hmp.text,
      /Error: stop is not allowed on this qmon mux listener \(policy: read-only\)/,
    );
    for (const client of [readOnly, denying, hmp]) client.close();
  });

  it('reports per-client counters through x-qmon-mux-stats and logs traffic per client', async () => {
    const client = await LineClient.negotiated(qmp);
    client.send('{"execute":"query-status"}\nnonsense\n{"execute":"x-qmon-mux-stats","id":"s"}\n');
    const [, , line] = await client.waitForLines(3);
    const stats = JSON.parse(line!).return;
    assert.equal(stats.upstream.connected, true);
    assert.equal(stats.upstream.oob, true);
    const me = stats.clients.find(
      (c: { listener: string; commands: number }) => c.listener === 'qmp0' && c.commands === 4,
    );
    assert.ok(me, JSON.stringify(stats.clients));
    assert.equal(me.errors, 1);
    assert.equal(me.negotiated, true);
    assert.equal(typeof me.queueHighWater, 'number');
    assert.deepEqual(
      mux.stats().listeners.map((l) => l.name),
      ['qmp0', 'qmp1', 'hmp2', 'ro', 'deny', 'hmp5'],
    );
    assert.ok(traffic.some((l) => l.endsWith(` ${me.id} --> {"execute":"query-status"}`)));
    assert.ok(
      traffic.some((l) =>
        l.includes(
          ` ${me.id} <-- {"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword 'nonsense'"}}`,
        ),
      ),
    );
    assert.ok(
      traffic.some((l) => new RegExp(`^\\S+ ${me.id} <-- \\{"return": \\{"status"`).test(l)),
    );
    client.close();
  });
});
