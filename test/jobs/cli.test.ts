/**
 * The job verbs by VM name, as users run them: backup, disk operations, jobs,
 * save/restore and migrate of the demo guest with a qcow2 disk.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { runQmon } from '../support/cli.js';
import {
  makeCliRuntimeRoot,
  removeCliRuntimeRoot,
  spawnQmonIn,
  waitUntil,
} from '../support/cli-vms.js';
import { sameContent } from './support.js';

const run = promisify(execFile);

describe('qmon vm backup, disk, jobs, save, restore, migrate', { timeout: 300_000 }, () => {
  let root: string;
  let dir: string;
  const qmon = (...args: string[]) =>
    runQmon(args, { env: { QMON_RUNTIME_DIR: root }, timeoutMs: 120_000 });

  before(async () => {
    await ensureDemoGuest();
    root = await makeCliRuntimeRoot();
    dir = await mkdtemp(join(tmpdir(), 'qmon-cli-jobs-'));
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', join(dir, 'disk0.qcow2'), '16M']);
    const started = await qmon(
      ...['vm', 'start', '--demo', '--name', 'j0', '--disk', join(dir, 'disk0.qcow2')],
      ...['--wait-agent', '120'],
    );
    assert.equal(started.code, 0, started.stderr);
  });
  after(async () => {
    await removeCliRuntimeRoot(root);
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up a disk by its device id, printing JSON lines', async () => {
    const result = await qmon(
      'vm',
      'backup',
      'j0',
      '--disk',
      'disk0',
      '--to',
      join(dir, 'full.qcow2'),
      '--json',
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(lines.at(-1).result.file, join(dir, 'full.qcow2'));
    assert.ok(lines.slice(0, -1).every((line) => line.progress.type === 'backup'));
    assert.equal(await sameContent(join(dir, 'full.qcow2'), join(dir, 'disk0.qcow2')), true);
    const jobs = await qmon('vm', 'jobs', 'j0', '--json');
    assert.deepEqual(JSON.parse(jobs.stdout), []);
  });

  it('says clearly when the disk does not exist', async () => {
    const result = await qmon('vm', 'backup', 'j0', '--disk', 'nope', '--to', join(dir, 'x.qcow2'));
    assert.equal(result.code, 125);
    assert.match(result.stderr, /^qmon: no disk "nope" in this VM \(disks: disk0\)/);
    assert.equal(existsSync(join(dir, 'x.qcow2')), false);
  });

  it('resizes, snapshots, commits and mirrors the disk', async () => {
    assert.equal((await qmon('vm', 'disk', 'resize', 'j0', 'disk0', '32M')).code, 0);
    const overlay = await qmon('vm', 'disk', 'snapshot', 'j0', 'disk0', join(dir, 'ov.qcow2'));
    assert.equal(overlay.code, 0, overlay.stderr);
    const commit = await qmon('vm', 'disk', 'commit', 'j0', 'disk0');
    assert.equal(commit.code, 0, commit.stderr);
    const mirror = await qmon(
      'vm',
      'disk',
      'mirror',
      'j0',
      'disk0',
      join(dir, 'm.qcow2'),
      '--json',
    );
    assert.equal(mirror.code, 0, mirror.stderr);
    const block = await qmon('exec', 'j0', 'query-block', '--return-value');
    const disk = JSON.parse(block.stdout).find((b: { qdev: string }) => b.qdev.includes('disk0'));
    // A confined QEMU got the new image as an fd set, whose opaque names the file.
    const confined = process.getuid?.() === 0;
    assert.match(disk.inserted.file, confined ? /^\/dev\/fdset\/\d+$/ : /m\.qcow2$/);
    const sets = JSON.parse((await qmon('exec', 'j0', 'query-fdsets', '--return-value')).stdout);
    const opaques = sets.flatMap((set: { fds: { opaque?: string }[] }) =>
      set.fds.map((fd) => fd.opaque),
    );
    if (confined) assert.ok(opaques.includes(join(dir, 'm.qcow2')), JSON.stringify(sets));
    assert.equal(disk.inserted.image['virtual-size'], 32 * 1024 * 1024);
  });

  it('saves the VM and restores it: the agent answers', async () => {
    const saved = await qmon('vm', 'save', 'j0', join(dir, 'state'));
    assert.equal(saved.code, 0, saved.stderr);
    const spec = JSON.parse(await readFile(join(dir, 'state.vm.json'), 'utf8'));
    assert.equal(spec.disks[0].path, join(dir, 'm.qcow2'), 'the disk the VM runs on now');
    const restored = await qmon('vm', 'restore', join(dir, 'state'), '--name', 'j1');
    assert.equal(restored.code, 0, restored.stderr);
    assert.equal((await qmon('agent', 'ping', 'j1')).code, 0);
  });

  it('migrates to a new VM over a unix socket in its folder: the agent answers there', async () => {
    const migrated = await qmon('vm', 'migrate', 'j1', '--start', 'j2');
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /downtime \d+ ms/);
    assert.equal((await qmon('agent', 'ping', 'j2')).code, 0);
  });

  /** A job verb on j2 running slowly in the background, once it printed progress. */
  async function slowJob(args: string[]) {
    const child = spawnQmonIn(root, [...args, '--speed', '64K', '--json']);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitUntil('backup progress', () => stdout.includes('"progress"'), 60_000);
    return { child, closed, stderr: () => stderr };
  }

  it('Ctrl-C cancels a running backup: no job, no file left', async () => {
    const target = join(dir, 'interrupted.qcow2');
    const backup = await slowJob(['vm', 'backup', 'j2', '--disk', 'disk0', '--to', target]);
    backup.child.kill('SIGINT');
    assert.equal(await backup.closed, 125);
    assert.match(backup.stderr(), /backup job \S+ was cancelled/);
    assert.equal(existsSync(target), false);
    assert.deepEqual(JSON.parse((await qmon('vm', 'jobs', 'j2', '--json')).stdout), []);
  });

  it('through a mux, vm jobs lists a running stream and vm job pauses and cancels it', async () => {
    // A chain with 8 MiB to stream, made before the mux holds the monitor.
    const wrote = await qmon('exec', 'j2', '--hmp', 'qemu-io disk0 "write -P 0xab 0 8M"');
    assert.equal(wrote.code, 0, wrote.stderr);
    const overlay = join(dir, 'ov2.qcow2');
    const snapshot = await qmon('vm', 'disk', 'snapshot', 'j2', 'disk0', overlay);
    assert.equal(snapshot.code, 0, snapshot.stderr);
    const mux = spawnQmonIn(root, ['mux', 'j2', '--listen', `unix:${join(dir, 'shared.sock')}`]);
    const muxClosed = new Promise((resolve) => mux.on('close', resolve));
    try {
      await waitUntil('mux.sock', () => existsSync(join(root, 'j2', 'mux.sock')), 30_000);
      if (process.getuid?.() === 0) {
        // A mux does not forward file descriptors, which a confined QEMU needs for a new image.
        const refused = await qmon('vm', 'backup', 'j2', '--disk', 'disk0', '--to', join(dir, 'x'));
        assert.notEqual(refused.code, 0);
        assert.match(refused.stderr, /SCM_RIGHTS|file descriptor/i);
        assert.equal(existsSync(join(dir, 'x')), false);
      }
      const stream = await slowJob(['vm', 'disk', 'stream', 'j2', 'disk0']);
      const listed = JSON.parse((await qmon('vm', 'jobs', 'j2', '--json')).stdout);
      assert.equal(listed.length, 1);
      assert.equal(listed[0].type, 'stream');
      const paused = await qmon('vm', 'job', 'pause', 'j2', listed[0].id);
      assert.equal(paused.code, 0, paused.stderr);
      const cancelled = await qmon('vm', 'job', 'cancel', 'j2', listed[0].id);
      assert.equal(cancelled.code, 0, cancelled.stderr);
      assert.equal(await stream.closed, 125);
      assert.match(stream.stderr(), /stream job \S+ (failed|was cancelled)/);
      assert.deepEqual(JSON.parse((await qmon('vm', 'jobs', 'j2', '--json')).stdout), []);
    } finally {
      mux.kill('SIGTERM');
      await muxClosed;
    }
  });
});
