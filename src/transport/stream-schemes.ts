import type { Duplex } from 'node:stream';
import type { OpenStreamOptions } from './open-stream.js';

/** Opens a target of a scheme the transport layer does not know itself (`libvirt:NAME`). */
export type StreamOpener = (
  target: string,
  options: OpenStreamOptions,
) => Promise<{ stream: Duplex; name: string }>;

const openers = new Map<string, StreamOpener>();

/**
 * Lets `openStream` (and so `QmpClient.connect`, `QgaClient.connect`) open
 * targets starting with `prefix` through `open`. Layers above this one fill
 * it: the libvirt layer when it is loaded, the CLI lazily for `libvirt:`.
 */
export function registerStreamScheme(prefix: string, open: StreamOpener): void {
  openers.set(prefix, open);
}

/** The opener registered for `target`'s scheme, if any. */
export function streamOpenerFor(target: string): StreamOpener | undefined {
  for (const [prefix, open] of openers) if (target.startsWith(prefix)) return open;
  return undefined;
}
