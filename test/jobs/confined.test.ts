/**
 * Block jobs on a confined QEMU (qmon as root, QEMU as its own user): the new
 * images reach QEMU as fd sets, which go away with their nodes, and the disk's
 * real file is known behind `/dev/fdset/S`. The images lie in a root-only
 * folder, so QEMU's user could not open any of them by path. The VM runs:
 * QEMU frees a removed fd set only while it does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BlockJobFailedError, backup, findDisk, snapshot } from '../../src/jobs/index.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec, Vm } from '../../src/launch/index.js';
import { makeRuntimeRoot, removeRoot } from '../launch/support.js';
import { backingOf, sameContent } from './support.js';

const run = promisify(execFile);

describe('block jobs on a confined QEMU', {
  skip: process.getuid?.() !== 0 && 'needs root',
}, () => {
  let root: string;
  let dir: string;
  let image: string;
  let vm: Vm;
  const opaques = async () =>
    new Set(
      (await vm.qmp.execute('query-fdsets')).flatMap((set) => set.fds.map((fd) => fd.opaque)),
    );

  before(async () => {
    root = await makeRuntimeRoot();
    dir = await mkdtemp(join(tmpdir(), 'qmon-jobs-confined-'));
    image = join(dir, 'disk.raw');
    await run('dd', ['if=/dev/urandom', `of=${image}`, 'bs=1M', 'count=4', 'status=none']);
    const guest = await ensureDemoGuest();
    vm = await Vm.start(
      demoGuestVmSpec(guest, 'jobs-confined', {
        disks: [{ id: 'd0', path: image, format: 'raw' }],
      }),
      { runtimeRoot: root },
    );
  });
  after(async () => {
    await vm?.kill().catch(() => {});
    if (root) await removeRoot(root);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('backs up through an fd set and removes it with the target node', async () => {
    const disk = await findDisk(vm.qmp, 'd0');
    assert.equal(disk.file, image, 'the real path behind /dev/fdset/S');
    assert.equal(typeof disk.fdSet, 'number');
    await backup(vm.qmp, [{ disk: 'd0', to: join(dir, 'b.qcow2') }], { timeout: 60_000 });
    assert.equal(await sameContent(join(dir, 'b.qcow2'), image), true);
    assert.deepEqual([...(await opaques())], [image]);
  });

  it('a failed backup leaves no file and no fd set', async () => {
    const small = join(dir, 'small');
    await mkdir(small);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    try {
      await assert.rejects(
        backup(vm.qmp, [{ disk: 'd0', to: join(small, 'x.qcow2') }], { timeout: 60_000 }),
        BlockJobFailedError,
      );
      assert.deepEqual(readdirSync(small), []);
      assert.deepEqual([...(await opaques())], [image]);
    } finally {
      await run('umount', [small]);
    }
  });

  it('snapshots onto an overlay in an fd set that records the real backing file', async () => {
    const overlay = join(dir, 'ov.qcow2');
    await snapshot(vm.qmp, 'd0', overlay);
    assert.equal(await backingOf(overlay), image);
    const disk = await findDisk(vm.qmp, 'd0');
    assert.equal(disk.file, overlay);
    assert.match((await vm.qmp.execute('query-block'))[0]!.inserted!.file, /fdset|json:/);
    assert.ok((await opaques()).has(overlay));
    assert.ok(existsSync(overlay));
  });
});
