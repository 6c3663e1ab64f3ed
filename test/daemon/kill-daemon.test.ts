/**
 * kill -9 of the daemon loses nothing: every acknowledged definition is in the
 * database after a restart, and running VMs keep running and are re-attached,
 * not restarted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import { ApiClient, ApiError } from '../../src/api-client/client.js';
import { Store } from '../../src/daemon/store/database.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import {
  adminClient,
  type DaemonProcess,
  daemonProcess,
  eventually,
  killQuietly,
  tempDirs,
} from './support/daemon.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startProcess(stateDir: string, runtimeRoot: string): Promise<DaemonProcess> {
  const daemon = await daemonProcess(stateDir, runtimeRoot);
  cleanups.push(() => killQuietly(daemon.child.pid));
  return daemon;
}

async function kill9(daemon: DaemonProcess): Promise<void> {
  daemon.child.kill('SIGKILL');
  await daemon.exited;
}

/** Field 22 of /proc/PID/stat: the process's start time, which a restart would change. */
function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

test('kill -9 during 1,000 concurrent define and update calls: every acknowledged write is there', async () => {
  const dirs = await tempDirs();
  cleanups.push(() => dirs.remove());
  const first = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const admin = await adminClient(first.url);
  const { token } = await admin.createToken('writer');
  const client = new ApiClient({ baseUrl: first.url, token, timeout: 60_000 });
  await client.defineVm({ spec: { name: 'shared', machine: 'none' } });
  const defined: string[] = [];
  let updates = 0;
  let unanswered = 0;
  const TOTAL = 1000;
  const KILL_AFTER = 300;
  const acknowledged = () => {
    if (defined.length + updates === KILL_AFTER) void kill9(first);
  };
  const calls = Array.from({ length: TOTAL }, (_, i) => {
    const call =
      i % 5 < 3
        ? client.defineVm({ spec: { name: `vm-${i}`, machine: 'none' } }).then(() => {
            defined.push(`vm-${i}`);
          })
        : client
            .updateVm('shared', { spec: { name: 'shared', machine: 'none', cpus: 1 + (i % 7) } })
            .then(() => {
              updates++;
            });
    return call.then(acknowledged, (error: unknown) => {
      if (error instanceof ApiError) throw error; // a refusal would be a bug here
      unanswered++;
    });
  });
  const outcomes = await Promise.allSettled(calls);
  await first.exited;
  assert.deepEqual(
    outcomes.filter((outcome) => outcome.status === 'rejected'),
    [],
  );
  assert.ok(defined.length + updates >= KILL_AFTER, `${defined.length + updates} acknowledged`);
  assert.ok(unanswered > 0, 'the kill came before every call was answered');

  const store = new Store(dirs.stateDir);
  assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
  store.close();
  const second = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const vms = await (await adminClient(second.url)).listVms();
  const names = new Set(vms.map((vm) => vm.name));
  const lost = defined.filter((name) => !names.has(name));
  assert.deepEqual(lost, [], `${lost.length} acknowledged definitions lost`);
  // Each acknowledged update bumped the revision once (unacknowledged ones may have too).
  const shared = vms.find((vm) => vm.name === 'shared')!;
  assert.ok(
    shared.revision >= 1 + updates,
    `revision ${shared.revision}, ${updates} updates acknowledged`,
  );
  await kill9(second);
});

test('kill -9 with VMs running: they keep running, and are re-attached, none restarted', async () => {
  const dirs = await tempDirs();
  cleanups.push(() => dirs.remove());
  const first = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const client = await adminClient(first.url);
  const names = ['a', 'b', 'c'];
  for (const name of names) await client.defineVm({ spec: { name, machine: 'none' } });
  const bulk = await client.bulkAction('start', names);
  assert.ok(
    bulk.results.every((result) => result.ok),
    JSON.stringify(bulk),
  );
  const before = await client.listVms();
  const pids = new Map(before.map((vm) => [vm.name, vm.pid!]));
  for (const pid of pids.values()) cleanups.push(() => killQuietly(pid));
  const started = new Map([...pids].map(([name, pid]) => [name, startTime(pid)]));
  await client.vmAction('b', 'pause');

  await kill9(first);
  for (const [name, pid] of pids) assert.ok(isPidAlive(pid), `${name}'s QEMU died with the daemon`);

  const second = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const again = await adminClient(second.url);
  const after = await again.listVms();
  for (const vm of after) {
    assert.equal(vm.pid, pids.get(vm.name), `${vm.name} has another QEMU`);
    assert.equal(startTime(vm.pid!), started.get(vm.name), `${vm.name} was restarted`);
  }
  // The state comes from QEMU itself: b was paused before the kill.
  assert.deepEqual(Object.fromEntries(after.map((vm) => [vm.name, vm.state])), {
    a: 'running',
    b: 'paused',
    c: 'running',
  });
  assert.deepEqual(await again.qmp('b', 'query-status'), {
    status: 'paused',
    singlestep: false,
    running: false,
  });
  // The monitor is held again: actions and events work as before.
  const last = (await again.events()).at(-1)?.seq ?? 0;
  await again.vmAction('b', 'resume');
  const resumed = await eventually(
    async () => (await again.events({ after: last }, 'b')).find((event) => event.name === 'RESUME'),
    5_000,
    'the RESUME event',
  );
  assert.ok(resumed.qemuTime);
  const stopped = await again.bulkAction('kill', names);
  assert.ok(
    stopped.results.every((result) => result.ok),
    JSON.stringify(stopped),
  );
  for (const pid of pids.values())
    await eventually(async () => (isPidAlive(pid) ? undefined : true), 5_000, 'QEMU gone');
  await kill9(second);
});
