import type { Duplex } from 'node:stream';
import { Listeners, type Unsubscribe } from '../listeners.js';
import { JsonStreamDecoder, stringifyJson, type WireDecodeError } from '../wire/index.js';
import { attachDirectReader } from './direct-reads.js';

const CLOSE_GRACE_MS = 1_000;

export interface ChannelCounters {
  /** Messages (and raw writes) sent. */
  sent: number;
  received: number;
  /** Stretches of bytes the decoder dropped. */
  decodeErrors: number;
}

export interface MessageChannelOptions {
  /** Largest message accepted from the peer (the decoder's default when absent). */
  maxMessageBytes?: number | undefined;
  /** Takes every JSON value received, in order. */
  receive: (value: unknown) => void;
  /** Whether any request waits for a reply: then writes in one tick are batched. */
  busy: () => boolean;
  /** Called with `-->`/`<--` and the JSON text of everything sent and received. */
  log?: ((direction: '-->' | '<--', json: string) => void) | undefined;
  counters?: ChannelCounters;
}

/**
 * JSON messages over a byte stream: reads (net's direct `onread` reads where
 * the socket has them), decoding, writes batched per tick, writes held while
 * a message leaves another way (with file descriptors), and how the stream
 * closes. Knows nothing of requests and replies.
 */
export class MessageChannel {
  readonly counters: ChannelCounters;
  /** Settles once, with why the stream closed. */
  readonly closed: Promise<Error>;

  private readonly receive: (value: unknown) => void;
  private readonly busy: () => boolean;
  private readonly log: ((direction: '-->' | '<--', json: string) => void) | undefined;
  private readonly decoder: JsonStreamDecoder;
  private readonly resets = new Listeners<[]>();
  private readonly decodeErrors = new Listeners<[WireDecodeError]>();
  private readonly closes = new Listeners<[Error]>();
  private closeCause: Error | undefined;
  private streamError: Error | undefined;
  private resolveClosed!: (cause: Error) => void;
  /** Writes made in the current tick. */
  private tickWrites = 0;
  /** Text of this tick's later writes, sent as one write when the tick ends. */
  private batch = '';
  /** Writes waiting while a message leaves through `sendExclusive`. */
  private held: (Uint8Array | string)[] | undefined;

  constructor(
    readonly stream: Duplex,
    options: MessageChannelOptions,
  ) {
    this.counters = options.counters ?? { sent: 0, received: 0, decodeErrors: 0 };
    this.receive = options.receive;
    this.busy = options.busy;
    this.log = options.log;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.decoder = new JsonStreamDecoder({
      ...(options.maxMessageBytes === undefined
        ? {}
        : { maxMessageBytes: options.maxMessageBytes }),
      onValue: (value) => {
        this.counters.received++;
        if (this.log) this.log('<--', stringifyJson(value)!);
        this.receive(value);
      },
      onReset: () => this.resets.emit(),
      onError: (error) => {
        this.counters.decodeErrors++;
        this.decodeErrors.emit(error);
      },
    });
    const push = (chunk: Uint8Array) => this.decoder.push(chunk);
    if (!attachDirectReader(stream, push)) stream.on('data', push);
    stream.on('error', (error: Error) => {
      this.streamError ??= error;
    });
    stream.on('close', () =>
      this.finish(this.streamError ?? new Error('the peer closed the connection')),
    );
    stream.on('end', () => {
      // A half-closed peer will never answer; don't wait for our side to close too.
      this.streamError ??= new Error(
        this.decoder.hasPartialMessage
          ? 'the peer closed the connection mid-message'
          : 'the peer closed the connection',
      );
      stream.destroy();
    });
  }

  get isClosed(): boolean {
    return this.closeCause !== undefined;
  }

  /** A 0xFF byte arrived (QGA's delimiter). */
  onReset(listener: () => void): Unsubscribe {
    return this.resets.add(listener);
  }

  /** The decoder dropped bytes it could not make sense of. */
  onDecodeError(listener: (error: WireDecodeError) => void): Unsubscribe {
    return this.decodeErrors.add(listener);
  }

  /** The stream closed; called once, synchronously, with the cause. */
  onClose(listener: (cause: Error) => void): Unsubscribe {
    return this.closes.add(listener);
  }

  /** One message and its newline; a string goes to the socket as is (Node encodes it in C++). */
  writeLine(line: string): void {
    this.log?.('-->', line.slice(0, -1));
    this.writeBytes(line);
  }

  /** Sends raw bytes (QGA's 0xFF delimiter) or text. */
  writeBytes(bytes: Uint8Array | string): void {
    if (this.closeCause) return;
    if (this.held) {
      this.held.push(bytes);
      return;
    }
    this.counters.sent++;
    // Writes leave at once, except that from the third write in one tick on
    // (a burst of pipelined commands) text is gathered into one string that
    // leaves in one write when the tick ends. A write while nothing is waiting
    // for a reply (one command at a time) is not counted, so it costs no tick.
    if (this.tickWrites === 0 && !this.busy()) {
      this.stream.write(bytes);
      return;
    }
    if (this.tickWrites++ === 0) {
      process.nextTick(this.endTick);
      this.stream.write(bytes);
    } else if (typeof bytes === 'string') this.batch += bytes;
    else {
      this.flushBatch();
      this.stream.write(bytes);
    }
  }

  /**
   * Sends one line through `send` (e.g. with file descriptors attached) once
   * this tick's batch has left; other writes are held back until it is done.
   */
  sendExclusive(line: string, send: (bytes: Buffer) => Promise<void>): Promise<void> {
    const bytes = Buffer.from(line, 'utf8');
    this.log?.('-->', line.slice(0, -1));
    this.counters.sent++;
    this.held = [];
    return new Promise<void>((resolve) => process.nextTick(resolve))
      .then(() => send(bytes))
      .finally(() => {
        const held = this.held ?? [];
        this.held = undefined;
        for (const each of held) this.writeBytes(each);
      });
  }

  /** Ends the stream (destroying it if the peer does not close within a second). */
  async close(reason: Error): Promise<void> {
    if (this.closeCause) return;
    this.streamError ??= reason;
    this.flushBatch();
    this.stream.end();
    const timer = setTimeout(() => this.stream.destroy(), CLOSE_GRACE_MS);
    // Listeners hear of the close now, not when the peer gets round to closing.
    this.finish(reason);
    await new Promise<void>((resolve) => {
      if (this.stream.destroyed) resolve();
      else this.stream.once('close', () => resolve());
    });
    clearTimeout(timer);
  }

  private readonly endTick = () => {
    this.flushBatch();
    this.tickWrites = 0;
  };

  private flushBatch(): void {
    if (this.batch === '') return;
    const batch = this.batch;
    this.batch = '';
    this.stream.write(batch);
  }

  private finish(cause: Error): void {
    if (this.closeCause) return;
    this.closeCause = cause;
    this.closes.emit(cause);
    this.resolveClosed(cause);
  }
}
