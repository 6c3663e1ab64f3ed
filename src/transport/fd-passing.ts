/**
 * Passing file descriptors to QEMU over a connected unix socket (SCM_RIGHTS),
 * as QMP `getfd` and `add-fd` need. Node's `net` cannot send ancillary data, so
 * one `sendmsg()` is made by a tiny Node-API addon (`native/fd_passing.c`, built
 * by node-gyp at install time into `build/Release/fd_passing.node`). The addon
 * is optional: without it everything else works and only this module reports
 * that fd passing is unavailable, and why.
 */
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { getSystemErrorName } from 'node:util';
import { QmonError } from '../errors.js';

/** The same relative path from `src/transport/` (tsx) and `dist/transport/` (built). */
const ADDON_PATH = fileURLToPath(new URL('../../build/Release/fd_passing.node', import.meta.url));
const DEFAULT_TIMEOUT_MS = 5_000;
const EAGAIN = constants.errno.EAGAIN;
const EWOULDBLOCK = constants.errno.EWOULDBLOCK;
const EMPTY = Buffer.alloc(0);

interface FdPassingAddon {
  /** Bytes the kernel took (>= 1), or a negative errno; fds ride on the first byte. */
  sendWithFds(socketFd: number, data: Buffer, fds: number[]): number;
}

type AddonState =
  | { ok: true; addon: FdPassingAddon }
  | { ok: false; reason: string; cause?: unknown };
let state: AddonState | undefined;

function loadAddon(): AddonState {
  if (state) return state;
  if (process.platform === 'win32') {
    state = { ok: false, reason: 'does not exist on Windows, which has no SCM_RIGHTS' };
    return state;
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as Partial<FdPassingAddon>;
    if (typeof addon.sendWithFds !== 'function') throw new Error('sendWithFds is missing');
    state = { ok: true, addon: addon as FdPassingAddon };
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    state = { ok: false, reason: `could not be loaded (${detail})`, cause };
  }
  return state;
}

/** True when the native part is built and loads; false means writeWithFds() will throw. */
export function fdPassingAvailable(): boolean {
  return loadAddon().ok;
}

/** Thrown by writeWithFds() when the native addon is missing or does not load. */
export class FdPassingUnavailableError extends QmonError {
  constructor(reason: string, options?: ErrorOptions) {
    const fix =
      process.platform === 'win32'
        ? ''
        : ' Build it with `npm rebuild qmon` in the project that uses qmon, or `npm rebuild` in ' +
          'a checkout of qmon; that needs python3, make and a C compiler, and npm 11 may first ' +
          'need `npm install-scripts approve qmon`.';
    super(
      'FD_PASSING_UNAVAILABLE',
      `passing file descriptors to QEMU (getfd, add-fd) needs qmon's native addon, which ` +
        `${reason}.${fix} Everything else in qmon works without it.`,
      options,
    );
  }
}

/**
 * A failed sendmsg() or an unusable socket. `systemCode` is the errno name (EPIPE,
 * EBADF, ...) and `errno` its negative number; ETIMEDOUT means the peer did not read.
 */
export class FdPassingError extends QmonError {
  readonly syscall = 'sendmsg';

  constructor(
    message: string,
    readonly systemCode: string,
    readonly errno?: number,
    options?: ErrorOptions,
  ) {
    super('FD_PASSING_FAILED', message, options);
  }
}

export interface WriteWithFdsOptions {
  signal?: AbortSignal;
  /** How long to wait, in all, for the peer to take the bytes; default 5000 ms. */
  timeout?: number;
}

/**
 * Writes `data` on the connected unix socket `socket` as one sendmsg() with
 * `fds` attached as SCM_RIGHTS to its first byte; bytes the kernel did not take
 * at once follow through `socket.write()`. Resolves when every byte is handed
 * to the kernel. Waits first until the socket's own write queue is empty so no
 * bytes interleave; the caller must not write to `socket` until this settles.
 * The fds stay the caller's: the kernel gives QEMU copies, so close yours when
 * this settles. On a timeout or abort before the sendmsg() nothing was sent; after
 * it, the rest of `data` stays queued on the socket, so the stream stays whole. Attach fds to a complete command (e.g. a whole `getfd` line)
 * and wait for its reply before sending the next fd-carrying command: QEMU
 * keeps only the fds of the latest message that carried any.
 */
export async function writeWithFds(
  socket: Socket,
  data: Buffer,
  fds: readonly number[],
  options: WriteWithFdsOptions = {},
): Promise<void> {
  const loaded = loadAddon();
  if (!loaded.ok) throw new FdPassingUnavailableError(loaded.reason, { cause: loaded.cause });
  if (data.length === 0) throw new RangeError('data must hold at least one byte to carry the fds');
  if (fds.length === 0 || !fds.every((fd) => Number.isInteger(fd) && fd >= 0)) {
    throw new RangeError(
      `fds must be a non-empty list of open descriptors, got [${fds.join(', ')}]`,
    );
  }
  const { signal, timeout = DEFAULT_TIMEOUT_MS } = options;
  signal?.throwIfAborted();
  socketFd(socket);
  const deadline = Date.now() + timeout;
  const bounded = (step: Promise<void>, waitingFor: string) =>
    within(step, deadline, signal, () => {
      const message = `sending ${fds.length} fd(s) timed out after ${timeout} ms ${waitingFor}`;
      return new FdPassingError(message, 'ETIMEDOUT');
    });

  // Bytes already queued on the socket must reach the kernel before ours.
  while (socket.writableLength > 0) {
    await bounded(write(socket, EMPTY), 'waiting for earlier writes: the peer is not reading');
  }

  let sent: number;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    sent = loaded.addon.sendWithFds(socketFd(socket), data, [...fds]);
    if (sent >= 0) break;
    const errno = -sent;
    if (errno !== EAGAIN && errno !== EWOULDBLOCK) {
      const code = errorName(errno);
      throw new FdPassingError(`sendmsg() with ${fds.length} fd(s) failed: ${code}`, code, sent);
    }
    await bounded(sleep(delay), 'while the socket buffer stayed full: the peer is not reading');
  }
  // The fds went with the first byte; the rest is ordinary data, queued at once so the stream
  // stays well-formed even if the wait below times out or is aborted.
  if (sent < data.length) {
    await bounded(write(socket, data.subarray(sent)), 'writing the rest after the fds');
  }
}

function socketFd(socket: Socket): number {
  if (socket.destroyed || socket.connecting || !socket.writable) {
    throw new FdPassingError(
      'the socket is not connected and writable',
      'ERR_SOCKET_NOT_CONNECTED',
    );
  }
  if (socket.remoteFamily !== undefined) {
    throw new FdPassingError(
      `fds can only pass over a unix socket, not ${socket.remoteFamily}`,
      'EAFNOSUPPORT',
    );
  }
  const fd = (socket as unknown as { _handle?: { fd?: unknown } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) {
    throw new FdPassingError('the socket has no file descriptor to send on', 'EBADF');
  }
  return fd;
}

/** Resolves when `chunk` and everything queued before it has been handed to the kernel. */
function write(socket: Socket, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

/** Settles with `step`, or rejects at `deadline` or when `signal` aborts (`step` goes on). */
function within(
  step: Promise<void>,
  deadline: number,
  signal: AbortSignal | undefined,
  onTimeout: () => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle(signal?.reason);
    const timer = setTimeout(() => settle(onTimeout()), Math.max(0, deadline - Date.now()));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    step.then(
      () => settle(),
      (error: unknown) => settle(error ?? new Error('write failed')),
    );
  });
}

function errorName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return `errno ${errno}`;
  }
}
