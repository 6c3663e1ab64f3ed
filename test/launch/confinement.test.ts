/**
 * QEMU confined as qmon runs it: untrusted disk images, the seccomp sandbox
 * and (as root) the unprivileged user, against the real QEMU and the demo
 * guest. One guest serves every case; the sandbox case kills it, so it runs last.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, copyFile, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import {
  BackingFileNotAllowedError,
  DEFAULT_QEMU_USER,
  DiskImageError,
  demoGuestVmSpec,
  pngSize,
  qemuIdentity,
  Vm,
} from '../../src/launch/index.js';
import { QgaClient } from '../../src/qga/index.js';
import { runQmon } from '../support/cli.js';
import { makeRuntimeRoot, removeRoot, shareWithQemu } from './support.js';

const run = promisify(execFile);
const asRoot = process.getuid?.() === 0;
const SECRET = Buffer.alloc(1024 * 1024, 'HOST-SECRET-4711;');

/** The first `count` bytes of a guest block device, as hex. */
async function guestBytes(agent: QgaClient, device: string, count: number): Promise<string> {
  const { stdout } = await agent.exec('/bin/sh', [
    '-c',
    `head -c ${count} ${device} | od -An -tx1 -v | tr -d ' \\n'`,
  ]);
  return stdout.trim();
}

describe('QEMU confined: images, sandbox, user', () => {
  let root: string;
  let files: string;
  let secret: string;
  let overlay: string;
  let disguised: string;
  /** Root-only (0600) images: one named in the spec, one hotplugged, one never named. */
  let privateDisk: string;
  let privateHot: string;
  let outside: string;
  let vm: Vm;
  let agent: QgaClient;

  before(async () => {
    root = await makeRuntimeRoot();
    files = await mkdtemp(join(root, 'files-'));
    secret = join(files, 'host-secret.bin');
    await writeFile(secret, SECRET);
    // A qcow2 whose header hands the guest a host file as its backing file.
    overlay = join(files, 'overlay.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', secret, '-F', 'raw', overlay]);
    // A raw image whose first bytes are such a qcow2 header.
    disguised = join(files, 'disguised.img');
    await copyFile(overlay, disguised);
    await shareWithQemu(root, files, disguised);
    // The allowed chain stays root-only: qmon reads its headers and opens its layers itself.
    await chmod(secret, 0o600);
    await chmod(overlay, 0o600);
    privateDisk = join(files, 'private.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', privateDisk, '1M']);
    await chmod(privateDisk, 0o600);
    privateHot = join(files, 'private-hot.img');
    await writeFile(privateHot, Buffer.alloc(1024 * 1024, 'PRIVATE-HOT;'), { mode: 0o600 });
    outside = join(files, 'outside.img');
    await writeFile(outside, SECRET, { mode: 0o600 });
  });

  after(async () => {
    await agent?.close();
    await vm?.kill();
    await removeRoot(root);
  });

  it('refuses a backing file the spec does not allow, naming it', async () => {
    const guest = await ensureDemoGuest();
    await assert.rejects(
      Vm.start(demoGuestVmSpec(guest, 'refused', { disks: [{ path: overlay }] }), {
        runtimeRoot: root,
      }),
      (error) => {
        assert.ok(error instanceof BackingFileNotAllowedError);
        assert.equal(error.code, 'BACKING_FILE_NOT_ALLOWED');
        assert.equal(error.backingFile, secret);
        assert.ok(error.message.includes(secret));
        return true;
      },
    );
    assert.equal(existsSync(join(root, 'refused', 'qmp.sock')), false);
  });

  it('has `qmon vm start` refuse it too, naming the backing file', async () => {
    const spec = join(files, 'spec.json');
    await writeFile(spec, JSON.stringify({ name: 'cli-refused', paused: true }));
    const result = await runQmon(['vm', 'start', spec, '--disk', overlay], {
      env: { QMON_RUNTIME_DIR: root },
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /names the backing file .*host-secret\.bin/);
  });

  it('refuses a qcow2 that names an external data file, even one the spec allows', async () => {
    const withDataFile = join(files, 'data-file.qcow2');
    await run('qemu-img', [
      'create',
      '-q',
      '-f',
      'qcow2',
      '-o',
      `data_file=${secret},data_file_raw=on`,
      withDataFile,
      '1M',
    ]);
    await writeFile(secret, SECRET); // qemu-img create cleared it
    await shareWithQemu(withDataFile);
    await assert.rejects(
      Vm.start(
        {
          name: 'data-file',
          paused: true,
          disks: [{ path: withDataFile }],
          allowedBackingPaths: [files],
        },
        { runtimeRoot: root },
      ),
      (error) => {
        assert.ok(error instanceof DiskImageError);
        assert.match(error.message, /names the external data file .*host-secret\.bin/);
        return true;
      },
    );
  });

  it('boots the demo guest confined, with a disguised raw disk and an allowed chain', async () => {
    const guest = await ensureDemoGuest();
    vm = await Vm.start(
      demoGuestVmSpec(guest, 'confined', {
        vga: 'std',
        disks: [
          { id: 'disguised', path: disguised, format: 'raw' },
          { id: 'layered', path: overlay },
          { id: 'private', path: privateDisk },
        ],
        allowedBackingPaths: [secret],
      }),
      { runtimeRoot: root },
    );
    agent = await QgaClient.waitUntilReady(vm.paths.qga, { timeout: 90_000 });
    assert.match((await agent.execute('guest-info')).version, /^7\.2/);
  });

  it('runs QEMU as the dedicated user', { skip: !asRoot }, async () => {
    const identity = await qemuIdentity(undefined);
    assert.equal(identity?.user, DEFAULT_QEMU_USER);
    const status = readFileSync(`/proc/${vm.pid}/status`, 'utf8');
    const uids = /^Uid:\s+(.*)$/m.exec(status)![1]!.split(/\s+/).map(Number);
    assert.deepEqual(uids, [identity!.uid, identity!.uid, identity!.uid, identity!.uid]);
    assert.match(status, /^Groups:\s*$/m);
  });

  it('hands QEMU a root-only disk named in the spec as fds, and the guest writes it', async () => {
    await agent.exec('/bin/sh', [
      '-c',
      'echo guest-wrote-private | dd of=/dev/vdc conv=fsync 2>/dev/null',
    ]);
    const copy = join(files, 'private-copy.raw');
    await run('qemu-img', ['convert', '-U', '-f', 'qcow2', '-O', 'raw', privateDisk, copy]);
    assert.equal((await readFile(copy)).subarray(0, 19).toString(), 'guest-wrote-private');
    if (!asRoot) return;
    const info = await stat(privateDisk);
    assert.equal(info.uid, 0);
    assert.equal(info.mode & 0o777, 0o600);
    const sets = await vm.qmp.execute('query-fdsets');
    const privateSet = sets.find((set) => set.fds.some((fd) => fd.opaque === privateDisk));
    assert.equal(
      privateSet?.fds.length,
      2,
      'a writable layer gets a read-only and a read-write fd',
    );
  });

  it('keeps files outside the spec closed to QEMU', { skip: !asRoot }, async () => {
    await assert.rejects(
      vm.qmp.executeUntyped('blockdev-add', {
        driver: 'file',
        'node-name': 'outside',
        filename: outside,
      }),
      /Could not open '.*outside\.img': Permission denied/,
    );
    await assert.rejects(
      vm.qmp.hmp(`drive_add 0 if=none,id=outside,format=raw,file=${outside}`),
      /Could not open '.*outside\.img': Permission denied/,
    );
  });

  it('hotplugs a root-only disk through add-fd and removes its fd set', async () => {
    await vm.addDisk({ id: 'hotprivate', path: privateHot, format: 'raw' });
    const deadline = Date.now() + 30_000;
    while ((await agent.exec('/bin/sh', ['-c', 'test -b /dev/vdd'])).exitCode !== 0) {
      assert.ok(Date.now() < deadline, '/dev/vdd did not appear in the guest');
      await sleep(200);
    }
    assert.equal(
      Buffer.from(await guestBytes(agent, '/dev/vdd', 12), 'hex').toString(),
      'PRIVATE-HOT;',
    );
    const opaques = async () =>
      (await vm.qmp.execute('query-fdsets')).flatMap((set) => set.fds.map((fd) => fd.opaque));
    if (asRoot) assert.ok((await opaques()).includes(privateHot));
    await vm.removeDisk('hotprivate');
    assert.ok(!(await opaques()).includes(privateHot));
  });

  it('shows the guest a raw image as raw, header and all', async () => {
    const header = (await readFile(disguised)).subarray(0, 8).toString('hex');
    assert.equal(header.slice(0, 8), '514649fb'); // "QFI\xfb"
    assert.equal(await guestBytes(agent, '/dev/vda', 8), header);
  });

  it('shows the guest the allowed backing data, and writes land in the overlay', async () => {
    assert.equal(await guestBytes(agent, '/dev/vdb', 34), SECRET.subarray(0, 34).toString('hex'));
    await agent.exec('/bin/sh', ['-c', 'echo guest-wrote | dd of=/dev/vdb conv=fsync 2>/dev/null']);
    assert.match(
      Buffer.from(await guestBytes(agent, '/dev/vdb', 11), 'hex').toString(),
      /guest-wrote/,
    );
    assert.deepEqual(await readFile(secret), SECRET);
  });

  it('refuses a hotplugged disk whose backing file is not allowed', async () => {
    const other = join(files, 'other-secret.bin');
    await writeFile(other, 'another host file');
    const hot = join(files, 'hot.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', other, '-F', 'raw', hot, '1M']);
    await shareWithQemu(other, hot);
    await assert.rejects(vm.addDisk({ id: 'hot', path: hot }), (error) => {
      assert.ok(error instanceof BackingFileNotAllowedError);
      assert.equal(error.backingFile, other);
      return true;
    });
    assert.equal((await vm.block()).length, 3);
  });

  it('takes a screenshot and an internal snapshot', async () => {
    const shot = await vm.screendump(join(root, 'confined.png'));
    assert.ok(shot.width > 0 && shot.height > 0);
    assert.deepEqual(pngSize(readFileSync(join(root, 'confined.png'))), {
      width: shot.width,
      height: shot.height,
    });
    await vm.saveSnapshot('confined-1');
    assert.deepEqual(
      (await vm.listSnapshots()).map((snapshot) => snapshot.tag),
      ['confined-1'],
    );
  });

  it('runs no host program for a migrate exec: sent straight to QEMU', async () => {
    const marker = join(files, 'migrate-ran');
    const { qemu } = await vm.qmp.execute('query-version');
    const reply = vm.qmp
      .execute('human-monitor-command', { 'command-line': `migrate -d "exec:touch ${marker}"` })
      .catch((error: unknown) => error);
    if (qemu.major < 10) {
      // QEMU 7.2's filter kills the process on fork: the VM is lost, the host untouched.
      const exit = await vm.exited;
      await reply;
      assert.equal(exit.signal, 'SIGSYS');
      assert.equal(exit.expected, false);
    } else {
      // QEMU 10.0's filter makes fork fail with EPERM: the VM lives on.
      assert.match(String(await reply), /Failed to fork \(Operation not permitted\)/);
      assert.equal(vm.state, 'running');
    }
    assert.equal(existsSync(marker), false);
  });
});
