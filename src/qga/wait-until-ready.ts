import { Backoff } from '../backoff.js';
import { CommandAbortedError, DisconnectedError } from '../session/errors.js';
import { ConnectError } from '../transport/errors.js';
import { formatTarget, parseTarget, type Target } from '../transport/target.js';
import { delay } from './delay.js';
import { AgentNotRespondingError, type QgaNotReadyCode, QgaNotReadyError } from './errors.js';

export const DEFAULT_READY_TIMEOUT_MS = 60_000;

export interface ReadyOptions {
  /** Milliseconds to keep trying (60 s). */
  timeout?: number;
  signal?: AbortSignal;
  /** Pause between attempts: first and longest, in ms (50 and 1000). */
  retryDelay?: { initial?: number; max?: number };
  /** How long one attempt waits for the agent's answer: first and longest, in ms (1000 and 5000). */
  attemptTimeout?: { initial?: number; max?: number };
}

export interface AttemptOptions {
  connectTimeout: number;
  syncTimeout: number;
  signal: AbortSignal | undefined;
}

/**
 * Calls `attempt` (connect and sync) until it succeeds, backing off between
 * tries. A missing socket, a refused connection, a silent peer, or a connection
 * dropped at once are worth retrying; anything else (permission denied, not an
 * agent) is thrown at once. Giving up throws QgaNotReadyError whose `code` says
 * what the last attempt found.
 */
export async function waitUntilReady<Client>(
  target: string | Target,
  attempt: (options: AttemptOptions) => Promise<Client>,
  options: ReadyOptions = {},
): Promise<Client> {
  const name = formatTarget(typeof target === 'string' ? parseTarget(target) : target);
  const timeout = options.timeout ?? DEFAULT_READY_TIMEOUT_MS;
  const { signal } = options;
  const started = performance.now();
  const remaining = () => timeout - (performance.now() - started);
  const pauses = new Backoff(options.retryDelay?.initial ?? 50, options.retryDelay?.max ?? 1000);
  let patience = options.attemptTimeout?.initial ?? 1000;
  const maxPatience = options.attemptTimeout?.max ?? 5000;
  let attempts = 0;
  let last: { code: QgaNotReadyCode; error: unknown } = {
    code: 'AGENT_SOCKET_MISSING',
    error: undefined,
  };
  while (remaining() > 0) {
    attempts++;
    const budget = Math.max(1, remaining());
    try {
      return await attempt({
        connectTimeout: budget,
        syncTimeout: Math.min(patience, budget),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw new CommandAbortedError('waitUntilReady', signal.reason);
      const code = notReadyCode(error);
      if (!code) throw error;
      last = { code, error };
      if (code === 'AGENT_NOT_RESPONDING') patience = Math.min(patience * 1.5, maxPatience);
    }
    if (remaining() <= 0) break;
    await delay(
      Math.min(pauses.next(), remaining()),
      signal,
      () => new CommandAbortedError('waitUntilReady', signal?.reason),
    );
  }
  throw new QgaNotReadyError(last.code, name, performance.now() - started, attempts, last.error);
}

function notReadyCode(error: unknown): QgaNotReadyCode | undefined {
  if (error instanceof AgentNotRespondingError) return 'AGENT_NOT_RESPONDING';
  // QEMU's chardev may accept and drop a connection while the VM starts or stops.
  if (error instanceof DisconnectedError) return 'AGENT_NOT_RESPONDING';
  if (error instanceof ConnectError) {
    if (error.code === 'TARGET_NOT_FOUND') return 'AGENT_SOCKET_MISSING';
    if (error.code === 'CONNECTION_REFUSED') return 'AGENT_CONNECTION_REFUSED';
    if (error.code === 'CONNECT_TIMEOUT') return 'AGENT_NOT_RESPONDING';
  }
  return undefined;
}
