import net from 'node:net';
import { directReadOptions } from './direct-reads.js';
import { ConnectError, connectErrorFrom } from './errors.js';
import { formatTarget, type Target } from './target.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  /** Milliseconds to wait for the connection (10 s). */
  timeout?: number;
  signal?: AbortSignal;
  /**
   * Read through `attachDirectReader` instead of 'data' events (faster; for
   * consumers that never keep a chunk past the call).
   */
  directReads?: boolean;
}

/** Opens a unix or TCP socket to `target`, with a bound and typed errors. */
export function connectSocket(target: Target, options: ConnectOptions = {}): Promise<net.Socket> {
  const name = formatTarget(target);
  const timeoutMs = options.timeout ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new ConnectError('CONNECT_FAILED', name, 'aborted', { cause: signal.reason }));
      return;
    }
    const direct = options.directReads ? directReadOptions() : undefined;
    const where =
      target.kind === 'unix' ? { path: target.path } : { host: target.host, port: target.port };
    const socket = net.connect(direct ? { ...where, onread: direct.onread } : where);
    direct?.register(socket);
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: NodeJS.ErrnoException) => fail(connectErrorFrom(name, error));
    const onAbort = () =>
      fail(new ConnectError('CONNECT_FAILED', name, 'aborted', { cause: signal?.reason }));
    const timer = setTimeout(
      () => fail(new ConnectError('CONNECT_TIMEOUT', name, `no connection within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    socket.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
