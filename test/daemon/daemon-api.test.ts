/**
 * The daemon in this process against real QEMU (`-machine none`): restart
 * policy, the event WebSocket and its Origin check, monitor policies per
 * role, bad input, tickets.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { ApiClient } from '../../src/api-client/client.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { runQmon } from '../support/cli.js';
import {
  adminClient,
  eventually,
  inProcessDaemon,
  killQuietly,
  refusal,
  tempDirs,
} from './support/daemon.js';

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let admin: ApiClient;
const clients: Partial<Record<'operator' | 'viewer', ApiClient>> = {};
const pids: number[] = [];

before(async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  admin = await adminClient(daemon.url);
  for (const role of ['operator', 'viewer'] as const) {
    await admin.createUser(role, `${role}-password`, role);
    const client = new ApiClient({ baseUrl: daemon.url });
    await client.login(role, `${role}-password`);
    clients[role] = client;
  }
  await admin.defineVm({ spec: { name: 'm', machine: 'none' } });
  pids.push((await admin.vmAction('m', 'start')).pid!);
});

after(async () => {
  await admin?.bulkAction('kill', ['m', 'r']).catch(() => {});
  for (const pid of pids) killQuietly(pid);
  await daemon?.close();
  await dirs?.remove();
});

test('a crashed VM is restarted by its policy, with backoff, up to its limit', async () => {
  await admin.defineVm({
    spec: { name: 'r', machine: 'none' },
    restart: { policy: 'on-crash', maxRetries: 1, backoffMs: 100 },
  });
  const first = (await admin.vmAction('r', 'start')).pid!;
  pids.push(first);
  killQuietly(first);
  const second = await eventually(
    async () => {
      const vm = await admin.getVm('r');
      return vm.state === 'running' && vm.pid !== first ? vm.pid! : undefined;
    },
    15_000,
    'the restart',
  );
  pids.push(second);
  killQuietly(second);
  await eventually(
    async () =>
      (await admin.events({}, 'r')).some((event) => event.name === 'RESTART_GAVE_UP')
        ? true
        : undefined,
    15_000,
    'the restart limit',
  );
  const vm = await admin.getVm('r');
  assert.equal(vm.state, 'crashed');
  const names = (await admin.events({}, 'r')).map((event) => event.name);
  assert.equal(names.filter((name) => name === 'RESTART').length, 1);
});

test('a VM stopped on purpose is not restarted', async () => {
  await admin.updateVm('r', { spec: { name: 'r', machine: 'none' }, restart: { maxRetries: 3 } });
  pids.push((await admin.vmAction('r', 'start')).pid!);
  assert.equal((await admin.vmAction('r', 'kill')).state, 'exited');
  pids.push((await admin.vmAction('r', 'start')).pid!);
  // No ACPI on machine none: stop quits at once instead of waiting 30 s for a powerdown.
  const started = Date.now();
  assert.equal((await admin.vmAction('r', 'stop')).state, 'exited');
  assert.ok(Date.now() - started < 10_000, `stop took ${Date.now() - started} ms`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal((await admin.getVm('r')).state, 'exited');
});

test('the WebSocket streams state changes and QMP events live, after a replay', async () => {
  const last = (await admin.events()).at(-1)?.seq ?? 0;
  const socket = new WebSocket(admin.eventSocketUrl(last), { headers: admin.authHeaders() });
  const received: { type: string; event?: { name: string; vmId: string } }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  await eventually(
    async () => (received.some((m) => m.type === 'ready') ? true : undefined),
    5_000,
    'ready',
  );
  await clients.operator!.vmAction('m', 'pause');
  await clients.operator!.vmAction('m', 'resume');
  await eventually(
    async () => (received.some((m) => m.event?.name === 'RESUME') ? true : undefined),
    5_000,
    'RESUME on the socket',
  );
  const names = received.flatMap((m) => (m.event ? [m.event.name] : []));
  assert.ok(names.includes('STOP') && names.includes('STATE'), names.join(' '));
  socket.close();
});

test('a WebSocket from another Origin, or without credentials, is refused', async () => {
  const status = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(admin.eventSocketUrl(), { headers });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('error', () => {});
    });
  assert.equal(await status({ ...admin.authHeaders(), origin: 'http://evil.example' }), 403);
  assert.equal(await status({}), 401);
  assert.equal(await status({ ...admin.authHeaders(), origin: daemon.url }), 101);
});

test('monitor commands are judged by the role: viewer read-only, operator no host access', async () => {
  const viewer = clients.viewer!;
  const operator = clients.operator!;
  assert.deepEqual(await viewer.qmp('m', 'query-status'), {
    status: 'running',
    singlestep: false,
    running: true,
  });
  assert.match(await viewer.hmp('m', 'info status'), /running/);
  for (const call of [viewer.qmp('m', 'stop'), viewer.hmp('m', 'stop'), viewer.hmp('m', 's')]) {
    const error = await refusal(call);
    assert.equal(error.status, 403);
    assert.equal(error.code, 'MONITOR_COMMAND_REFUSED');
  }
  const hostAccess = await refusal(
    operator.qmp('m', 'human-monitor-command', { 'command-line': 'migrate exec:true' }),
  );
  assert.equal(hostAccess.code, 'MONITOR_COMMAND_REFUSED');
  assert.equal((await refusal(operator.qmp('m', 'device_add', { driver: 'e1000' }))).status, 403);
  assert.equal((await refusal(viewer.vmAction('m', 'stop'))).status, 403);
  await operator.qmp('m', 'stop');
  assert.equal((await admin.getVm('m')).state, 'paused');
  await operator.qmp('m', 'cont');
  assert.equal((await refusal(admin.qmp('m', 'quit'))).code, 'MONITOR_COMMAND_REFUSED');
  const qemuError = await refusal(admin.qmp('m', 'no-such-command'));
  assert.equal(qemuError.status, 422);
});

test('bad input gets a 4xx naming the field, and the daemon carries on', async () => {
  const unknown = await refusal(
    admin.defineVm({ spec: { name: 'x', machine: 'none', bogus: 1 } as never }),
  );
  assert.equal(unknown.status, 400);
  assert.equal(unknown.field, 'body.spec.bogus');
  const wrongType = await refusal(admin.defineVm({ spec: { name: 'x', cpus: 'two' } as never }));
  assert.equal(wrongType.field, 'body.spec.cpus');
  const semantic = await refusal(admin.defineVm({ spec: { name: 'x', nics: [{ mac: 'zz' }] } }));
  assert.equal(semantic.code, 'INVALID_SPEC');
  assert.equal(semantic.field, 'body.spec.nics[0].mac');
  assert.equal((await refusal(admin.defineVm({ spec: { name: 'm' } }))).status, 409);
  assert.equal((await refusal(admin.getVm('nothing'))).status, 404);
  assert.equal((await refusal(admin.undefineVm('m'))).status, 409);
  const raw = await fetch(`${daemon.url}/api/v1/vms`, {
    method: 'POST',
    headers: { ...admin.authHeaders(), 'content-type': 'application/json', origin: daemon.url },
    body: '{"spec": {',
  });
  assert.equal(raw.status, 400);
  assert.equal(
    ((await raw.json()) as { error: { code: string } }).error.code,
    'FST_ERR_CTP_INVALID_JSON_BODY',
  );
  assert.equal((await admin.getVm('m')).state, 'running');
});

test('a session cookie does not work from another Origin', async () => {
  const response = await fetch(`${daemon.url}/api/v1/vms/m/pause`, {
    method: 'POST',
    headers: { ...admin.authHeaders(), origin: 'http://evil.example' },
  });
  assert.equal(response.status, 403);
  assert.equal((await admin.getVm('m')).state, 'running');
});

test('stream tickets are single-use and bound to VM and kind', async () => {
  const { id } = await admin.getVm('m');
  const { ticket } = await clients.viewer!.streamTicket('m', 'serial');
  const { tickets } = daemon.context;
  assert.equal(tickets.redeem(ticket, id, 'vnc'), undefined);
  const again = await clients.viewer!.streamTicket('m', 'serial');
  assert.ok(tickets.redeem(again.ticket, id, 'serial'));
  assert.equal(tickets.redeem(again.ticket, id, 'serial'), undefined);
});

test('the audit log records who did what and how it ended; passwords never', async () => {
  const entries = await admin.audit({ limit: 1000 });
  const refused = entries.find(
    (entry) => entry.action === 'vm.qmp' && entry.result === 'MONITOR_COMMAND_REFUSED',
  );
  assert.equal(refused?.user, 'viewer');
  const created = entries.find((entry) => entry.action === 'user.create');
  assert.ok(created, 'user.create is audited');
  assert.equal((created.detail as { password: string }).password, '***');
  assert.ok(!JSON.stringify(entries).includes('operator-password'));
  // Read-only monitor commands change nothing and stay out of the audit; the rest are in it.
  const monitor = entries.filter((entry) => entry.action === 'vm.qmp' || entry.action === 'vm.hmp');
  const commands = monitor.map((entry) => JSON.stringify(entry.detail));
  assert.ok(
    !commands.some((text) => text.includes('query-status') || text.includes('info status')),
    commands.join(),
  );
  assert.ok(
    commands.some((text) => text.includes('"cont"')),
    commands.join(),
  );
  assert.equal((await refusal(clients.operator!.audit())).status, 403);
});

test('metrics: CPU and memory from /proc, disk from QMP, as history and for Prometheus', async () => {
  // Work for QEMU, so that its CPU time is past the kernel's 10 ms tick even on a quiet machine.
  for (let i = 0; i < 10; i++) await admin.qmp('m', 'query-qmp-schema');
  await daemon.context.metrics.sampleAll();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await daemon.context.metrics.sampleAll();
  const metrics = await clients.viewer!.metrics('m');
  const { pid } = await admin.getVm('m');
  const status = await import('node:fs/promises').then((fs) =>
    fs.readFile(`/proc/${pid}/status`, 'utf8'),
  );
  const rss = Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) * 1024;
  assert.ok(metrics.latest, 'a latest sample');
  // Within 20% of what the kernel says now (QEMU's memory moves a little).
  assert.ok(
    Math.abs(metrics.latest.rssBytes! - rss) < rss * 0.2,
    `${metrics.latest.rssBytes} vs ${rss}`,
  );
  assert.ok(metrics.latest.cpuSeconds! > 0);
  assert.equal(metrics.latest.diskReadBytes, 0);
  assert.ok(metrics.points.length >= 1);
  const text = await clients.viewer!.prometheus();
  assert.match(text, /^qmon_vm_memory_rss_bytes\{id="[0-9a-f-]{36}",name="m"\} \d+$/m);
  assert.match(text, /^qmon_vm_up\{id="[^"]+",name="m"\} 1$/m);
  assert.match(text, /^# TYPE qmon_vm_cpu_seconds_total counter$/m);
});

test('local qmon verbs by VM name go through the monitor the daemon holds', async () => {
  const env = { QMON_RUNTIME_DIR: dirs.runtimeRoot };
  const status = await runQmon(['exec', 'm', 'query-status', '--return-value'], { env });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).status, 'running');
  const pause = await runQmon(['vm', 'pause', 'm'], { env });
  assert.equal(pause.code, 0, pause.stderr);
  // The daemon sees what the verb did, from QEMU's own event.
  await eventually(
    async () => ((await admin.getVm('m')).state === 'paused' ? true : undefined),
    5_000,
    'paused',
  );
  await admin.vmAction('m', 'resume');
});

test('password guessing is throttled per user name, the right password included', async () => {
  await admin.createUser('guessed', 'the-right-password', 'viewer');
  const client = new ApiClient({ baseUrl: daemon.url });
  for (let i = 0; i < 5; i++)
    assert.equal((await refusal(client.login('guessed', `wrong-${i}`))).status, 401);
  const throttled = await refusal(client.login('guessed', 'the-right-password'));
  assert.equal(throttled.status, 429);
  assert.equal(throttled.code, 'TOO_MANY_ATTEMPTS');
  // Other users are not locked out.
  assert.equal(
    (await new ApiClient({ baseUrl: daemon.url }).login('viewer', 'viewer-password')).user.name,
    'viewer',
  );
});
