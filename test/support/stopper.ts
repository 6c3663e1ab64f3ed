import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';

/**
 * A stop function that does its work once however often it is called: SIGTERM,
 * SIGKILL if the child is still there after 3 s, then the child's folder removed.
 */
export function stopOnce(
  child: ChildProcess,
  exited: Promise<unknown>,
  dir: string,
): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const running = () => child.exitCode === null && child.signalCode === null;
  return () => {
    stopping ??= (async () => {
      if (running() && child.pid !== undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
}
