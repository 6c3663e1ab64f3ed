/**
 * The daemon with a real guest: agent calls from many clients at once, and a
 * kill -9 of the daemon that the guest, its agent channel and its serial log
 * all outlive.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ApiClient } from '../../src/api-client/client.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { runQmon } from '../support/cli.js';
import {
  adminClient,
  agentAnswers,
  daemonProcess,
  eventually,
  killQuietly,
  tempDirs,
} from './support/daemon.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Runs a shell line in the guest through the agent and waits for it to end. */
async function guestShell(client: ApiClient, line: string): Promise<void> {
  const { pid } = (await client.agent('demo', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', line],
  })) as { pid: number };
  await eventually(
    async () => {
      const status = (await client.agent('demo', 'guest-exec-status', { pid })) as {
        exited: boolean;
      };
      return status.exited ? true : undefined;
    },
    10_000,
    'the guest command',
  );
}

test('the demo guest under the daemon: agent serialised, and kill -9 of the daemon loses nothing', async () => {
  const guest = await ensureDemoGuest();
  const dirs = await tempDirs();
  cleanups.push(() => dirs.remove());
  const first = await daemonProcess(dirs.stateDir, dirs.runtimeRoot);
  cleanups.push(() => killQuietly(first.child.pid));
  const client = await adminClient(first.url);
  await client.defineVm({ spec: demoGuestVmSpec(guest, 'demo') });
  const pid = (await client.vmAction('demo', 'start')).pid!;
  cleanups.push(() => killQuietly(pid));
  await agentAnswers(client, 'demo', 90_000);

  // Twenty callers at once on one agent channel: each gets its own answer.
  const infos = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      i % 2 ? client.agent('demo', 'guest-info') : client.agent('demo', 'guest-get-host-name'),
    ),
  );
  infos.forEach((reply, i) => {
    if (i % 2) assert.ok((reply as { version: string }).version);
    else assert.equal(typeof (reply as { 'host-name': string })['host-name'], 'string');
  });

  // A local agent verb by name shares the daemon's agent client (agent.sock),
  // while API callers use it too; without the proxy the channel is busy.
  const env = { QMON_RUNTIME_DIR: dirs.runtimeRoot };
  const [local] = await Promise.all([
    runQmon(['agent', 'exec', 'demo', '--', '/bin/echo', 'through-the-daemon'], { env }),
    client.agent('demo', 'guest-info'),
  ]);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(local.stdout.trim(), 'through-the-daemon');

  first.child.kill('SIGKILL');
  await first.exited;
  assert.ok(isPidAlive(pid), 'the guest died with the daemon');
  // With the daemon gone its agent.sock only refuses: the verb goes to the agent itself.
  const alone = await runQmon(['agent', 'ping', 'demo'], { env });
  assert.equal(alone.code, 0, alone.stderr);

  const second = await daemonProcess(dirs.stateDir, dirs.runtimeRoot);
  cleanups.push(() => killQuietly(second.child.pid));
  const again = await adminClient(second.url);
  const vm = await again.getVm('demo');
  assert.equal(vm.pid, pid);
  assert.equal(vm.state, 'running');
  // The serial log goes on: the keeper outlived the daemon too.
  const marker = `after-the-kill-${process.pid}`;
  await guestShell(again, `echo ${marker} > /dev/ttyS0`);
  const serialLog = join(dirs.runtimeRoot, 'demo', 'serial.log');
  await eventually(
    async () => ((await readFile(serialLog, 'utf8')).includes(marker) ? true : undefined),
    10_000,
    'the marker in serial.log',
  );
  assert.match(
    await readFile(serialLog, 'utf8'),
    /qmon-guest: agent starting[\s\S]*after-the-kill/,
  );
  await again.vmAction('demo', 'kill');
  assert.equal(isPidAlive(pid), false);
  second.child.kill('SIGKILL');
  await second.exited;
});
