/**
 * The lock of a VM's runtime folder: held while a VM starts and while a
 * folder is cleaned, so two `vm start` of one name cannot both launch, and a
 * clean-up cannot delete the sockets of a start in progress.
 *
 * It is a real flock(2) on `lock` in the folder, so it dies with the process
 * that holds it, however that process ends: no stale lock to detect. Node has
 * no flock, so util-linux's `flock` takes it on our open file description
 * (fd 3 in the child, the same description as ours) and exits; the lock stays
 * with the description until we close it. Node opens files close-on-exec, so
 * QEMU does not inherit it.
 */
import { spawn } from 'node:child_process';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeDirError } from './errors.js';

/** flock(1)'s exit code when the lock is held elsewhere (EX_TEMPFAIL). */
const HELD = 75;

export interface RuntimeLock {
  release(): Promise<void>;
}

export type LockAttempt =
  | { acquired: true; lock: RuntimeLock }
  /** `holder` is the pid the holder wrote into the lock file, when readable. */
  | { acquired: false; holder: number | undefined };

export function lockPath(dir: string): string {
  return join(dir, 'lock');
}

/** Tries once to lock the runtime folder `dir` (which must exist); never waits for a holder. */
export async function tryLockRuntimeDir(dir: string): Promise<LockAttempt> {
  const path = lockPath(dir);
  const handle = await open(path, 'a+', 0o600);
  let code: number;
  try {
    code = await runFlock(handle, path);
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (code === 0) {
    await handle.truncate(0);
    await handle.write(`${process.pid}\n`, 0);
    return { acquired: true, lock: { release: () => handle.close() } };
  }
  const text = await handle.readFile('utf8').catch(() => '');
  await handle.close();
  if (code !== HELD) throw new RuntimeDirError(path, `flock exited with status ${code}`);
  const holder = Number.parseInt(text, 10);
  return { acquired: false, holder: Number.isInteger(holder) && holder > 0 ? holder : undefined };
}

/** Runs `work` holding the folder's lock; returns undefined (without running it) when another holds it. */
export async function withRuntimeLock<T>(
  dir: string,
  work: () => Promise<T>,
): Promise<{ done: true; value: T } | { done: false; holder: number | undefined }> {
  const attempt = await tryLockRuntimeDir(dir);
  if (!attempt.acquired) return { done: false, holder: attempt.holder };
  try {
    return { done: true, value: await work() };
  } finally {
    await attempt.lock.release();
  }
}

function runFlock(handle: FileHandle, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'flock',
      ['--exclusive', '--nonblock', '--conflict-exit-code', String(HELD), '3'],
      { stdio: ['ignore', 'ignore', 'pipe', handle.fd] },
    );
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', (error) =>
      reject(
        new RuntimeDirError(
          path,
          `cannot run flock(1) from util-linux to lock it: ${error.message}`,
        ),
      ),
    );
    child.once('close', (code) => {
      if (code === 0 || code === HELD) resolve(code);
      else reject(new RuntimeDirError(path, `flock failed: ${stderr.trim() || `status ${code}`}`));
    });
  });
}
