import type { Duplex } from 'node:stream';
import { connectSocket } from './connect-socket.js';
import { streamOpenerFor } from './stream-schemes.js';
import { formatTarget, parseTarget, type Target } from './target.js';

export interface OpenStreamOptions {
  /** How to name the peer in errors (default: the target, or `stream` for a Duplex). */
  name?: string;
  /** Milliseconds to open a socket (10 s). */
  timeout?: number;
  signal?: AbortSignal;
  /** Open sockets for `attachDirectReader` (see ConnectOptions). */
  directReads?: boolean;
  /** For `libvirt:NAME` targets: the domain's monitor (default) or its guest agent. */
  channel?: 'qmp' | 'qga';
}

/**
 * Opens a target (a socket path, `unix:PATH`, `tcp:HOST:PORT`, or a scheme
 * registered with `registerStreamScheme`, such as `libvirt:NAME` once the
 * libvirt layer is loaded) or takes an open Duplex as it is.
 */
export async function openStream(
  target: string | Target | Duplex,
  options: OpenStreamOptions = {},
): Promise<{ stream: Duplex; name: string }> {
  if (typeof target !== 'string' && !isTarget(target))
    return { stream: target, name: options.name ?? 'stream' };
  const opener = typeof target === 'string' ? streamOpenerFor(target) : undefined;
  if (opener) return opener(target as string, options);
  const parsed = typeof target === 'string' ? parseTarget(target) : target;
  const stream = await connectSocket(parsed, {
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.directReads ? { directReads: true } : {}),
  });
  return { stream, name: options.name ?? formatTarget(parsed) };
}

function isTarget(value: unknown): value is Target {
  return typeof value === 'object' && value !== null && 'kind' in value && !('pipe' in value);
}
