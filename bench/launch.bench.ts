// Launching and stopping VMs, and the HMP console of a launched VM: qmon against a raw
// baseline measured in the same run and process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { HmpConsole } from '../src/hmp/index.js';
import { buildQemuArgv, resolveSpec, runtimePaths, Vm, type VmSpec } from '../src/launch/index.js';
import { median, RawQmp, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const HMP_CALLS = 300;
const SPEC: VmSpec = { name: 'bench', paused: true, memoryMiB: 64 };

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
  for (let i = 0; i < 1000 && !existsSync(paths.qmp); i++) await sleep(10);
  const qmp = await RawQmp.open(paths.qmp);
  const start = performance.now() - t0;
  const t1 = performance.now();
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  qmp.close();
  serial.close();
  return { start, stop: performance.now() - t1 };
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
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
