/**
 * The daemon's API with a real guest (the demo template): files copied both
 * ways through the agent with progress on the event WebSocket, and a NIC
 * plugged in and out that the guest itself sees come and go.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import type { ApiClient } from '../../src/api-client/client.js';
import { ApiError } from '../../src/api-client/client.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import {
  adminClient,
  agentAnswers,
  eventually,
  inProcessDaemon,
  killQuietly,
  tempDirs,
} from './support/daemon.js';

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let admin: ApiClient;
let pid: number | undefined;

before(async () => {
  await ensureDemoGuest();
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  admin = await adminClient(daemon.url);
  const vm = await admin.defineFromTemplate({ template: 'demo', name: 'g', memoryMiB: 192 });
  assert.equal(vm.spec.memoryMiB, 192);
  assert.ok(vm.spec.kernel && vm.spec.initrd, 'the template boots a kernel');
  pid = (await admin.vmAction('g', 'start')).pid!;
  await agentAnswers(admin, 'g', 90_000);
});

after(async () => {
  await admin?.vmAction('g', 'kill').catch(() => {});
  killQuietly(pid);
  await daemon?.close();
  await dirs?.remove();
});

async function guestShell(line: string): Promise<string> {
  const { pid } = (await admin.agent('g', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', line],
    'capture-output': true,
  })) as { pid: number };
  return eventually(
    async () => {
      const status = (await admin.agent('g', 'guest-exec-status', { pid })) as {
        exited: boolean;
        'out-data'?: string;
      };
      if (!status.exited) return undefined;
      return Buffer.from(status['out-data'] ?? '', 'base64').toString();
    },
    10_000,
    'the guest command',
  );
}

/** Progress messages of one transfer, from the event WebSocket. */
async function watchProgress(transfer: string) {
  const socket = new WebSocket(admin.eventSocketUrl(), { headers: admin.authHeaders() });
  const seen: { phase: string; bytes: number; totalBytes: number | null }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      type: string;
      progress?: { transfer: string; phase: string; bytes: number; totalBytes: number | null };
    };
    if (message.type === 'progress' && message.progress?.transfer === transfer)
      seen.push(message.progress);
  });
  await new Promise((resolve, reject) => {
    socket.once('message', resolve);
    socket.once('error', reject);
  });
  return { seen, close: () => socket.close() };
}

test('files: uploaded into the guest and downloaded back, with progress on the WebSocket', async () => {
  const data = randomBytes(3 * 1024 * 1024 + 123);
  const progress = await watchProgress('up1');
  const result = await admin.uploadFile('g', '/tmp/blob.bin', new Uint8Array(data), {
    transfer: 'up1',
    mode: 0o640,
  });
  assert.deepEqual(result, { transfer: 'up1', bytes: data.length, atomic: true });
  assert.match(
    await guestShell('stat -c "%a %s" /tmp/blob.bin'),
    new RegExp(`^640 ${data.length}`),
  );

  const download = await admin.downloadFile('g', '/tmp/blob.bin', { transfer: 'down1' });
  assert.equal(download.headers.get('content-length'), String(data.length));
  assert.ok(
    Buffer.from(await download.arrayBuffer()).equals(data),
    'the bytes came back unchanged',
  );

  await eventually(
    async () => (progress.seen.at(-1)?.phase === 'done' ? true : undefined),
    5_000,
    'done',
  );
  progress.close();
  const copying = progress.seen.filter((p) => p.phase === 'copying').map((p) => p.bytes);
  assert.ok(copying.length >= 4, `progress: ${JSON.stringify(progress.seen)}`);
  assert.deepEqual(
    copying,
    [...copying].sort((a, b) => a - b),
    'bytes only grow',
  );
  assert.equal(copying.at(-1), data.length);

  const audited = (await admin.audit())
    .filter((entry) => entry.action.startsWith('vm.file.'))
    .map((entry) => [entry.action, (entry.detail as { path: string }).path, entry.result]);
  assert.deepEqual(audited, [
    ['vm.file.upload', '/tmp/blob.bin', 'ok'],
    ['vm.file.download', '/tmp/blob.bin', 'ok'],
  ]);
  const missing = await admin.downloadFile('g', '/no/such/file').then(
    () => assert.fail('a missing file was downloaded'),
    (error: unknown) => error,
  );
  assert.ok(missing instanceof ApiError);
  assert.equal(missing.code, 'FILE_COPY_FAILED');
  const json = await admin
    .request('PUT', `/vms/g/files?path=/tmp/x`, { not: 'a file' })
    .catch((e) => e);
  assert.equal((json as ApiError).status, 400);
});

test('hotplug: a NIC plugged in shows up in the guest, and goes when unplugged', async () => {
  const mac = '52:54:00:ab:cd:ef';
  const macs = async () => {
    const interfaces = (await admin.agent('g', 'guest-network-get-interfaces')) as {
      'hardware-address'?: string;
    }[];
    return interfaces.map((i) => i['hardware-address']);
  };
  assert.ok(!(await macs()).includes(mac));
  await admin.addNic('g', { id: 'lan9', mac });
  await eventually(
    async () => ((await macs()).includes(mac) ? true : undefined),
    30_000,
    'the NIC in the guest',
  );
  await admin.removeNic('g', 'lan9', 20_000);
  await eventually(
    async () => ((await macs()).includes(mac) ? undefined : true),
    10_000,
    'the NIC gone',
  );
  assert.doesNotMatch(await admin.hmp('g', 'info network'), /lan9/);
});

test("metrics: the guest's network counters, from its agent", async () => {
  await daemon.context.metrics.sampleAll();
  const first = (await admin.metrics('g')).latest!;
  assert.equal(typeof first.netTxBytes, 'number', JSON.stringify(first));
  // Whatever the guest sends (a reply or not) counts: bring the card up and ping the gateway.
  await guestShell(
    'ip link set eth0 up; ip addr add 10.0.2.15/24 dev eth0; ping -c 3 -W 1 10.0.2.2; true',
  );
  await daemon.context.metrics.sampleAll();
  const second = (await admin.metrics('g')).latest!;
  assert.ok(second.netTxBytes! > first.netTxBytes!, `${first.netTxBytes} -> ${second.netTxBytes}`);
  assert.ok(second.netTxPackets! >= first.netTxPackets! + 3);
  assert.match(await admin.prometheus(), /qmon_vm_network_sent_bytes_total\{[^}]*name="g"\} \d+/);
});

test('an upload without a mode is 0644 in the guest', async () => {
  await admin.uploadFile('g', '/tmp/plain.txt', 'hello');
  assert.match(await guestShell('stat -c %a /tmp/plain.txt; cat /tmp/plain.txt'), /^644\nhello/);
});
