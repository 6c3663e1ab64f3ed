import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { parseGreeting, type QmpGreeting } from '../qmp/greeting.js';
import { connectSocket } from '../transport/connect-socket.js';
import { attachDirectReader } from '../transport/direct-reads.js';
import { writeWithFds } from '../transport/fd-passing.js';
import { formatTarget, type Target } from '../transport/target.js';
import { MuxUpstreamError } from './errors.js';
import { UpstreamFramer } from './upstream-framer.js';
import { classifyUpstream, type UpstreamMessage } from './upstream-message.js';

export interface UpstreamOptions {
  /** Negotiate out-of-band execution when QEMU offers it. */
  oob: boolean;
  connectTimeout: number;
  greetingTimeout: number;
  /** Longest message accepted from QEMU, in UTF-16 code units. */
  maxMessageLength: number;
  signal?: AbortSignal;
}

export interface UpstreamHandlers {
  /** Every message after negotiation, in the order QEMU sent it. */
  onMessage(message: UpstreamMessage): void;
  /** A message from QEMU was longer than the cap and was skipped. */
  onTooLarge(length: number): void;
}

/**
 * The mux's one QMP connection to QEMU: greeting and negotiation, then raw
 * messages in QEMU's order. Nothing is re-encoded: QEMU's text is what the
 * mux passes on.
 */
export class Upstream {
  /** Settles once, with the reason, when the connection is gone. */
  readonly closed: Promise<Error>;
  /** QEMU's greeting line exactly as QEMU wrote it. */
  greetingText = '';
  greeting: QmpGreeting | undefined;
  oobEnabled = false;

  private handlers: UpstreamHandlers | undefined;
  /** Messages received before `start`. */
  private inbox: UpstreamMessage[] = [];
  private wake: (() => void) | undefined;
  /** Text written in this tick, sent as one write when the tick ends. */
  private batch = '';
  /** Messages written while one with fds is being sent: they follow it. */
  private held: string[] | undefined;
  private isGone = false;

  private constructor(
    private readonly socket: Socket,
    readonly target: string,
    maxMessageLength: number,
  ) {
    let failure: Error | undefined;
    this.closed = new Promise<Error>((resolve) => {
      socket.on('error', (error) => {
        failure ??= error;
      });
      socket.on('end', () => socket.destroy());
      socket.on('close', () => {
        this.isGone = true;
        this.wake?.();
        resolve(failure ?? new Error('QEMU closed the connection'));
      });
    });
    const framer = new UpstreamFramer({
      maxLength: maxMessageLength,
      onMessage: (text) => this.receive(classifyUpstream(text)),
      onTooLarge: (length) => this.handlers?.onTooLarge(length),
    });
    const text = new StringDecoder('utf8');
    const push = (chunk: Uint8Array) => framer.push(text.write(chunk));
    if (!attachDirectReader(socket, push)) socket.on('data', push);
  }

  /** Connects, reads the greeting and negotiates; then call `start`. */
  static async connect(target: Target, options: UpstreamOptions): Promise<Upstream> {
    const socket = await connectSocket(target, {
      directReads: true,
      timeout: options.connectTimeout,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const upstream = new Upstream(socket, formatTarget(target), options.maxMessageLength);
    try {
      await upstream.handshake(options);
      return upstream;
    } catch (error) {
      socket.destroy();
      throw error;
    }
  }

  get isClosed(): boolean {
    return this.isGone || this.socket.destroyed;
  }

  /** Starts delivering messages, those that came during the handshake first. */
  start(handlers: UpstreamHandlers): void {
    this.handlers = handlers;
    const early = this.inbox;
    this.inbox = [];
    for (const message of early) handlers.onMessage(message);
  }

  /** Sends one message (a line of JSON without its line break). */
  write(text: string): void {
    if (this.socket.destroyed) return;
    if (this.held) {
      this.held.push(text);
      return;
    }
    // Messages written in the same tick leave in one system call.
    if (this.batch === '') {
      process.nextTick(() => {
        const batch = this.batch;
        this.batch = '';
        if (batch !== '' && !this.socket.destroyed) this.socket.write(batch);
      });
    }
    this.batch += `${text}\n`;
  }

  /**
   * Sends one message with file descriptors attached (SCM_RIGHTS), after what
   * was written before it; messages written meanwhile wait, so no bytes
   * interleave with the sendmsg(). The fds stay the caller's.
   */
  async writeWithFds(text: string, fds: readonly number[], timeout: number): Promise<void> {
    const earlier = this.batch;
    this.batch = '';
    if (earlier !== '' && !this.socket.destroyed) this.socket.write(earlier);
    this.held = [];
    try {
      await writeWithFds(this.socket, Buffer.from(`${text}\n`), fds, { timeout });
    } finally {
      const held = this.held;
      this.held = undefined;
      for (const message of held) this.write(message);
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(message: UpstreamMessage): void {
    if (this.handlers) this.handlers.onMessage(message);
    else {
      this.inbox.push(message);
      this.wake?.();
    }
  }

  private async next(deadline: number): Promise<UpstreamMessage> {
    for (;;) {
      const message = this.inbox.shift();
      if (message) return message;
      if (this.isGone) throw this.failure('the connection closed during the handshake');
      const left = deadline - performance.now();
      if (left <= 0) {
        throw this.failure(
          'no QMP greeting and negotiation in time; QEMU serves one client per monitor, so another client probably holds it',
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async handshake(options: UpstreamOptions): Promise<void> {
    const deadline = performance.now() + options.greetingTimeout;
    // QEMU can pass an event to a new client in the moment before it greets it
    // (its monitor still in command mode from an earlier client): kept, delivered after.
    const early: UpstreamMessage[] = [];
    let first = await this.next(deadline);
    while (first.kind === 'event') {
      early.push(first);
      first = await this.next(deadline);
    }
    const greeting =
      first.kind === 'other' && typeof first.value === 'object' && first.value !== null
        ? parseGreeting(first.value as Record<string, unknown>)
        : undefined;
    if (!greeting) throw this.failure(`not a QMP monitor: it sent ${first.text.slice(0, 80)}`);
    this.greetingText = first.text;
    this.greeting = greeting;
    this.oobEnabled = options.oob && greeting.capabilities.includes('oob');
    const enable = this.oobEnabled ? ',"arguments":{"enable":["oob"]}' : '';
    this.write(`{"execute":"qmp_capabilities"${enable}}`);
    for (;;) {
      const reply = await this.next(deadline);
      if (reply.kind === 'event') early.push(reply);
      if (reply.kind !== 'reply') continue;
      if (reply.isError) {
        throw new MuxUpstreamError(
          'UPSTREAM_NEGOTIATION',
          this.target,
          `qmp_capabilities failed: ${reply.text}`,
        );
      }
      this.inbox.unshift(...early);
      return;
    }
  }

  private failure(message: string): MuxUpstreamError {
    return new MuxUpstreamError('UPSTREAM_GREETING', this.target, message);
  }
}
