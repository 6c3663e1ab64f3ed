/**
 * Starting a VM's serial keeper (serial-keeper.ts) before its QEMU: for a
 * detached VM, which outlives this process, as a process of its own beside
 * QEMU (serial-keeper-main.ts); otherwise inside this process, which then
 * keeps the log and consoles for as long as it runs, without holding it open.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { QemuStartError } from './errors.js';
import type { RuntimePaths } from './runtime-dir.js';
import { SerialKeeper } from './serial-keeper.js';

const READY_TIMEOUT_MS = 10_000;

export interface RunningSerialKeeper {
  /** Ends the keeper (when QEMU failed to start). */
  kill(): void;
}

export interface SerialKeeperStartOptions {
  maxLogBytes: number;
  qemuWaitMs: number;
  detached: boolean;
  /** Where a keeper process reports trouble (QEMU's log). */
  stderrFd: number;
}

export async function startSerialKeeper(
  paths: RuntimePaths,
  options: SerialKeeperStartOptions,
): Promise<RunningSerialKeeper> {
  if (options.detached) return spawnSerialKeeper(paths, options);
  const keeper = await SerialKeeper.start({
    qemuSocket: paths.serialQemu,
    consoleSocket: paths.serial,
    log: paths.serialLog,
    maxLogBytes: options.maxLogBytes,
    qemuWaitMs: options.qemuWaitMs,
    unref: true,
  });
  return { kill: () => keeper.close() };
}

/**
 * The keeper's script beside this file; under tsx (tests) the TypeScript source.
 * Written as `../launch/` so it resolves from the CLI bundle (dist/bundle/) too.
 */
function keeperCommand(): string[] {
  const script = fileURLToPath(new URL('../launch/serial-keeper-main.js', import.meta.url));
  if (import.meta.url.endsWith('.ts')) return ['--import', 'tsx', script.replace(/\.js$/, '.ts')];
  return [script];
}

/**
 * Spawns the keeper and resolves once its sockets are bound. It runs in a
 * session of its own, like QEMU, outlives this process and never holds
 * Node's event loop open.
 */
function spawnSerialKeeper(
  paths: RuntimePaths,
  options: SerialKeeperStartOptions,
): Promise<RunningSerialKeeper> {
  const child = spawn(
    process.execPath,
    [...keeperCommand(), paths.dir, String(options.maxLogBytes), String(options.qemuWaitMs)],
    { stdio: ['ignore', 'pipe', options.stderrFd], detached: options.detached },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new QemuStartError(`the serial keeper did not start: ${why}`, '', null, null));
    };
    const timer = setTimeout(
      () => fail(`not ready within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS,
    );
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `status ${code}`})`));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (!output.includes('ready\n')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout!.destroy();
      child.unref();
      resolve(keeperHandle(child));
    });
  });
}

function keeperHandle(child: ChildProcess): RunningSerialKeeper {
  return {
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
