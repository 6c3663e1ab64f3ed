/**
 * What the mux offers code in its own process, on a real QEMU: every event
 * through `onEvent` (also with no client connected), commands (`execute`)
 * and commands carrying fds (`executeWithFds`) while clients pipeline their
 * own, and no command left waiting when QEMU goes away.
 */
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HmpConsole } from '../../src/hmp/hmp-console.js';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { QmpClient } from '../../src/qmp/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { socketDir } from './support.js';

let qemu: TestQemu;
let mux: MuxHandle;
let sockets: ReturnType<typeof socketDir>;
const events: string[] = [];

before(async () => {
  qemu = await startQemu(['-machine', 'none'], { qmpSockets: 1, hmp: true });
  sockets = socketDir();
  mux = await startMux({
    upstream: qemu.qmp,
    listen: [join(sockets.dir, 'qmp.sock')],
    log: () => {},
    onEvent: (text) => events.push(text),
  });
});

after(async () => {
  await mux?.close();
  await qemu?.stop();
  sockets?.remove();
});

test('onEvent gets every event as QEMU wrote it, with no client connected', async () => {
  const hmp = await HmpConsole.connect(qemu.hmp!);
  await hmp.run('stop');
  await hmp.run('cont');
  await hmp.close();
  const deadline = Date.now() + 5_000;
  while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(
    events.map((text) => (JSON.parse(text) as { event: string }).event),
    ['STOP', 'RESUME'],
  );
  assert.match(
    events[0]!,
    /^\{"timestamp": \{"seconds": \d+, "microseconds": \d+\}, "event": "STOP"\}$/,
  );
});

test('executeWithFds passes fds to QEMU while a client pipelines commands', async () => {
  const client = await QmpClient.connect(mux.listeners[0]!.address.replace(/^unix:/, ''));
  const file = await open(join(sockets.dir, 'passed'), 'w');
  try {
    const statuses = Array.from({ length: 20 }, () => client.execute('query-status'));
    const sets = await Promise.all(
      ['one', 'two'].map(
        (opaque) =>
          mux.executeWithFds('add-fd', { opaque }, [file.fd]) as Promise<{ 'fdset-id': number }>,
      ),
    );
    for (const status of await Promise.all(statuses))
      assert.equal(typeof status.running, 'boolean');
    assert.notEqual(sets[0]!['fdset-id'], sets[1]!['fdset-id']);
    const known = await client.execute('query-fdsets');
    assert.deepEqual(known.flatMap((set) => set.fds.map((fd) => fd.opaque)).sort(), ['one', 'two']);
    await assert.rejects(mux.executeWithFds('add-fd', { bogus: 1 }, [file.fd]), {
      code: 'COMMAND_FAILED',
    });
    // The client's connection is still in step after the labelled replies.
    assert.equal(typeof (await client.execute('query-status')).running, 'boolean');
  } finally {
    await file.close();
    await client.close();
  }
});

test('execute answers each caller with its own reply while a client pipelines', async () => {
  const client = await QmpClient.connect(mux.listeners[0]!.address.replace(/^unix:/, ''));
  try {
    const fromClient = Array.from({ length: 40 }, (_, i) =>
      client.execute(i % 2 ? 'query-status' : 'query-name'),
    );
    const inProcess = Array.from({ length: 40 }, (_, i) =>
      mux.execute(i % 2 ? 'query-name' : 'query-status'),
    );
    const clients = await Promise.all(fromClient);
    const own = (await Promise.all(inProcess)) as Record<string, unknown>[];
    assert.deepEqual(
      own.map((reply) => 'running' in reply),
      own.map((_, i) => i % 2 === 0),
    );
    assert.deepEqual(
      clients.map((reply) => 'running' in reply),
      clients.map((_, i) => i % 2 === 1),
    );
    await assert.rejects(mux.execute('no-such-command'), {
      code: 'COMMAND_FAILED',
      errorClass: 'CommandNotFound',
    });
    // Behind 300 commands of its own, 1 ms is not enough.
    const ahead = Array.from({ length: 300 }, () => mux.execute('query-status'));
    await assert.rejects(mux.execute('query-status', undefined, { timeout: 1 }), {
      code: 'TIMEOUT',
    });
    await Promise.all(ahead);
    assert.equal(
      typeof ((await mux.execute('query-status')) as { running: boolean }).running,
      'boolean',
    );
  } finally {
    await client.close();
  }
});

test('QEMU going away fails every waiting in-process command at once', async () => {
  const calls = Array.from({ length: 500 }, () =>
    mux.execute('query-status').then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    ),
  );
  qemu.child.kill('SIGKILL');
  const started = performance.now();
  const outcomes = await Promise.all(calls);
  assert.ok(performance.now() - started < 5_000, 'settled long before the 30 s timeout');
  const lost = outcomes.filter((outcome) => outcome !== 'answered');
  assert.ok(lost.length > 0, 'some commands were still waiting when QEMU died');
  assert.deepEqual(new Set(lost), new Set(['UPSTREAM_LOST']));
  await mux.closed;
  await assert.rejects(mux.execute('query-status'), { code: 'UPSTREAM_LOST' });
});
