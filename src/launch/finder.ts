/**
 * Finding a VM started earlier: its state file, whether its QEMU still runs
 * (by process identity, see process-identity.ts), and a QMP connection to it,
 * through the VM's `qmon mux` when one runs, else on QEMU's own monitor.
 */
import { resolve } from 'node:path';
import { NoGreetingError } from '../qmp/errors.js';
import { QmpClient } from '../qmp/qmp-client.js';
import { ChannelBusyError, VmNotFoundError } from './errors.js';
import type { Launched } from './launcher.js';
import { ForeignQemu } from './qemu-process.js';
import { pathsIn, type RuntimePaths, removeLeftovers, runtimePaths } from './runtime-dir.js';
import { withRuntimeLock } from './runtime-lock.js';
import { socketHasClient } from './socket-clients.js';
import {
  isOurQemu,
  readStateFile,
  type VmExitRecord,
  type VmStateRecord,
  writeStateFile,
} from './state-file.js';

export interface FindOptions {
  runtimeRoot?: string;
  /** Milliseconds to connect and get the QMP greeting (5 s). */
  timeout?: number;
}

export interface Located {
  paths: RuntimePaths;
  record: VmStateRecord;
}

/** The runtime paths of a VM name (under the runtime root) or of a runtime folder. */
export function pathsOf(nameOrDir: string, runtimeRoot?: string): RuntimePaths {
  return nameOrDir.includes('/')
    ? pathsIn(resolve(nameOrDir))
    : runtimePaths(nameOrDir, runtimeRoot);
}

/** Reads a VM's state file; VmNotFoundError when there is none. */
export async function locate(nameOrDir: string, runtimeRoot?: string): Promise<Located> {
  const paths = pathsOf(nameOrDir, runtimeRoot);
  return { paths, record: await readStateFile(paths.stateFile) };
}

/** A located VM whose QEMU runs; else its leftovers are cleared and VmNotFoundError thrown. */
export async function locateRunning(nameOrDir: string, runtimeRoot?: string): Promise<Located> {
  const located = await locate(nameOrDir, runtimeRoot);
  if (located.record.exit || !isOurQemu(located.record)) {
    await clearIfDead(located.paths);
    throw new VmNotFoundError(located.paths.dir, `QEMU (pid ${located.record.pid}) is not running`);
  }
  return located;
}

/** Finds a VM by name or runtime folder, and connects to its monitor. */
export async function find(nameOrDir: string, options: FindOptions = {}): Promise<Launched> {
  const { paths, record } = await locateRunning(nameOrDir, options.runtimeRoot);
  const qmp = await connectMonitor(paths, options.timeout ?? 5_000);
  const process = new ForeignQemu(record.pid, () => isOurQemu(record));
  return { record: { ...record, paths }, qmp, process };
}

/**
 * QMP to a running VM: through its mux when one has registered `mux.sock`
 * (a refused connection means that mux is gone), else QEMU's own monitor,
 * where a greeting that never comes while another client is connected is a
 * ChannelBusyError rather than a bare timeout.
 */
export async function connectMonitor(paths: RuntimePaths, timeout: number): Promise<QmpClient> {
  const options = { connectTimeout: timeout, greetingTimeout: timeout };
  try {
    return await QmpClient.connect(paths.mux, options);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'CONNECTION_REFUSED' && code !== 'TARGET_NOT_FOUND') throw error;
  }
  try {
    return await QmpClient.connect(paths.qmp, options);
  } catch (error) {
    if (error instanceof NoGreetingError && socketHasClient(paths.qmp)) {
      throw new ChannelBusyError('monitor', paths.qmp, { cause: error });
    }
    throw error;
  }
}

/**
 * Notes in the state file that QEMU is about to be stopped by signal, before
 * the signal goes, so a supervisor in another process (the daemon) sees the
 * exit as asked for rather than as a crash to restart.
 */
export async function markStopRequested(paths: RuntimePaths, pid: number): Promise<void> {
  // No folder lock: while QEMU lives nobody else rewrites its state file (a
  // start of the name is refused, and clean-ups write only once it is dead),
  // and the write itself is atomic.
  const record = await readStateFile(paths.stateFile).catch(() => undefined);
  if (!record || record.pid !== pid || record.exit || !isOurQemu(record)) return;
  await writeStateFile(paths.stateFile, { ...record, stopRequestedAt: new Date().toISOString() });
}

/**
 * Removes what a dead QEMU left in its folder, under the folder's lock and
 * after looking again, so a start in progress is never disturbed; with `exit`,
 * also records how it ended in a state file that does not say so yet.
 */
export async function clearIfDead(paths: RuntimePaths, exit?: VmExitRecord): Promise<void> {
  await withRuntimeLock(paths.dir, async () => {
    const record = await readStateFile(paths.stateFile).catch(() => undefined);
    if (record && !record.exit && isOurQemu(record)) return;
    await removeLeftovers(paths);
    if (record && !record.exit && exit) await writeStateFile(paths.stateFile, { ...record, exit });
  }).catch(() => {});
}
