/**
 * `state.json` in the runtime folder: enough for another process to find a
 * VM's QEMU, check it is still the same process, and attach to it.
 */
import { readFileSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { VmNotFoundError } from './errors.js';
import { isSameProcess, type ProcessIdentity } from './process-identity.js';
import type { RuntimePaths } from './runtime-dir.js';
import type { ResolvedSpec } from './spec.js';

export interface VmExitRecord {
  code: number | null;
  signal: string | null;
  /** Whether the exit was asked for (shutdown, quit, kill) rather than a crash. */
  expected: boolean;
  at: string;
}

export interface VmStateRecord {
  format: 1;
  name: string;
  spec: ResolvedSpec;
  qemuBinary: string;
  argv: string[];
  pid: number;
  /** Who QEMU is beyond its pid (absent in records of older versions). */
  identity?: ProcessIdentity;
  /** ISO time QEMU was spawned. */
  startedAt: string;
  /** e.g. `7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)`. */
  qemuVersion: string;
  paths: RuntimePaths;
  /**
   * ISO time someone asked this QEMU to go (a kill by signal from another
   * process): whoever supervises it then sees the exit as expected, not a crash.
   */
  stopRequestedAt?: string;
  exit?: VmExitRecord;
}

/** Writes the state atomically (a temporary file, synced, renamed over it), readable only by us. */
export async function writeStateFile(path: string, state: VmStateRecord): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  // 'wx': never through a symlink someone else (QEMU's user) left under that name.
  await rm(temporary, { force: true });
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

export async function readStateFile(path: string): Promise<VmStateRecord> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no state file: no VM was started here' : String(cause);
    throw new VmNotFoundError(path, why);
  }
  const state = JSON.parse(text) as Partial<VmStateRecord>;
  if (state.format !== 1 || typeof state.pid !== 'number' || !state.paths || !state.spec) {
    throw new VmNotFoundError(path, 'not a qmon state file');
  }
  return state as VmStateRecord;
}

/** Whether `pid` is a live process (a zombie counts as dead). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/**
 * Whether the record's QEMU still runs: the same process (pid, start time and
 * boot), not one that got its pid later. Records without an identity (older
 * versions) fall back to QEMU's exact command line, compared byte for byte with
 * the argv it was given, so no escaping is involved either way.
 */
export function isOurQemu(record: VmStateRecord): boolean {
  if (!isPidAlive(record.pid)) return false;
  if (record.identity) return isSameProcess(record.identity);
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`);
    return cmdline.equals(Buffer.from(`${[record.qemuBinary, ...record.argv].join('\0')}\0`));
  } catch {
    return false;
  }
}

/** Whether the state file says someone asked QEMU `pid` to go (see `stopRequestedAt`). */
export async function stopWasRequested(path: string, pid: number): Promise<boolean> {
  const record = await readStateFile(path).catch(() => undefined);
  if (record?.pid !== pid) return false;
  return record.stopRequestedAt !== undefined || record.exit?.expected === true;
}

/** `exited` or `crashed` once the record's QEMU is gone (crashed: nobody asked it to go), else undefined. */
export function endedState(record: VmStateRecord): 'exited' | 'crashed' | undefined {
  if (record.exit) return record.exit.expected ? 'exited' : 'crashed';
  return isOurQemu(record) ? undefined : 'crashed';
}
