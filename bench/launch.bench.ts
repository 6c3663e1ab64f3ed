// Launching and stopping VMs, and the HMP console of a launched VM: qmon against a raw
// baseline measured in the same run and process; and the cost of confinement.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HmpConsole } from '../src/hmp/index.js';
import { openDiskFiles } from '../src/launch/disk-files.js';
import { type ImageLayer, inspectImage } from '../src/launch/disk-image.js';
import {
  buildQemuArgv,
  qemuIdentity,
  resolveSpec,
  runtimePaths,
  Vm,
  type VmSpec,
} from '../src/launch/index.js';
import { shareRuntimeDir, spawnIdentity } from '../src/launch/qemu-user.js';
import { prepareRuntimeDir } from '../src/launch/runtime-dir.js';
import { median, RawQmp, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const HMP_CALLS = 300;
const SPEC: VmSpec = { name: 'bench', paused: true, memoryMiB: 64 };

/** A raw QMP connection once QEMU listens (its socket file appears at bind(), a moment before). */
async function openWhenListening(path: string): Promise<RawQmp> {
  for (let i = 0; i < 2000; i++) {
    if (existsSync(path)) {
      const qmp = await RawQmp.open(path).catch(() => undefined);
      if (qmp) return qmp;
    }
    await sleep(5);
  }
  throw new Error(`QEMU did not answer on ${path} within 10 s`);
}

/** The same argv Vm.start would use, spawned by hand: poll for the socket, negotiate raw, SIGKILL. */
async function rawCycle(root: string): Promise<{ start: number; stop: number }> {
  const paths = runtimePaths('raw', root);
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.dir, { mode: 0o700 });
  const argv = buildQemuArgv(resolveSpec({ ...SPEC, name: 'raw' }), paths);
  const t0 = performance.now();
  // QEMU's serial port connects to a listener at start-up (qmon's serial keeper).
  const serial = net.createServer().listen(paths.serialQemu);
  await new Promise((resolve) => serial.once('listening', resolve));
  const child = spawn('qemu-system-x86_64', argv, { stdio: 'ignore' });
  const qmp = await openWhenListening(paths.qmp);
  const start = performance.now() - t0;
  const t1 = performance.now();
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  qmp.close();
  serial.close();
  return { start, stop: performance.now() - t1 };
}

/**
 * Spawn to QMP negotiated for a q35 VM with a qcow2 disk, done by hand from
 * the library's parts: `confined` inspects the image (reads its headers),
 * opens its layers for QEMU to inherit (fd sets), opens the runtime folder to
 * QEMU's user, keeps `-sandbox` and spawns as that user; unconfined does none
 * of it (the argv without `-sandbox`).
 */
interface Image {
  path: string;
  allowed: string[];
  layers: ImageLayer[];
}

async function launchCycle(root: string, disk: Image, confined: boolean): Promise<number> {
  const name = confined ? 'confined' : 'plain';
  // Separate roots: an unconfined start refuses a root opened to QEMU's group.
  const paths = runtimePaths(name, join(root, name));
  rmSync(paths.dir, { recursive: true, force: true });
  const t0 = performance.now();
  // No serial port: nothing here runs the serial keeper it would connect to.
  const spec = resolveSpec({
    ...SPEC,
    name,
    serial: false,
    disks: [{ id: 'sys', path: disk.path }],
  });
  const identity = confined ? await qemuIdentity(undefined) : undefined;
  // Unconfined, QEMU follows the header's chain itself: the same nodes, nothing inspected.
  spec.disks[0]!.layers = confined
    ? await inspectImage('disks[0]', disk.path, 'qcow2', { allowedBackingPaths: disk.allowed })
    : disk.layers;
  await prepareRuntimeDir(paths, identity?.gid);
  if (identity) await shareRuntimeDir(paths, identity);
  // Confined, qmon opens the image's layers and QEMU inherits them in fd sets.
  const diskFiles = identity ? await openDiskFiles(spec.disks, 3) : undefined;
  let argv = buildQemuArgv(spec, paths, diskFiles ? { diskFiles } : {});
  if (!confined) argv = argv.filter((arg, i) => arg !== '-sandbox' && argv[i - 1] !== '-sandbox');
  const child = spawn('qemu-system-x86_64', argv, {
    stdio: ['ignore', 'ignore', 'inherit', ...(diskFiles?.fds ?? [])],
    ...spawnIdentity(identity),
  });
  await diskFiles?.close();
  const qmp = await openWhenListening(paths.qmp);
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  qmp.close();
  return ms;
}

async function qmonCycle(root: string): Promise<{ start: number; stop: number }> {
  const t0 = performance.now();
  const vm = await Vm.start(SPEC, { runtimeRoot: root });
  const start = performance.now() - t0;
  const stop = await timed(() => vm.kill());
  return { start, stop };
}

/** HMP without a library: write a line, read until the prompt comes back. */
async function rawHmp(path: string, line: string, calls: number): Promise<number> {
  const socket = net.connect(path);
  let buffered = '';
  let wake: (() => void) | undefined;
  socket.setEncoding('latin1').on('data', (text: string) => {
    buffered += text;
    wake?.();
  });
  const untilPrompt = async () => {
    while (!buffered.endsWith('(qemu) ')) await new Promise<void>((r) => (wake = r));
    buffered = '';
  };
  await untilPrompt();
  const ms = await timed(async () => {
    for (let i = 0; i < calls; i++) {
      socket.write(`${line}\n`);
      await untilPrompt();
    }
  });
  socket.destroy();
  await sleep(20);
  return ms;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'qmon-bench-launch-'));
  try {
    await rawCycle(root);
    await qmonCycle(root);
    const cycles = {
      rawStart: [] as number[],
      rawStop: [] as number[],
      start: [] as number[],
      stop: [] as number[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      const raw = await rawCycle(root);
      const qmon = await qmonCycle(root);
      cycles.rawStart.push(raw.start);
      cycles.rawStop.push(raw.stop);
      cycles.start.push(qmon.start);
      cycles.stop.push(qmon.stop);
    }
    const row = (name: string, raw: number[], qmon: number[]) =>
      console.log(
        `  ${name.padEnd(34)} raw ${median(raw).toFixed(1).padStart(7)} ms   qmon ${median(qmon).toFixed(1).padStart(7)} ms   ratio ${(median(qmon) / median(raw)).toFixed(3)}`,
      );
    console.log(`launch (q35 -S, 64 MiB, TCG; median of ${ROUNDS})`);
    row('spawn to QMP negotiated', cycles.rawStart, cycles.start);
    row('SIGKILL to reaped (+ cleanup)', cycles.rawStop, cycles.stop);

    const vm = await Vm.start(SPEC, { runtimeRoot: root });
    try {
      const hmpRows: [string, string, number][] = [
        ['HMP info status x300', 'info status', HMP_CALLS],
        ['HMP xp /524288xb 0 (3.8 MB) x3', 'xp /524288xb 0', 3],
      ];
      for (const [name, line, calls] of hmpRows) {
        const raw: number[] = [];
        const qmon: number[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          raw.push(await rawHmp(vm.paths.hmp, line, calls));
          const hmp = await HmpConsole.connect(vm.paths.hmp);
          qmon.push(
            await timed(async () => {
              for (let i = 0; i < calls; i++) await hmp.run(line);
            }),
          );
          await hmp.close();
          await sleep(20);
        }
        row(name, raw, qmon);
      }
    } finally {
      await vm.kill();
    }

    const files = mkdtempSync(join(root, 'files-'));
    chmodSync(files, 0o755);
    const base = join(files, 'base.qcow2');
    const overlay = join(files, 'overlay.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', base, '64M']);
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'qcow2', overlay]);
    const identity = await qemuIdentity(undefined);
    if (identity) execFileSync('chown', [`${identity.uid}:${identity.gid}`, base, overlay]);
    const images: [string, Image][] = [
      ['a qcow2', { path: base, allowed: [], layers: [] }],
      ['a qcow2 on an allowed base', { path: overlay, allowed: [base], layers: [] }],
    ];
    const who = identity ? `as ${identity.user}` : 'as ourselves';
    console.log(`confinement (q35 -S, 64 MiB; median of ${ROUNDS * 2}; ${who})`);
    for (const [label, image] of images) {
      image.layers = await inspectImage('disk', image.path, 'qcow2', {
        allowedBackingPaths: image.allowed,
      });
      await launchCycle(root, image, false);
      await launchCycle(root, image, true);
      const plain: number[] = [];
      const confined: number[] = [];
      for (let round = 0; round < ROUNDS * 2; round++) {
        // Alternate which goes first, so drifts in the machine's speed fall on both.
        if (round % 2) {
          confined.push(await launchCycle(root, image, true));
          plain.push(await launchCycle(root, image, false));
        } else {
          plain.push(await launchCycle(root, image, false));
          confined.push(await launchCycle(root, image, true));
        }
      }
      console.log(
        `  ${`spawn to QMP, ${label}`.padEnd(34)} plain ${median(plain).toFixed(1).padStart(6)} ms   confined ${median(confined).toFixed(1).padStart(6)} ms   ratio ${(median(confined) / median(plain)).toFixed(3)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
