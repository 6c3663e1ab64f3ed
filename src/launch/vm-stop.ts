import { setTimeout as sleep } from 'node:timers/promises';
import type { QmpClient } from '../qmp/qmp-client.js';
import { CommandAbortedError } from '../session/errors.js';
import { VmTimeoutError } from './errors.js';
import type { QemuProcess } from './qemu-process.js';

export interface ShutdownOptions {
  /** Milliseconds for the guest to power off after `system_powerdown` (30 s). */
  timeout?: number;
  /** Milliseconds for QEMU to exit after `quit` (5 s). */
  quitTimeout?: number;
  /** Milliseconds for the process to go after SIGKILL (5 s). */
  killTimeout?: number;
  /** Stops escalating: the call rejects with CommandAbortedError, QEMU keeps whatever state it reached. */
  signal?: AbortSignal;
}

export interface KillOptions {
  /** Milliseconds for the process to go after SIGKILL (5 s). */
  timeout?: number;
  signal?: AbortSignal;
}

const DEFAULT_POWERDOWN_MS = 30_000;
const DEFAULT_QUIT_MS = 5_000;
const DEFAULT_KILL_MS = 5_000;

/** What stopping a QEMU needs: its monitor and process, and whether the guest already shut down. */
export interface StoppableQemu {
  qmp: QmpClient;
  process: QemuProcess;
  shutdownSeen(): boolean;
}

/**
 * Stops QEMU politely, then less so: `system_powerdown` and wait for
 * SHUTDOWN; on timeout `quit`; on timeout SIGKILL. Resolves once the process is gone.
 */
export async function powerOff(qemu: StoppableQemu, options: ShutdownOptions = {}): Promise<void> {
  const { qmp, process, shutdownSeen } = qemu;
  const { signal } = options;
  const quitMs = options.quitTimeout ?? DEFAULT_QUIT_MS;
  checkAborted('shutdown', signal);
  if (!shutdownSeen()) {
    const stopWaiting = new AbortController();
    const onAbort = () => stopWaiting.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeout = options.timeout ?? DEFAULT_POWERDOWN_MS;
    const shutdown = qmp.waitForEvent('SHUTDOWN', { timeout, signal: stopWaiting.signal }).then(
      () => true,
      () => false,
    );
    const sent = await qmp
      .execute('system_powerdown', undefined, { signal: stopWaiting.signal })
      .then(
        () => true,
        () => false,
      );
    if (sent) await Promise.race([shutdown, process.exited]);
    stopWaiting.abort();
    signal?.removeEventListener('abort', onAbort);
  }
  checkAborted('shutdown', signal);
  if (await exitsWithin(process, shutdownSeen() ? quitMs : 0, signal)) return;
  await qmp.execute('quit', undefined, signal ? { signal } : {}).catch(() => {});
  if (await exitsWithin(process, quitMs, signal)) return;
  await killQemu(process, {
    timeout: options.killTimeout ?? DEFAULT_KILL_MS,
    ...(signal ? { signal } : {}),
  });
}

/** SIGKILL, then waits until the process is gone: VmTimeoutError after `timeout` (5 s). */
export async function killQemu(process: QemuProcess, options: KillOptions = {}): Promise<void> {
  checkAborted('kill', options.signal);
  process.kill('SIGKILL');
  const timeout = options.timeout ?? DEFAULT_KILL_MS;
  if (!(await exitsWithin(process, timeout, options.signal)))
    throw new VmTimeoutError('kill', timeout);
}

/** Whether the process exits within `ms`; CommandAbortedError when `signal` aborts first. */
async function exitsWithin(
  process: QemuProcess,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (process.hasExited) return true;
  checkAborted('waiting for QEMU to exit', signal);
  if (ms <= 0) return false;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const gone = await Promise.race([
    process.exited.then(() => true),
    sleep(ms, false, { signal: stop.signal }).catch(() => false),
  ]);
  stop.abort();
  signal?.removeEventListener('abort', onAbort);
  if (!gone) checkAborted('waiting for QEMU to exit', signal);
  return gone;
}

function checkAborted(operation: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CommandAbortedError(operation, signal.reason);
}
