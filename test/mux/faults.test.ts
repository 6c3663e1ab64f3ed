import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { QmpClient, QmpCommandError } from '../../src/qmp/index.js';
import { startFakeQmpServer } from '../support/fake-qmp-server.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { LineClient, socketDir, within } from './support.js';

/** A client running `count` query-status one after another; resolves with the replies it got. */
async function steadyClient(address: string, count: number): Promise<number> {
  const client = await QmpClient.connect(address);
  let ok = 0;
  for (let i = 0; i < count; i++)
    if ((await client.execute('query-status')).status === 'running') ok++;
  await client.close();
  return ok;
}

describe('clients that misbehave affect only themselves', () => {
  let qemu: TestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;
  const logged: string[] = [];
  let address: string;

  before(async () => {
    qemu = await startQemu();
    sockets = socketDir();
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [join(sockets.dir, 'qmp.sock')],
      limits: { maxCommandLength: 1024 * 1024 },
      log: (message) => logged.push(message),
    });
    address = mux.listeners[0]!.address;
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  it('drops the replies of a client that leaves mid-command', async () => {
    const steady = steadyClient(address, 500);
    for (let round = 0; round < 5; round++) {
      const leaver = await LineClient.negotiated(address);
      leaver.send(
        '{"execute": "query-qmp-schema", "id": 1}\n{"execute": "query-status", "id": 2}\n'.repeat(
          20,
        ),
      );
      await sleep(5);
      leaver.close();
    }
    assert.equal(await within(30_000, 'steady client', steady), 500);
    for (let i = 0; i < 100 && mux.stats().upstream.inFlight > 0; i++) await sleep(50);
    const stats = mux.stats();
    assert.ok(stats.upstream.discardedReplies > 0, 'some replies had no client left');
    assert.equal(stats.upstream.unmatchedReplies, 0);
    assert.equal(stats.upstream.queued, 0, 'commands of departed clients were not sent');
  });

  it('answers binary garbage with QEMU-style parse errors and carries on', async () => {
    const steady = steadyClient(address, 300);
    const noisy = await LineClient.negotiated(address);
    // Without brackets: an open `[` or `{` would swallow the next command, in QEMU too.
    noisy.send(randomBytes(64 * 1024).map((b) => (b === 0x5b || b === 0x7b ? 0x20 : b)));
    noisy.send('\n{"execute": "query-status", "id": "after"}\n');
    await noisy.waitForText(/"id": "after"/, 10_000);
    const errors = noisy.lines.filter((line) => line.includes('"error"'));
    assert.ok(errors.length > 0);
    for (const line of errors) {
      const { error } = JSON.parse(line);
      assert.equal(error.class, 'GenericError');
      assert.match(error.desc, /^(JSON parse error, |QMP input|JSON nesting depth)/);
    }
    assert.equal(await within(30_000, 'steady client', steady), 300);
    noisy.close();
  });

  it('cuts off a client sending 50 MB of JSON, and only that client', async () => {
    const steady = steadyClient(address, 300);
    const heapBefore = process.memoryUsage().heapUsed;
    const flooder = await LineClient.negotiated(address);
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    flooder.send('{"execute": "query-status", "arguments": {"x": "');
    for (let i = 0; i < 50 && !flooder.socket.destroyed; i++) {
      if (!flooder.socket.write(chunk))
        await Promise.race([sleep(200), new Promise((r) => flooder.socket.once('drain', r))]);
    }
    await within(10_000, 'the flooder cut off', flooder.closed);
    assert.deepEqual(
      flooder.lines.map((line) => JSON.parse(line)),
      [{ error: { class: 'GenericError', desc: 'JSON token size limit exceeded' } }],
    );
    assert.ok(
      logged.some((line) => /cut off: a command longer than 1048576 characters/.test(line)),
    );
    assert.equal(await within(30_000, 'steady client', steady), 300);
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 40 * 1024 * 1024);
  });
});

describe('an event before the greeting', () => {
  // QEMU can pass an event to a new client in the moment before it greets it
  // (its monitor still in command mode from an earlier client); seen at VM start.
  const RESUME = '{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "RESUME"}\r\n';

  it('the mux keeps it and hands it on once it holds the monitor', async () => {
    const fake = await startFakeQmpServer(() => {}, { beforeGreeting: RESUME });
    const sockets = socketDir();
    const events: string[] = [];
    const mux = await startMux({
      upstream: `unix:${fake.path}`,
      listen: [join(sockets.dir, 'qmp.sock')],
      onEvent: (text) => events.push(text),
      log: () => {},
    });
    try {
      await within(
        2_000,
        'the early event',
        (async () => {
          while (events.length === 0) await sleep(10);
        })(),
      );
      assert.match(events[0]!, /"event": "RESUME"/);
    } finally {
      await mux.close();
      await fake.close();
      sockets.remove();
    }
  });

  it('a direct client connects all the same', async () => {
    const fake = await startFakeQmpServer(() => {}, { beforeGreeting: RESUME });
    try {
      const client = await QmpClient.connect(fake.path);
      assert.equal(client.greeting.version.package, 'fake');
      await client.close();
    } finally {
      await fake.close();
    }
  });
});

describe('QEMU going away', () => {
  it('fails every pending command of every client with a QMP error, then closes them', async () => {
    const qemu = await startQemu();
    const sockets = socketDir();
    const mux = await startMux({
      upstream: qemu.qmp,
      listen: [join(sockets.dir, 'qmp.sock')],
      log: () => {},
    });
    try {
      const address = mux.listeners[0]!.address;
      const raw = await Promise.all(
        Array.from({ length: 8 }, () => LineClient.negotiated(address)),
      );
      const library = await Promise.all(
        Array.from({ length: 4 }, () => QmpClient.connect(address)),
      );
      for (const client of raw) {
        let batch = '';
        for (let id = 1; id <= 2000; id++) batch += `{"execute": "query-status", "id": ${id}}\n`;
        client.send(batch);
      }
      const calls = library.flatMap((client) =>
        Array.from({ length: 200 }, () =>
          client.execute('query-status').then(
            () => 'ok',
            (error: Error) => error,
          ),
        ),
      );
      await raw[0]!.waitForLines(50);
      qemu.child.kill('SIGKILL');

      const reason = await within(10_000, 'mux stops', mux.closed);
      assert.equal(reason.kind, 'upstream-lost');
      for (const client of raw) {
        await within(10_000, 'client closed', client.closed);
        const messages = client.lines.map((line) => JSON.parse(line));
        // Every command the mux had read gets a reply, in order; what was still unread
        // in the socket when it closed gets none, as when QEMU itself goes away.
        const replies = messages.filter((m) => 'return' in m || 'error' in m);
        assert.deepEqual(
          replies.map((m) => m.id),
          Array.from({ length: replies.length }, (_, i) => i + 1),
        );
        const firstFailure = replies.findIndex((m) => 'error' in m);
        assert.ok(firstFailure >= 0);
        const failed = replies.slice(firstFailure);
        for (const m of failed) {
          assert.equal(m.error.class, 'GenericError');
          assert.match(m.error.desc, /^qmon mux: lost the connection to QEMU/);
        }
        const last = messages.at(-1);
        assert.equal(last.event, 'QMON_MUX_UPSTREAM_LOST');
        assert.equal(last.data.reconnecting, false);
      }
      const outcomes = await within(10_000, 'library calls settle', Promise.all(calls));
      const errors = outcomes.filter((o): o is Error => o instanceof Error);
      assert.ok(errors.length > 0);
      for (const error of errors)
        assert.ok(error instanceof QmpCommandError && /lost the connection/.test(error.desc));
      for (const client of library) await client.close();
    } finally {
      await mux.close();
      await qemu.stop();
      sockets.remove();
    }
  });

  it('waits for QEMU to come back when asked to, with new clients served again', async () => {
    const sockets = socketDir();
    const qmpPath = join(sockets.dir, 'qemu.sock');
    let qemu = await startQemu(['-machine', 'none'], { qmpPath });
    const mux = await startMux({
      upstream: qmpPath,
      listen: [join(sockets.dir, 'qmp.sock')],
      reconnect: { initialDelay: 50, maxDelay: 200 },
      log: () => {},
    });
    try {
      const address = mux.listeners[0]!.address;
      const before = await LineClient.negotiated(address);
      await qemu.stop();
      await within(5_000, 'old client closed', before.closed);
      assert.match(
        before.lines.at(-1)!,
        /"event": "QMON_MUX_UPSTREAM_LOST", "data": \{"reason": .*"reconnecting": true\}/,
      );
      // A client arriving while QEMU is away waits for its greeting.
      const early = LineClient.negotiated(address);
      await sleep(300);
      qemu = await startQemu(['-machine', 'none'], { qmpPath });
      const waiting = await within(10_000, 'held client greeted', early);
      waiting.send('{"execute": "query-status", "id": 1}\n');
      const [reply] = await waiting.waitForLines(1);
      assert.equal(JSON.parse(reply!).return.status, 'running');
      assert.equal(mux.stats().upstream.reconnects, 1);
      waiting.close();
    } finally {
      await mux.close();
      await qemu.stop();
      sockets.remove();
    }
  });
});
