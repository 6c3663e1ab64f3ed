// Backup of a 1 GiB disk through qmon (blockdev-backup on a running QEMU) against
// `qemu-img convert` of the same image to qcow2, measured in the same run; and the
// CPU qmon's own process spends following the job by events and progress polls.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startBackup } from '../src/jobs/index.js';
import { QmpClient } from '../src/qmp/index.js';
import { startQemu, timed } from './support.js';

const run = promisify(execFile);
const GiB = 1024 ** 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
/** A rate-limited run, long enough to show the steady cost of following a job. */
const STEADY_SPEED = 256 << 20;

/** A 1 GiB raw image of incompressible, non-zero data (nothing for either side to skip). */
async function writeImage(path: string): Promise<void> {
  const block = randomBytes(4 << 20);
  const handle = await open(path, 'w');
  for (let offset = 0; offset < GiB; offset += block.length) {
    block.writeUInt32LE(offset >>> 0, 0);
    await handle.write(block, 0, block.length, offset);
  }
  await handle.sync();
  await handle.close();
}

const dir = mkdtempSync(join(tmpdir(), 'qmon-bench-jobs-'));
const image = join(dir, 'disk.raw');
try {
  await writeImage(image);
  await run('cat', [image]).catch(() => {}); // warm the page cache for both sides alike
  const qemu = await startQemu(1, [
    ...['-machine', 'q35', '-S'],
    ...['-blockdev', `driver=raw,node-name=d0,file.driver=file,file.filename=${image}`],
    ...['-device', 'virtio-blk-pci,drive=d0,id=vd0'],
  ]);
  const qmp = await QmpClient.connect(qemu.sockets[0]!);
  const convert: number[] = [];
  const backup: number[] = [];
  const cpu: number[] = [];
  /** Per backup: setup (create, attach, start), the job, the finish (detach, fsync, rename). */
  const phases: [number, number, number][] = [];
  /** `qemu-img convert`, then fsync: qmon's backup ends with its file fsynced too. */
  const timeConvert = async () => {
    const converted = join(dir, 'convert.qcow2');
    convert.push(
      await timed(async () => {
        await run('qemu-img', ['convert', '-U', '-f', 'raw', '-O', 'qcow2', image, converted]);
        const handle = await open(converted, 'r');
        await handle.sync();
        await handle.close();
      }),
    );
    rmSync(converted);
  };
  const timeBackup = async () => {
    const target = join(dir, 'backup.qcow2');
    const started = performance.now();
    const running = await startBackup(qmp, [{ disk: 'vd0', to: target }]);
    // From here until the job ends, qmon does nothing but follow it.
    const jobStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    for await (const _ of running.jobs[0]!.progressUpdates()) {
      // what a CLI progress bar would draw
    }
    const followed = performance.now() - jobStarted;
    const used = process.cpuUsage(cpuBefore);
    await running.wait(); // dismiss, detach the target, fsync and rename it
    backup.push(performance.now() - started);
    phases.push([jobStarted - started, followed, performance.now() - jobStarted - followed]);
    cpu.push((used.user + used.system) / 1000 / followed);
    rmSync(target);
  };
  // One warm-up pair, discarded: the first writes of a 1 GiB file cost more on either side.
  await timeConvert();
  await timeBackup();
  convert.length = 0;
  backup.length = 0;
  cpu.length = 0;
  phases.length = 0;
  // ABBA: each side goes first in half of the rounds, so drifts fall on both alike.
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await timeConvert();
      await timeBackup();
    } else {
      await timeBackup();
      await timeConvert();
    }
  }
  const target = join(dir, 'steady.qcow2');
  const running = await startBackup(qmp, [{ disk: 'vd0', to: target }], { speed: STEADY_SPEED });
  const steadyStart = performance.now();
  const steadyCpu = process.cpuUsage();
  for await (const _ of running.jobs[0]!.progressUpdates()) {
    // as above
  }
  const steadyUsed = process.cpuUsage(steadyCpu);
  const steadyMs = performance.now() - steadyStart;
  await running.wait();
  rmSync(target);
  await qmp.close();
  await qemu.stop();
  const best = (values: number[]) => Math.min(...values);
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const mibs = (ms: number) => (1024 / (ms / 1000)).toFixed(0);
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  console.log(`jobs: backup of a 1 GiB disk, ${ROUNDS} rounds (median; best)`);
  console.log(
    `  qemu-img convert -O qcow2 + fsync  ${median(convert).toFixed(0)} ms  ${mibs(median(convert))} MiB/s; best ${mibs(best(convert))} MiB/s`,
  );
  console.log(
    `  qmon backup (blockdev-backup)      ${median(backup).toFixed(0)} ms  ${mibs(median(backup))} MiB/s; best ${mibs(best(backup))} MiB/s`,
  );
  const phase = (i: number) => median(phases.map((p) => p[i]!)).toFixed(0);
  console.log(
    `  qmon backup phases (median): setup ${phase(0)} ms, job ${phase(1)} ms, finish ${phase(2)} ms`,
  );
  console.log(
    `  throughput qmon / qemu-img: ${(median(convert) / median(backup)).toFixed(2)}x median, ${(best(convert) / best(backup)).toFixed(2)}x best (target >= 0.8x)`,
  );
  console.log(
    `  qmon CPU while following a full-speed job: ${percent(median(cpu))} median, ${percent(Math.max(...cpu))} worst (of one core; target < 1%)`,
  );
  console.log(
    `  qmon CPU while following a ${(steadyMs / 1000).toFixed(1)} s job (rate-limited to ${STEADY_SPEED >> 20} MiB/s): ${percent((steadyUsed.user + steadyUsed.system) / 1000 / steadyMs)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
