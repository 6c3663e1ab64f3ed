/**
 * Stopping a VM's QEMU by signal, without its monitor (which another client
 * may hold): the pid is signalled only after the process is verified to be the
 * VM's QEMU (process-identity.ts), and the folder is cleaned once it is gone.
 */
import { VmTimeoutError } from './errors.js';
import { clearIfDead, locateRunning, markStopRequested } from './finder.js';
import { ForeignQemu } from './qemu-process.js';
import { isOurQemu } from './state-file.js';

export interface SignalStopOptions {
  runtimeRoot?: string;
  /** Milliseconds to wait after SIGTERM (QEMU's own orderly exit) before SIGKILL; 0: SIGKILL at once. */
  termTimeout?: number;
  /** Milliseconds for the process to go after SIGKILL (5 s). */
  killTimeout?: number;
}

export interface SignalStopResult {
  name: string;
  pid: number;
  /** The signal that ended QEMU. */
  signal: 'SIGTERM' | 'SIGKILL';
}

const DEFAULT_KILL_MS = 5_000;

export async function stopBySignal(
  nameOrDir: string,
  options: SignalStopOptions = {},
): Promise<SignalStopResult> {
  const { paths, record } = await locateRunning(nameOrDir, options.runtimeRoot);
  await markStopRequested(paths, record.pid);
  const qemu = new ForeignQemu(record.pid, () => isOurQemu(record));
  let signal: SignalStopResult['signal'] = 'SIGKILL';
  try {
    const termTimeout = options.termTimeout ?? 0;
    if (termTimeout > 0) {
      qemu.kill('SIGTERM');
      if (await goneWithin(qemu, termTimeout)) signal = 'SIGTERM';
    }
    if (!qemu.hasExited) {
      qemu.kill('SIGKILL');
      const killTimeout = options.killTimeout ?? DEFAULT_KILL_MS;
      if (!(await goneWithin(qemu, killTimeout))) throw new VmTimeoutError('kill', killTimeout);
    }
  } finally {
    qemu.release();
  }
  const exit = { code: null, signal, expected: true, at: new Date().toISOString() };
  await clearIfDead(paths, exit);
  return { name: record.name, pid: record.pid, signal };
}

async function goneWithin(qemu: ForeignQemu, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const gone = await Promise.race([
    qemu.exited.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return gone;
}
