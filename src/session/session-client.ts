import type { Duplex } from 'node:stream';
import { openStream } from '../transport/open-stream.js';
import type { Target } from '../transport/target.js';
import type { DisconnectedError } from './errors.js';
import { QapiSession, type QapiSessionOptions, type QapiSessionStats } from './qapi-session.js';

/** How a client opens its connection: bounds, an abort, and a name for a Duplex. */
export interface OpenSessionOptions extends QapiSessionOptions {
  /** Milliseconds to open the socket (10 s). */
  connectTimeout?: number;
  /** Aborts connecting. */
  signal?: AbortSignal;
  /** How to name a Duplex target in errors. */
  name?: string;
  /** Which of a VM's channels a `libvirt:NAME` target means (QMP by default). */
  channel?: 'qmp' | 'qga';
}

/** Opens `target` (with direct reads where it is a socket) and starts a session on it. */
export async function openSession(
  target: string | Target | Duplex,
  options: OpenSessionOptions,
): Promise<{ session: QapiSession; name: string }> {
  const { stream, name } = await openStream(target, {
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.connectTimeout === undefined ? {} : { timeout: options.connectTimeout }),
    ...(options.signal ? { signal: options.signal } : {}),
    directReads: true,
    ...(options.channel ? { channel: options.channel } : {}),
  });
  return { session: new QapiSession(stream, options), name };
}

/** What QMP and QGA clients share: the session's counters, its state, closing. */
export abstract class SessionClient {
  constructor(protected readonly session: QapiSession) {}

  /** Counters: messages sent and received, late and unmatched replies, decode errors. */
  get stats(): Readonly<QapiSessionStats> {
    return this.session.stats;
  }

  get isClosed(): boolean {
    return this.session.isClosed;
  }

  /** Settles with the reason once the connection is gone. */
  get closed(): Promise<DisconnectedError> {
    return this.session.closed;
  }

  /** Closes the connection; pending commands reject with DisconnectedError. */
  close(): Promise<void> {
    return this.session.close();
  }
}
