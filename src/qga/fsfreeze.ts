import type { AgentCaller } from './agent-caller.js';
import { FilesystemThawError, QgaCommandError } from './errors.js';

export interface FreezeOptions {
  /** Freeze only these mount points (`guest-fsfreeze-freeze-list`); default: every one. */
  mountpoints?: readonly string[];
  /** Milliseconds for the freeze, and separately for the thaw (the client's default timeout). */
  timeout?: number;
  /** Aborts the freeze; the thaw always runs to completion. */
  signal?: AbortSignal;
}

/**
 * Freezes the guest's filesystems, runs `fn` with the number frozen, and thaws
 * them whether `fn` returns or throws. While frozen, qemu-ga refuses most
 * commands (QgaCommandDisabledError, reason "the agent is in frozen state"), so
 * `fn` normally acts from the host (a QMP snapshot, a backup of the disk image).
 */
export async function withFrozenFilesystems<T>(
  agent: AgentCaller,
  fn: (frozen: number) => Promise<T> | T,
  options: FreezeOptions = {},
): Promise<T> {
  const timeout = options.timeout ?? agent.defaultTimeout;
  const thaw = () => agent.call('guest-fsfreeze-thaw', {}, { timeout });
  let frozen: number;
  try {
    const call = { timeout, ...(options.signal ? { signal: options.signal } : {}) };
    frozen = Number(
      options.mountpoints
        ? await agent.call(
            'guest-fsfreeze-freeze-list',
            { mountpoints: [...options.mountpoints] },
            call,
          )
        : await agent.call('guest-fsfreeze-freeze', {}, call),
    );
  } catch (error) {
    // An agent error means nothing stays frozen (qemu-ga thaws what it froze); after a
    // timeout or abort the freeze may still complete, so thaw to be sure.
    if (!(error instanceof QgaCommandError) && agent.isOpen()) await thaw().catch(() => {});
    throw error;
  }
  let result: T;
  try {
    result = await fn(frozen);
  } catch (error) {
    await thaw().catch((thawError: unknown) => {
      throw new FilesystemThawError(thawError, error);
    });
    throw error;
  }
  await thaw().catch((thawError: unknown) => {
    throw new FilesystemThawError(thawError);
  });
  return result;
}
