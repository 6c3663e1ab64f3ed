/**
 * Bringing a VM's QEMU up (spawn, wait for QMP with a bound, negotiate) or
 * finding one started earlier (state file, pid check, QMP). Either way the
 * result is a connected QmpClient, the process, and the state record.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { QmpClient } from '../qmp/qmp-client.js';
import { buildQemuArgv } from './argv.js';
import {
  KvmUnusableError,
  QemuStartError,
  VmAlreadyRunningError,
  VmNotFoundError,
} from './errors.js';
import { probeKvm } from './kvm-probe.js';
import { buildEnv, type QemuBuild, qemuBuild } from './qemu-build.js';
import { ChildQemu, ForeignQemu, type QemuExit, type QemuProcess } from './qemu-process.js';
import {
  pathsIn,
  prepareRuntimeDir,
  type RuntimePaths,
  removeLeftovers,
  runtimePaths,
} from './runtime-dir.js';
import { resolveSpec, type VmSpec } from './spec.js';
import { isOurQemu, readStateFile, type VmStateRecord, writeStateFile } from './state-file.js';

export const DEFAULT_QEMU_BINARY = 'qemu-system-x86_64';
export const DEFAULT_START_TIMEOUT_MS = 10_000;
const SOCKET_POLL_MS = 10;
const EXIT_GRACE_MS = 1_000;

export interface LaunchOptions {
  /** Folder holding one runtime folder per VM (see runtime-dir.ts for the default). */
  runtimeRoot?: string;
  qemuBinary?: string;
  /** The QEMU build to run (default: `$QMON_QEMU`'s, see qemu-build.ts); `qemuBinary` overrides its binary. */
  qemuBuild?: QemuBuild;
  /** Milliseconds for QEMU to be ready: QMP socket, greeting, negotiation (10 s). */
  startTimeout?: number;
  /** Let QEMU outlive this process: its own process group, not holding Node's event loop open. */
  detached?: boolean;
  /** Use KVM without probing it first. */
  trustKvm?: boolean;
}

export interface FindOptions {
  runtimeRoot?: string;
  /** Milliseconds to connect and get the QMP greeting (5 s). */
  timeout?: number;
}

export interface Launched {
  record: VmStateRecord;
  qmp: QmpClient;
  process: QemuProcess;
}

export async function launch(spec: VmSpec, options: LaunchOptions = {}): Promise<Launched> {
  const resolved = resolveSpec(spec);
  const paths = runtimePaths(resolved.name, options.runtimeRoot);
  const build = options.qemuBuild ?? qemuBuild();
  const qemuBinary = options.qemuBinary ?? build.qemuSystem;
  if (resolved.accel === 'kvm' && !options.trustKvm) {
    const probe = await probeKvm(qemuBinary);
    if (!probe.usable) throw new KvmUnusableError(probe.detail);
  }
  await prepareRuntimeDir(paths);
  await claimRuntimeDir(resolved.name, paths);
  const argv = [...build.firmwareArgs, ...buildQemuArgv(resolved, paths)];

  const log = await open(paths.qemuLog, 'w', 0o600);
  const startedAt = new Date();
  const child = (() => {
    try {
      return spawn(qemuBinary, argv, {
        stdio: ['ignore', log.fd, log.fd],
        env: buildEnv(build),
        detached: options.detached ?? false,
      });
    } finally {
      void log.close();
    }
  })();
  const spawnError = new Promise<Error>((resolveError) => child.once('error', resolveError));
  const process = new ChildQemu(child);
  if (options.detached) process.release();

  const timeoutMs = options.startTimeout ?? DEFAULT_START_TIMEOUT_MS;
  const failure = async (message: string, cause?: unknown): Promise<never> => {
    process.kill('SIGKILL');
    const exit = await Promise.race([process.exited, spawnError.then(() => undefined)]);
    const stderr = await readFile(paths.qemuLog, 'utf8').catch(() => '');
    await removeLeftovers(paths);
    throw new QemuStartError(
      message,
      stderr,
      exit?.code ?? null,
      exit?.signal ?? null,
      cause ? { cause } : undefined,
    );
  };
  const stopConnecting = new AbortController();
  const connecting = connectWhenReady(paths, Date.now() + timeoutMs, stopConnecting.signal);
  const outcome = await Promise.race([
    connecting.then(
      (qmp) => ({ kind: 'ready' as const, qmp }),
      (error: unknown) => ({ kind: 'error' as const, error }),
    ),
    process.exited.then((exit) => ({ kind: 'exit' as const, exit })),
    spawnError.then((error) => ({ kind: 'error' as const, error })),
  ]);
  if (outcome.kind !== 'ready') {
    stopConnecting.abort();
    void connecting.then(
      (late) => late.close(),
      () => {},
    );
  }
  if (outcome.kind === 'exit') {
    return failure(`QEMU exited during start-up (${describeExit(outcome.exit)})`);
  }
  if (outcome.kind === 'error') {
    // A QEMU failing on its options closes the monitor a moment before it exits: prefer the exit.
    const exit = await exitWithin(process, EXIT_GRACE_MS);
    if (exit) return failure(`QEMU exited during start-up (${describeExit(exit)})`);
    const why = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    return failure(`QEMU was not ready within ${timeoutMs} ms: ${why}`, outcome.error);
  }
  const { qmp } = outcome;
  try {
    const version = await qmp.execute('query-version');
    const { major, minor, micro } = version.qemu;
    const record: VmStateRecord = {
      format: 1,
      name: resolved.name,
      spec: resolved,
      qemuBinary,
      argv,
      pid: process.pid,
      startedAt: startedAt.toISOString(),
      qemuVersion: `${major}.${minor}.${micro}${version.package ? ` (${version.package.trim()})` : ''}`,
      paths,
    };
    await writeStateFile(paths.stateFile, record);
    return { record, qmp, process };
  } catch (error) {
    await qmp.close();
    return failure('QEMU did not answer its first commands', error);
  }
}

/** Finds a VM by name (under the runtime root) or by its runtime folder, and connects. */
export async function find(nameOrDir: string, options: FindOptions = {}): Promise<Launched> {
  const paths = nameOrDir.includes('/')
    ? pathsIn(resolve(nameOrDir))
    : runtimePaths(nameOrDir, options.runtimeRoot);
  const record = await readStateFile(paths.stateFile);
  if (record.exit || !isOurQemu(record.pid, paths)) {
    await removeLeftovers(paths);
    throw new VmNotFoundError(paths.dir, `QEMU (pid ${record.pid}) is not running`);
  }
  const timeout = options.timeout ?? 5_000;
  const qmp = await QmpClient.connect(paths.qmp, {
    connectTimeout: timeout,
    greetingTimeout: timeout,
  });
  return { record: { ...record, paths }, qmp, process: new ForeignQemu(record.pid) };
}

/** Refuses a folder whose QEMU still runs; clears what a dead one left. */
async function claimRuntimeDir(name: string, paths: RuntimePaths): Promise<void> {
  if (existsSync(paths.stateFile)) {
    const previous = await readStateFile(paths.stateFile).catch(() => undefined);
    if (previous && !previous.exit && isOurQemu(previous.pid, paths)) {
      throw new VmAlreadyRunningError(name, previous.pid);
    }
  }
  await removeLeftovers(paths);
  await Promise.all(
    [paths.stateFile, paths.serialLog, `${paths.serialLog}.1`].map((file) =>
      rm(file, { force: true }),
    ),
  );
}

/** Waits for the QMP socket, then connects; retries while QEMU has not started listening. */
async function connectWhenReady(
  paths: RuntimePaths,
  deadline: number,
  signal: AbortSignal,
): Promise<QmpClient> {
  let lastError: unknown;
  while (Date.now() < deadline && !signal.aborted) {
    if (existsSync(paths.qmp)) {
      const remaining = Math.max(1, deadline - Date.now());
      try {
        return await QmpClient.connect(paths.qmp, {
          connectTimeout: remaining,
          greetingTimeout: remaining,
          signal,
        });
      } catch (error) {
        lastError = error;
        const code = (error as { code?: string }).code;
        if (code !== 'CONNECTION_REFUSED' && code !== 'TARGET_NOT_FOUND') throw error;
      }
    }
    await sleep(SOCKET_POLL_MS);
  }
  throw lastError ?? new Error(`no QMP socket appeared at ${paths.qmp}`);
}

async function exitWithin(process: QemuProcess, ms: number): Promise<QemuExit | undefined> {
  const stop = new AbortController();
  const exit = await Promise.race([
    process.exited,
    sleep(ms, undefined, { signal: stop.signal }).catch(() => undefined),
  ]);
  stop.abort();
  return exit;
}

export function describeExit(exit: QemuExit): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  return exit.code === null ? 'exit status unknown' : `exit code ${exit.code}`;
}
