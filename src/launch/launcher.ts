/**
 * Bringing a VM's QEMU up (spawn, wait for QMP with a bound, negotiate) or
 * finding one started earlier (state file, pid check, QMP). Either way the
 * result is a connected QmpClient, the process, and the state record.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { QmpClient } from '../qmp/qmp-client.js';
import { buildQemuArgv } from './argv.js';
import { type DiskFiles, openDiskFiles } from './disk-files.js';
import { inspectImage } from './disk-image.js';
import {
  InvalidSpecError,
  KvmUnusableError,
  QemuStartError,
  VmAlreadyRunningError,
} from './errors.js';
import { probeKvm } from './kvm-probe.js';
import { identityOf } from './process-identity.js';
import { buildEnv, type QemuBuild, qemuBuild } from './qemu-build.js';
import { ChildQemu, type QemuExit, type QemuProcess } from './qemu-process.js';
import {
  type BootFiles,
  openBootFiles,
  type QemuIdentity,
  qemuIdentity,
  shareRuntimeDir,
  spawnIdentity,
} from './qemu-user.js';
import {
  prepareRuntimeDir,
  type RuntimePaths,
  removeLeftovers,
  runtimePaths,
} from './runtime-dir.js';
import { tryLockRuntimeDir } from './runtime-lock.js';
import { type RunningSerialKeeper, startSerialKeeper } from './serial-keeper-process.js';
import { DEFAULT_SERIAL_LOG_MAX_BYTES } from './serial-log.js';
import { type ResolvedSpec, resolveSpec, type VmSpec } from './spec.js';
import { isOurQemu, readStateFile, type VmStateRecord, writeStateFile } from './state-file.js';

export const DEFAULT_QEMU_BINARY = 'qemu-system-x86_64';
export const DEFAULT_START_TIMEOUT_MS = 10_000;
const SOCKET_POLL_MS = 10;
const EXIT_GRACE_MS = 1_000;
/** How much longer than QEMU's start-up the serial keeper waits for QEMU to connect. */
const KEEPER_WAIT_MARGIN_MS = 5_000;

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
  /** Bound of `serial.log` before it is rotated to `serial.log.1` (1 MiB). */
  serialLogMaxBytes?: number;
  /**
   * The user QEMU runs as when qmon runs as root (default `qmon-qemu`); `null`
   * runs it as qmon's own user, unconfined (see docs/confinement.md).
   */
  qemuUser?: string | null;
  /**
   * Connects the launcher's QMP client once QEMU's monitor socket exists
   * (default: straight to it). An owner that keeps a multiplexer on the
   * monitor passes one that starts the multiplexer there and connects through
   * it, so the monitor is never without a client between the start and the
   * hand-over and no event is lost. An error whose code is
   * `CONNECTION_REFUSED` or `TARGET_NOT_FOUND` makes the launcher try again.
   */
  connectMonitor?: (
    qmpSocket: string,
    options: { timeout: number; signal: AbortSignal },
  ) => Promise<QmpClient>;
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
  const logLimit = options.serialLogMaxBytes;
  if (logLimit !== undefined && !(Number.isSafeInteger(logLimit) && logLimit > 0)) {
    throw new InvalidSpecError('serialLogMaxBytes', `expected a positive integer, got ${logLimit}`);
  }
  if (resolved.accel === 'kvm' && !options.trustKvm) {
    const probe = await probeKvm(qemuBinary);
    if (!probe.usable) throw new KvmUnusableError(probe.detail);
  }
  const qemuUser = await qemuIdentity(options.qemuUser);
  if (qemuUser && !qemuBinary.includes('/') && !onPath(qemuBinary)) {
    // Searched as QEMU's user, PATH's private folders would turn ENOENT into EACCES.
    throw new QemuStartError(
      `cannot run ${qemuBinary}: spawn ${qemuBinary} ENOENT`,
      '',
      null,
      null,
    );
  }
  await inspectDisks(resolved);
  await prepareRuntimeDir(paths, qemuUser?.gid);
  // Held for the whole start: a second start of this name fails here and touches nothing.
  const attempt = await tryLockRuntimeDir(paths.dir);
  if (!attempt.acquired) throw await alreadyRunning(resolved.name, paths, attempt.holder);
  try {
    await claimRuntimeDir(resolved.name, paths);
    if (qemuUser) await shareRuntimeDir(paths, qemuUser);
    return await spawnAndConnect(resolved, paths, build, qemuBinary, qemuUser, options);
  } finally {
    await attempt.lock.release();
  }
}

async function spawnAndConnect(
  resolved: ResolvedSpec,
  paths: RuntimePaths,
  build: QemuBuild,
  qemuBinary: string,
  qemuUser: QemuIdentity | undefined,
  options: LaunchOptions,
): Promise<Launched> {
  // Confined, QEMU's user reaches the kernel, initrd and disks only through fds qmon opened.
  const bootFiles: BootFiles | undefined = qemuUser ? await openBootFiles(resolved) : undefined;
  let diskFiles: DiskFiles | undefined;
  const closeFiles = () => Promise.all([bootFiles?.close(), diskFiles?.close()]);
  if (bootFiles) {
    diskFiles = await openDiskFiles(resolved.disks, 3 + bootFiles.fds.length).catch(
      async (error) => {
        await bootFiles.close();
        throw error;
      },
    );
  }
  const argv = [
    ...build.firmwareArgs,
    ...buildQemuArgv(resolved, paths, { ...bootFiles, ...(diskFiles ? { diskFiles } : {}) }),
  ];
  const timeoutMs = options.startTimeout ?? DEFAULT_START_TIMEOUT_MS;
  // O_NOFOLLOW: the folder is writable by QEMU's user, who must not redirect this open.
  const log = await open(
    paths.qemuLog,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o600,
  ).catch(async (error) => {
    await closeFiles();
    throw error;
  });
  let keeper: RunningSerialKeeper | undefined;
  const startedAt = new Date();
  let child: ReturnType<typeof spawn>;
  try {
    if (resolved.serial) {
      keeper = await startSerialKeeper(paths, {
        maxLogBytes: options.serialLogMaxBytes ?? DEFAULT_SERIAL_LOG_MAX_BYTES,
        qemuWaitMs: timeoutMs + KEEPER_WAIT_MARGIN_MS,
        detached: options.detached ?? false,
        stderrFd: log.fd,
      });
    }
    child = spawn(qemuBinary, argv, {
      stdio: ['ignore', log.fd, log.fd, ...(bootFiles?.fds ?? []), ...(diskFiles?.fds ?? [])],
      env: buildEnv(build),
      detached: options.detached ?? false,
      ...spawnIdentity(qemuUser),
    });
  } catch (error) {
    keeper?.kill();
    await removeLeftovers(paths);
    throw error;
  } finally {
    void log.close();
    void closeFiles();
  }
  const spawnError = new Promise<Error>((resolveError) => child.once('error', resolveError));
  const process = new ChildQemu(child);
  const identity = child.pid === undefined ? undefined : identityOf(child.pid);
  if (options.detached) process.release();

  const failure = async (message: string, cause?: unknown): Promise<never> => {
    process.kill('SIGKILL');
    keeper?.kill();
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
  const connecting = connectWhenReady(
    paths,
    Date.now() + timeoutMs,
    stopConnecting.signal,
    options.connectMonitor,
  );
  const outcome = await Promise.race([
    connecting.then(
      (qmp) => ({ kind: 'ready' as const, qmp }),
      (error: unknown) => ({ kind: 'error' as const, error }),
    ),
    process.exited.then((exit) => ({ kind: 'exit' as const, exit })),
    spawnError.then((error) => ({ kind: 'spawn' as const, error })),
  ]);
  if (outcome.kind !== 'ready') {
    stopConnecting.abort();
    void connecting.then(
      (late) => late.close(),
      () => {},
    );
  }
  if (outcome.kind === 'spawn') {
    const who = qemuUser ? ` as ${qemuUser.user}` : '';
    return failure(`cannot run ${qemuBinary}${who}: ${outcome.error.message}`, outcome.error);
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
      ...(identity ? { identity } : {}),
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

/** The error for a start that found the folder locked: running already, or being started. */
async function alreadyRunning(
  name: string,
  paths: RuntimePaths,
  holder: number | undefined,
): Promise<VmAlreadyRunningError> {
  const record = await readStateFile(paths.stateFile).catch(() => undefined);
  if (record && !record.exit && isOurQemu(record))
    return new VmAlreadyRunningError(name, record.pid);
  return new VmAlreadyRunningError(name, holder, true);
}

/** Whether `program` is an executable file in one of PATH's folders. */
function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || '.', program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Inspects every disk image (disk-image.ts) and records its layers in the spec. */
async function inspectDisks(spec: ResolvedSpec): Promise<void> {
  spec.disks = await Promise.all(
    spec.disks.map(async (disk, i) => ({
      ...disk,
      layers: await inspectImage(`disks[${i}]`, disk.path, disk.format, {
        allowedBackingPaths: spec.allowedBackingPaths,
      }),
    })),
  );
}

/** Refuses a folder whose QEMU still runs; clears what a dead one left. Needs the folder's lock. */
async function claimRuntimeDir(name: string, paths: RuntimePaths): Promise<void> {
  if (existsSync(paths.stateFile)) {
    const previous = await readStateFile(paths.stateFile).catch(() => undefined);
    if (previous && !previous.exit && isOurQemu(previous)) {
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
  connect: LaunchOptions['connectMonitor'] = (socket, { timeout }) =>
    QmpClient.connect(socket, { connectTimeout: timeout, greetingTimeout: timeout, signal }),
): Promise<QmpClient> {
  let lastError: unknown;
  while (Date.now() < deadline && !signal.aborted) {
    if (existsSync(paths.qmp)) {
      const remaining = Math.max(1, deadline - Date.now());
      try {
        return await connect(paths.qmp, { timeout: remaining, signal });
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
