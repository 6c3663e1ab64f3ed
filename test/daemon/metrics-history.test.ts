/** The metrics history survives a restart of the daemon (real QEMU, `-machine none`). */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { Daemon } from '../../src/daemon/daemon.js';
import { adminClient, inProcessDaemon, killQuietly, tempDirs } from './support/daemon.js';

let dirs: Awaited<ReturnType<typeof tempDirs>> | undefined;
let daemon: Daemon | undefined;
let pid: number | undefined;

after(async () => {
  killQuietly(pid);
  await daemon?.close();
  await dirs?.remove();
});

test('a restarted daemon serves the history its predecessor sampled, and goes on from it', async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  let client = await adminClient(daemon.url);
  await client.defineVm({ spec: { name: 'h', machine: 'none' } });
  pid = (await client.vmAction('h', 'start')).pid!;
  await daemon.context.metrics.sampleAll();
  await daemon.context.metrics.sampleAll();
  const before = await client.metrics('h', 'hour');
  const beforeYear = await client.metrics('h', 'year');
  assert.ok(before.points.length >= 1);
  assert.ok(before.points[0]!.values.rssBytes! > 0);
  await daemon.close();

  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  client = await adminClient(daemon.url);
  assert.equal((await client.getVm('h')).pid, pid, 'the VM was re-adopted, not restarted');
  const restored = await client.metrics('h', 'hour');
  assert.equal(restored.latest, null, 'no sample taken by this daemon yet');
  assert.deepEqual(restored.points, before.points);
  assert.deepEqual((await client.metrics('h', 'year')).points, beforeYear.points);

  await daemon.context.metrics.sampleAll();
  const year = (await client.metrics('h', 'year')).points;
  assert.equal(year.length, 1, 'the day in progress goes on from the stored one');
  assert.ok(Math.abs(year[0]!.values.rssBytes! - beforeYear.points[0]!.values.rssBytes!) < 64e6);
  await client.vmAction('h', 'kill');
  await client.undefineVm('h');
  const rows = daemon.context.store.read(
    (db) => db.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number },
  );
  assert.equal(rows.n, 0, 'undefining a VM drops its history');
});
