import { CommandAbortedError, CommandTimeoutError } from '../session/errors.js';
import type { AgentCaller } from './agent-caller.js';
import { delay } from './delay.js';
import { GuestExecAbandonedError } from './errors.js';

export interface ExecOptions {
  /** Written to the process's stdin, which is then closed. */
  input?: string | Uint8Array;
  /** The process's environment (qemu-ga passes only these variables). */
  env?: Record<string, string> | readonly string[];
  /** Collect stdout and stderr (default true); qemu-ga keeps at most 16 MiB of each. */
  captureOutput?: boolean;
  /** Milliseconds to wait for the process to exit (the client's default timeout). */
  timeout?: number;
  signal?: AbortSignal;
  /** Polling of `guest-exec-status`: first and longest pause, in ms (10 and 250). */
  pollInterval?: { initial?: number; max?: number };
}

export interface ExecResult {
  /** The process id in the guest. */
  pid: number;
  /** The exit code, or null when a signal ended the process. */
  exitCode: number | null;
  /** The number of the signal that ended the process, or null. */
  signal: number | null;
  /** stdout decoded as UTF-8 (empty without `captureOutput`). */
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
  stderrBytes: Buffer;
  /** qemu-ga cut stdout or stderr at its 16 MiB limit. */
  truncated: boolean;
}

const BACKOFF = 1.5;

/**
 * Runs a program in the guest and waits for it to exit, polling
 * `guest-exec-status` with a growing pause. A non-zero exit code is a result, not
 * an error. On timeout or abort it throws GuestExecAbandonedError carrying the
 * pid: qemu-ga 7.2 cannot kill a process, so it keeps running in the guest.
 */
export async function guestExec(
  agent: AgentCaller,
  path: string,
  args: readonly string[] = [],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const timeout = options.timeout ?? agent.defaultTimeout;
  const { signal } = options;
  const deadline = performance.now() + timeout;
  const remaining = () => deadline - performance.now();
  const started = await agent.call(
    'guest-exec',
    {
      path,
      arg: [...args],
      ...(options.env ? { env: envList(options.env) } : {}),
      ...(options.input === undefined
        ? {}
        : { 'input-data': Buffer.from(options.input).toString('base64') }),
      'capture-output': options.captureOutput ?? true,
    },
    { timeout, ...(signal ? { signal } : {}) },
  );
  const pid = Number(started.pid);

  let pause = options.pollInterval?.initial ?? 10;
  const maxPause = options.pollInterval?.max ?? 250;
  try {
    for (;;) {
      const status = await agent.call(
        'guest-exec-status',
        { pid },
        { timeout: Math.max(1, remaining()), ...(signal ? { signal } : {}) },
      );
      if (status.exited) {
        const stdoutBytes = Buffer.from(status['out-data'] ?? '', 'base64');
        const stderrBytes = Buffer.from(status['err-data'] ?? '', 'base64');
        return {
          pid,
          exitCode: status.exitcode == null ? null : Number(status.exitcode),
          signal: status.signal == null ? null : Number(status.signal),
          stdout: stdoutBytes.toString('utf8'),
          stderr: stderrBytes.toString('utf8'),
          stdoutBytes,
          stderrBytes,
          truncated: status['out-truncated'] === true || status['err-truncated'] === true,
        };
      }
      if (remaining() <= 0) throw new CommandTimeoutError('guest-exec-status', timeout);
      await delay(
        Math.min(pause, remaining()),
        signal,
        () => new CommandAbortedError('guest-exec-status', signal?.reason),
      );
      pause = Math.min(pause * BACKOFF, maxPause);
    }
  } catch (error) {
    if (error instanceof CommandTimeoutError)
      throw new GuestExecAbandonedError('EXEC_TIMEOUT', path, pid, `no exit within ${timeout} ms`, {
        cause: error,
      });
    if (error instanceof CommandAbortedError)
      throw new GuestExecAbandonedError('EXEC_ABORTED', path, pid, 'stopped waiting (aborted)', {
        cause: error,
      });
    throw error;
  }
}

function envList(env: Record<string, string> | readonly string[]): string[] {
  return Array.isArray(env)
    ? [...(env as readonly string[])]
    : Object.entries(env).map(([name, value]) => `${name}=${value}`);
}
