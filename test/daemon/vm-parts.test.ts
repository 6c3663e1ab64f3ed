/**
 * A VM's parts through the daemon's API, on a real q35 QEMU (paused: no guest
 * needed): disk images made and grown with qemu-img under the state folder,
 * an ISO as a CD-ROM, internal snapshots through QEMU's jobs, and disks and
 * NICs plugged in and out while it runs.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { ApiClient } from '../../src/api-client/client.js';
import type { Daemon } from '../../src/daemon/daemon.js';
import { shareWithQemu } from '../launch/support.js';
import { adminClient, inProcessDaemon, killQuietly, refusal, tempDirs } from './support/daemon.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;
let admin: ApiClient;
let operator: ApiClient;
let vmId: string;
const pids: number[] = [];

before(async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
  admin = await adminClient(daemon.url);
  await admin.createUser('op', 'operator-password', 'operator');
  operator = new ApiClient({ baseUrl: daemon.url });
  await operator.login('op', 'operator-password');
  vmId = (
    await admin.defineVm({
      spec: { name: 'parts', memoryMiB: 64, paused: true, hotplugPorts: 2, vga: 'none' },
    })
  ).id;
});

after(async () => {
  await admin?.vmAction('parts', 'kill').catch(() => {});
  for (const pid of pids) killQuietly(pid);
  await daemon?.close();
  await dirs?.remove();
});

async function blockNodes(): Promise<string[]> {
  const blocks = (await admin.qmp('parts', 'query-block')) as {
    inserted?: { 'node-name'?: string };
  }[];
  return blocks.flatMap((block) =>
    block.inserted?.['node-name'] ? [block.inserted['node-name']] : [],
  );
}

test('disks: created with qemu-img under STATE/disks/VMID, listed in the spec, grown offline', async () => {
  const disk = await admin.createDisk('parts', { name: 'sys', sizeBytes: 64 * MiB });
  assert.equal(disk.path, join(dirs.stateDir, 'disks', vmId, 'sys.qcow2'));
  assert.equal(disk.format, 'qcow2');
  assert.equal(disk.virtualBytes, 64 * MiB);
  assert.equal(disk.inSpec, true);
  assert.deepEqual((await admin.getVm('parts')).spec.disks, [
    { id: 'sys', path: disk.path, format: 'qcow2' },
  ]);
  const { stdout } = await run('qemu-img', ['info', '--output=json', disk.path]);
  assert.equal(JSON.parse(stdout).format, 'qcow2');
  assert.equal((await stat(join(dirs.stateDir, 'disks', vmId))).mode & 0o777, 0o700);

  assert.equal(
    (await refusal(admin.createDisk('parts', { name: 'sys', sizeBytes: MiB }))).code,
    'NAME_TAKEN',
  );
  const badName = await refusal(admin.createDisk('parts', { name: '../x', sizeBytes: MiB }));
  assert.equal(badName.field, 'body.name');
  assert.equal(
    (await refusal(operator.createDisk('parts', { name: 'o', sizeBytes: MiB }))).status,
    403,
  );

  const grown = await admin.resizeDisk('parts', 'sys', 96 * MiB);
  assert.equal(grown.virtualBytes, 96 * MiB);
  const shrink = await refusal(admin.resizeDisk('parts', 'sys', 32 * MiB));
  assert.equal(shrink.status, 400);

  const extra = await admin.createDisk('parts', {
    name: 'extra',
    sizeBytes: 8 * MiB,
    format: 'raw',
    addToSpec: false,
  });
  assert.equal(extra.inSpec, false);
  assert.deepEqual(
    (await admin.listDisks('parts')).map((d) => [d.name, d.format, d.virtualBytes]),
    [
      ['extra', 'raw', 8 * MiB],
      ['sys', 'qcow2', 96 * MiB],
    ],
  );
});

test('an ISO image boots as a CD-ROM (ide-cd), read-only', async () => {
  const iso = join(dirs.stateDir, '..', 'boot.iso');
  await writeFile(iso, Buffer.alloc(2 * MiB));
  await shareWithQemu(iso);
  const vm = await admin.getVm('parts');
  await admin.updateVm('parts', {
    spec: {
      ...vm.spec,
      disks: [...(vm.spec.disks ?? []), { id: 'cd', path: iso, format: 'raw', model: 'ide-cd' }],
    },
  });
  pids.push((await admin.vmAction('parts', 'start')).pid!);
  const blocks = (await admin.qmp('parts', 'query-block')) as {
    qdev?: string;
    removable: boolean;
    inserted?: { 'node-name'?: string; ro: boolean };
  }[];
  const cd = blocks.find((block) => block.inserted?.['node-name'] === 'cd');
  assert.ok(cd, JSON.stringify(blocks));
  assert.equal(cd.removable, true);
  assert.equal(cd.inserted?.ro, true);
});

test('snapshots: saved, listed, reverted and deleted through QEMU jobs, whose events are stored', async () => {
  const saved = await operator.saveSnapshot('parts', 'before "upgrade"');
  assert.equal(saved.tag, 'before "upgrade"');
  assert.ok(saved.vmStateBytes > 0);
  assert.deepEqual(
    (await operator.listSnapshots('parts')).map((s) => s.tag),
    ['before "upgrade"'],
  );
  await operator.revertSnapshot('parts', 'before "upgrade"');
  const missing = await refusal(operator.revertSnapshot('parts', 'no such tag'));
  assert.equal(missing.code, 'JOB_FAILED');
  await operator.saveSnapshot('parts', 'kept');
  await operator.deleteSnapshot('parts', 'before "upgrade"');
  const [kept] = await operator.listSnapshots('parts');
  assert.equal(kept?.tag, 'kept');
  const jobs = (await admin.events({}, 'parts'))
    .filter((event) => event.name === 'JOB_STATUS_CHANGE')
    .map((event) => event.data as { id: string; status: string })
    .filter((data) => data.status === 'concluded')
    .map((data) => data.id.replace(/-[0-9a-f]+$/, ''));
  assert.deepEqual(jobs, [
    'qmon-snapshot-save',
    'qmon-snapshot-load',
    'qmon-snapshot-load',
    'qmon-snapshot-save',
    'qmon-snapshot-delete',
  ]);
  assert.equal(
    (await refusal(new ApiClient({ baseUrl: daemon.url }).listSnapshots('parts'))).status,
    401,
  );
});

test('disks: grown live, plugged in and out of the running VM, deleted only when closed', async () => {
  const grown = await admin.resizeDisk('parts', 'sys', 128 * MiB);
  assert.equal(grown.virtualBytes, 128 * MiB);
  const size = (await admin.qmp('parts', 'query-block')) as {
    inserted?: { 'node-name'?: string; image: { 'virtual-size': number } };
  }[];
  assert.equal(
    size.find((b) => b.inserted?.['node-name'] === 'sys')?.inserted?.image['virtual-size'],
    128 * MiB,
  );

  await operator.attachDisk('parts', 'extra');
  assert.deepEqual(await blockNodes(), ['sys', 'cd', 'extra']);
  // The image reached QEMU as an fd set: the mux passed the descriptor.
  const fdsets = (await admin.qmp('parts', 'query-fdsets')) as { fds: { opaque?: string }[] }[];
  if (process.getuid?.() === 0)
    assert.ok(fdsets.some((set) => set.fds.some((fd) => fd.opaque?.endsWith('/extra.raw'))));
  assert.equal((await refusal(admin.deleteDisk('parts', 'extra'))).code, 'CONFLICT');
  await operator.detachDisk('parts', 'extra');
  assert.deepEqual(await blockNodes(), ['sys', 'cd']);
  assert.equal((await refusal(admin.deleteDisk('parts', 'sys'))).code, 'CONFLICT');
  await admin.deleteDisk('parts', 'extra');
  assert.deepEqual(
    (await admin.listDisks('parts')).map((d) => d.name),
    ['sys'],
  );
  assert.equal((await refusal(operator.attachDisk('parts', 'gone'))).code, 'NOT_FOUND');
});

test('NICs: plugged into a free hotplug port, unplugged on DEVICE_DELETED', async () => {
  const id = await operator.addNic('parts', { id: 'lan2', mac: '52:54:00:12:34:99' });
  assert.equal(id, 'lan2');
  const network = await admin.hmp('parts', 'info network');
  assert.match(network, /lan2:.*model=virtio-net-pci,macaddr=52:54:00:12:34:99/);
  assert.match(network, /lan2-user/);
  await operator.removeNic('parts', 'lan2', 5_000);
  const after = await admin.hmp('parts', 'info network');
  assert.doesNotMatch(after, /lan2/);
  assert.ok(
    (await admin.events({}, 'parts')).some(
      (event) =>
        event.name === 'DEVICE_DELETED' && (event.data as { device?: string }).device === 'lan2',
    ),
  );
  assert.equal((await refusal(operator.removeNic('parts', 'nothing'))).status, 422);
});

test('snapshots of a stopped VM are listed from its image', async () => {
  const running = await admin.listSnapshots('parts');
  await admin.vmAction('parts', 'kill');
  assert.deepEqual(await admin.listSnapshots('parts'), running);
  assert.equal(running.length, 1);
});
