/** Removing a stopped or crashed VM's runtime folder: logs, state file and whatever was left. */
import { rm } from 'node:fs/promises';
import { VmAlreadyRunningError, VmStillRunningError } from './errors.js';
import { pathsOf } from './finder.js';
import type { RuntimePaths } from './runtime-dir.js';
import { withRuntimeLock } from './runtime-lock.js';
import { isOurQemu, readStateFile } from './state-file.js';

/**
 * Removes the runtime folder of a VM whose QEMU is gone, under the folder's
 * lock (so never during a start); refuses while QEMU runs, and when the folder
 * holds no qmon state file (VmNotFoundError), so it removes only VM folders.
 */
export async function removeVm(nameOrDir: string, runtimeRoot?: string): Promise<RuntimePaths> {
  const paths = pathsOf(nameOrDir, runtimeRoot);
  const first = await readStateFile(paths.stateFile);
  const outcome = await withRuntimeLock(paths.dir, async () => {
    const record = await readStateFile(paths.stateFile);
    if (!record.exit && isOurQemu(record)) throw new VmStillRunningError(record.name, record.pid);
    await rm(paths.dir, { recursive: true, force: true });
  });
  if (!outcome.done) throw new VmAlreadyRunningError(first.name, outcome.holder, true);
  return paths;
}
