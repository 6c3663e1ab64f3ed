/**
 * Block jobs on the demo guest's data disk while the guest runs and writes:
 * backups are point-in-time, mirror/commit/stream lose nothing, and failures
 * (cancel, a full target, QEMU killed) are typed and leave no job behind.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  BlockJobCancelledError,
  BlockJobFailedError,
  backup,
  commit,
  DiskNotFoundError,
  findDisk,
  InvalidJobRequestError,
  JobLostError,
  mirror,
  snapshot,
  startBackup,
  stream,
} from '../../src/jobs/index.js';
import { QgaClient } from '../../src/qga/index.js';
import { QmpClient } from '../../src/qmp/index.js';
import { type BootedGuest, bootDemoGuest } from '../support/guest.js';
import { startQemu } from '../support/qemu.js';
import { backingOf, flatten, guestSh, sameContent } from './support.js';

const run = promisify(execFile);
const MiB = 1024 * 1024;
const write = (name: string, mib: number) =>
  `dd if=/dev/urandom of=/mnt/data/${name} bs=64k count=${mib * 16} 2>/dev/null && sync`;

describe('block jobs on a running guest', () => {
  let guest: BootedGuest;
  let qmp: QmpClient;
  let agent: QgaClient;
  let out: string;
  let node = 'data0';

  before(async () => {
    guest = await bootDemoGuest({ dataDisk: { sizeMiB: 32 } });
    await guest.waitForAgent(120_000);
    qmp = await QmpClient.connect(guest.qmpSocket);
    agent = await QgaClient.waitUntilReady(guest.qgaSocket, { timeout: 30_000 });
    out = await mkdtemp(join(tmpdir(), 'qmon-jobs-'));
    await guestSh(agent, write('a', 4));
  });
  after(async () => {
    await agent?.close();
    await qmp?.close();
    await guest?.stop();
    if (out) await rm(out, { recursive: true, force: true });
  });

  const noJobs = async () => assert.deepEqual(await qmp.execute('query-jobs'), []);
  const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.part'));

  it('finds the disk by node name and refuses an unknown one', async () => {
    assert.equal((await findDisk(qmp, 'data0')).file, guest.dataDisk);
    await assert.rejects(findDisk(qmp, 'nope'), DiskNotFoundError);
  });

  it('backs up the disk as it was when the backup started, while the guest writes', async () => {
    await qmp.execute('stop');
    await flatten(guest.dataDisk!, join(out, 'at-start.raw'));
    const running = await startBackup(qmp, [{ disk: 'data0', to: join(out, 'full.qcow2') }], {
      speed: 4 * MiB,
    });
    await qmp.execute('cont');
    await guestSh(agent, write('b', 2));
    assert.equal(running.jobs[0]!.status, 'running', 'the guest wrote while the job ran');
    const [result] = await running.wait({ timeout: 120_000 });
    assert.equal(result!.file, join(out, 'full.qcow2'));
    assert.equal(await sameContent(join(out, 'full.qcow2'), join(out, 'at-start.raw')), true);
    assert.equal(await sameContent(guest.dataDisk!, join(out, 'at-start.raw')), false);
    assert.deepEqual(leftovers(out), []);
    await noJobs();
  });

  it('backs up incrementally on top: the chain reproduces the later state', async () => {
    await guestSh(agent, write('c', 1));
    await qmp.execute('stop');
    await flatten(guest.dataDisk!, join(out, 'later.raw'));
    await backup(
      qmp,
      [{ disk: 'data0', to: join(out, 'inc.qcow2'), base: join(out, 'full.qcow2') }],
      {
        incremental: true,
        timeout: 120_000,
      },
    );
    await qmp.execute('cont');
    assert.equal(await backingOf(join(out, 'inc.qcow2')), join(out, 'full.qcow2'));
    assert.equal(await sameContent(join(out, 'inc.qcow2'), join(out, 'later.raw')), true);
    // The increment holds the 3 MiB written since the full backup, not the 4 MiB before it and
    // the filesystem: smaller than the full one (how much smaller depends on the filesystem).
    assert.ok(statSync(join(out, 'inc.qcow2')).size < statSync(join(out, 'full.qcow2')).size);
    await noJobs();
  });

  it('pauses, resumes and cancels a backup mid-job: typed error, source untouched, no job or file left', async () => {
    await qmp.execute('stop');
    await flatten(guest.dataDisk!, join(out, 'before-cancel.raw'));
    const target = join(out, 'cancelled.qcow2');
    const running = await startBackup(qmp, [{ disk: 'data0', to: target }], { speed: MiB });
    const [job] = running.jobs;
    await job!.pause();
    await job!.waitFor(['paused'], { timeout: 10_000 });
    assert.equal((await job!.progress()).status, 'paused');
    await job!.resume();
    await job!.waitFor(['running'], { timeout: 10_000 });
    await running.cancel();
    await assert.rejects(running.wait({ timeout: 30_000 }), BlockJobCancelledError);
    assert.equal(existsSync(target), false);
    assert.deepEqual(leftovers(out), []);
    assert.equal(await sameContent(guest.dataDisk!, join(out, 'before-cancel.raw')), true);
    await noJobs();
    await qmp.execute('cont');
  });

  it('starts the backup while the guest’s filesystems are frozen, and thaws them', async () => {
    let during: unknown;
    await backup(qmp, [{ disk: 'data0', to: join(out, 'frozen.qcow2') }], {
      freeze: {
        withFrozenFilesystems: (start) =>
          agent.withFrozenFilesystems(async () => {
            during = await agent.execute('guest-fsfreeze-status');
            return start();
          }),
      },
      timeout: 120_000,
    });
    assert.equal(during, 'frozen');
    assert.equal(await agent.execute('guest-fsfreeze-status'), 'thawed');
    assert.ok(existsSync(join(out, 'frozen.qcow2')));
  });

  it('fails on a full target with QEMU’s error, and cleans up', async () => {
    const small = join(out, 'small');
    await mkdir(small);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small]);
    try {
      const error = await backup(qmp, [{ disk: 'data0', to: join(small, 'b.qcow2') }], {
        timeout: 60_000,
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof BlockJobFailedError, String(error));
      assert.match(error.qemuError, /No space left on device/);
      assert.deepEqual(readdirSync(small), []);
      await noJobs();
    } finally {
      await run('umount', [small]);
    }
  });

  it('mirrors the disk and pivots while the guest writes: nothing lost', async () => {
    const writer = guestSh(
      agent,
      'i=0; while [ $i -lt 12 ]; do dd if=/dev/urandom of=/mnt/data/m$i bs=64k count=4 2>/dev/null; sync; i=$((i+1)); done; find /mnt/data -type f | xargs md5sum > /tmp/sums',
    );
    writer.catch(() => {});
    const change = await mirror(qmp, 'data0', join(out, 'mirror.qcow2'), {
      speed: 8 * MiB,
      timeout: 120_000,
    });
    await writer;
    node = change.after;
    assert.equal((await findDisk(qmp, node)).file, join(out, 'mirror.qcow2'));
    await guestSh(agent, 'sync; echo 3 > /proc/sys/vm/drop_caches; md5sum -c -s /tmp/sums');
    await noJobs();
  });

  it('snapshots, then commits back: one image equal to the chain', async () => {
    const overlay = await snapshot(qmp, node, join(out, 'overlay1.qcow2'));
    await guestSh(agent, write('d', 1));
    await qmp.execute('stop');
    await flatten(join(out, 'overlay1.qcow2'), join(out, 'chain1.raw'));
    await qmp.execute('cont');
    const change = await commit(qmp, overlay.after, { timeout: 120_000 });
    assert.equal(change.after, node);
    assert.equal((await findDisk(qmp, node)).file, join(out, 'mirror.qcow2'));
    await qmp.execute('stop'); // flushes QEMU's metadata caches before the host reads the image
    assert.equal(await sameContent(join(out, 'mirror.qcow2'), join(out, 'chain1.raw')), true);
    await qmp.execute('cont');
    await noJobs();
  });

  it('snapshots, then streams: the top image stands alone, equal to the chain', async () => {
    const overlay = await snapshot(qmp, node, join(out, 'overlay2.qcow2'));
    await guestSh(agent, write('e', 1));
    await qmp.execute('stop');
    await flatten(join(out, 'overlay2.qcow2'), join(out, 'chain2.raw'));
    await qmp.execute('cont');
    await stream(qmp, overlay.after, { timeout: 120_000 });
    await qmp.execute('stop');
    assert.equal(await backingOf(join(out, 'overlay2.qcow2')), undefined);
    assert.equal(await sameContent(join(out, 'overlay2.qcow2'), join(out, 'chain2.raw')), true);
    await qmp.execute('cont');
    await guestSh(agent, 'echo 3 > /proc/sys/vm/drop_caches; md5sum -c -s /tmp/sums');
    await noJobs();
  });
});

describe('block jobs on a QEMU without a guest', () => {
  it('fails with JobLostError and removes the unfinished target', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qmon-jobs-kill-'));
    const image = join(dir, 'disk.raw');
    await run('qemu-img', ['create', '-q', '-f', 'raw', image, '16M']);
    const qemu = await startQemu([
      ...['-machine', 'q35', '-nodefaults', '-S'],
      ...['-blockdev', `driver=raw,node-name=d0,file.driver=file,file.filename=${image}`],
      ...['-device', 'virtio-blk-pci,drive=d0,id=vd0'],
    ]);
    const qmp = await QmpClient.connect(qemu.qmp);
    try {
      assert.equal((await findDisk(qmp, 'vd0')).nodeName, 'd0');
      const running = await startBackup(qmp, [{ disk: 'vd0', to: join(dir, 'b.qcow2') }], {
        speed: 1024 * 1024,
      });
      qemu.child.kill('SIGKILL');
      await assert.rejects(running.wait({ timeout: 30_000 }), JobLostError);
      assert.deepEqual(
        readdirSync(dir).filter((name) => name !== 'disk.raw' && !name.endsWith('.sock')),
        [],
      );
    } finally {
      await qmp.close();
      await qemu.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('backs up two disks in one transaction; when one target fills up, neither file is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qmon-jobs-two-'));
    const small = join(dir, 'small');
    const images = [join(dir, 'a.raw'), join(dir, 'b.raw')];
    for (const image of images) {
      await run('dd', ['if=/dev/urandom', `of=${image}`, 'bs=1M', 'count=8', 'status=none']);
    }
    const qemu = await startQemu([
      ...['-machine', 'q35', '-nodefaults', '-S'],
      ...images.flatMap((image, i) => [
        ...['-blockdev', `driver=raw,node-name=n${i},file.driver=file,file.filename=${image}`],
        ...['-device', `virtio-blk-pci,drive=n${i},id=vd${i}`],
      ]),
    ]);
    const qmp = await QmpClient.connect(qemu.qmp);
    await mkdir(small);
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    try {
      const error = await backup(qmp, [
        { disk: 'vd0', to: join(dir, 'a.qcow2') },
        { disk: 'vd1', to: join(small, 'b.qcow2') },
      ]).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof BlockJobFailedError, String(error));
      assert.match(error.qemuError, /No space left on device/);
      assert.equal(existsSync(join(dir, 'a.qcow2')), false, 'the grouped partner is not kept');
      assert.deepEqual(readdirSync(small), []);
      assert.deepEqual(await qmp.execute('query-jobs'), []);
      await assert.rejects(
        backup(qmp, [{ disk: 'vd0', to: join(dir, 'a.qcow2') }], { incremental: true }),
        InvalidJobRequestError,
        'after a failed backup the next one must be full',
      );

      const results = await backup(qmp, [
        { disk: 'vd0', to: join(dir, 'a.qcow2') },
        { disk: 'vd1', to: join(dir, 'b.qcow2') },
      ]);
      assert.deepEqual(
        results.map((result) => result.nodeName),
        ['n0', 'n1'],
      );
      assert.equal(await sameContent(join(dir, 'a.qcow2'), images[0]!), true);
      assert.equal(await sameContent(join(dir, 'b.qcow2'), images[1]!), true);
    } finally {
      await run('umount', [small]);
      await qmp.close();
      await qemu.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
