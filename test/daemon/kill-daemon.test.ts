/**
 * kill -9 of the daemon loses nothing: every acknowledged definition is in the
 * database after a restart, and 20 running VMs and the demo guest keep running
 * and are re-attached, not restarted, their serial logs going on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ApiClient, ApiError } from '../../src/api-client/client.js';
import { Store } from '../../src/daemon/store/database.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import {
  adminClient,
  agentAnswers,
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

/** Runs a shell line in the guest through the agent and waits for it to end. */
async function guestShell(client: ApiClient, name: string, line: string): Promise<void> {
  const { pid } = (await client.agent(name, 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', line],
  })) as { pid: number };
  await eventually(
    async () => {
      const status = (await client.agent(name, 'guest-exec-status', { pid })) as {
        exited: boolean;
      };
      return status.exited ? true : undefined;
    },
    10_000,
    'the guest command',
  );
}

test('kill -9 with 20 VMs and the demo guest running: all re-attached, none restarted, serial goes on', async () => {
  const guest = await ensureDemoGuest();
  const dirs = await tempDirs();
  cleanups.push(() => dirs.remove());
  const first = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const client = await adminClient(first.url);
  const small = Array.from({ length: 20 }, (_, i) => `vm-${String(i).padStart(2, '0')}`);
  const names = [...small, 'demo'];
  await client.defineVm({ spec: demoGuestVmSpec(guest, 'demo') });
  // on-crash: a VM the new daemon took for crashed would be started again, with another pid.
  const restart = { policy: 'on-crash' as const, backoffMs: 0 };
  // Autostart: vm-00 runs and is re-attached; `auto` does not run and is started.
  for (const name of small)
    await client.defineVm({
      spec: { name, machine: 'none' },
      restart,
      autostart: name === 'vm-00',
    });
  await client.defineVm({ spec: { name: 'auto', machine: 'none' }, autostart: true });
  const bulk = await client.bulkAction('start', names);
  assert.ok(
    bulk.results.every((result) => result.ok),
    JSON.stringify(bulk),
  );
  const before = (await client.listVms()).filter((vm) => vm.name !== 'auto');
  const pids = new Map(before.map((vm) => [vm.name, vm.pid!]));
  for (const pid of pids.values()) cleanups.push(() => killQuietly(pid));
  const started = new Map([...pids].map(([name, pid]) => [name, startTime(pid)]));
  await client.vmAction('vm-01', 'pause');
  // The guest is still booting: its console output goes on while no daemon runs.
  const serialLog = join(dirs.runtimeRoot, 'demo', 'serial.log');
  const bootLog = await readFile(serialLog, 'utf8').catch(() => '');

  await kill9(first);
  for (const [name, pid] of pids) assert.ok(isPidAlive(pid), `${name}'s QEMU died with the daemon`);

  const second = await startProcess(dirs.stateDir, dirs.runtimeRoot);
  const again = await adminClient(second.url);
  const all = await again.listVms();
  const auto = all.find((vm) => vm.name === 'auto')!;
  assert.equal(auto.state, 'running', 'the autostart VM was started');
  cleanups.push(() => killQuietly(auto.pid!));
  const after = all.filter((vm) => vm !== auto);
  assert.equal(after.length, names.length);
  for (const vm of after) {
    assert.equal(vm.pid, pids.get(vm.name), `${vm.name} has another QEMU`);
    assert.equal(startTime(vm.pid!), started.get(vm.name), `${vm.name} was restarted`);
  }
  // The state comes from QEMU itself: vm-01 was paused before the kill.
  const states = Object.fromEntries(after.map((vm) => [vm.name, vm.state]));
  assert.deepEqual(
    states,
    Object.fromEntries(names.map((name) => [name, name === 'vm-01' ? 'paused' : 'running'])),
  );
  assert.deepEqual(await again.qmp('vm-01', 'query-status'), {
    status: 'paused',
    singlestep: false,
    running: false,
  });
  await agentAnswers(again, 'demo', 120_000);
  // The serial log goes on where it was: the keeper outlived the daemon too.
  const marker = `after-the-kill-${process.pid}`;
  await guestShell(again, 'demo', `echo ${marker} > /dev/ttyS0`);
  await eventually(
    async () => ((await readFile(serialLog, 'utf8')).includes(marker) ? true : undefined),
    10_000,
    'the marker in serial.log',
  );
  const log = await readFile(serialLog, 'utf8');
  assert.ok(log.startsWith(bootLog), 'the log was started anew');
  assert.match(log, /qmon-guest: agent starting[\s\S]*after-the-kill/);
  // The monitor is held again: actions and events work as before.
  const last = (await again.events()).at(-1)?.seq ?? 0;
  await again.vmAction('vm-01', 'resume');
  const resumed = await eventually(
    async () =>
      (await again.events({ after: last }, 'vm-01')).find((event) => event.name === 'RESUME'),
    5_000,
    'the RESUME event',
  );
  assert.ok(resumed.qemuTime);
  const restarts = (await again.events({ limit: 1000 })).filter((e) => e.name === 'RESTART');
  assert.deepEqual(restarts, []);
  const stopped = await again.bulkAction('kill', names);
  assert.ok(
    stopped.results.every((result) => result.ok),
    JSON.stringify(stopped),
  );
  for (const pid of pids.values())
    await eventually(async () => (isPidAlive(pid) ? undefined : true), 5_000, 'QEMU gone');
  await kill9(second);
});
