import { Duplex } from 'node:stream';
import { encodeMessage, JsonStreamDecoder } from '../wire/index.js';

export interface JsonRequest {
  execute?: unknown;
  arguments?: unknown;
  id?: unknown;
  [key: string]: unknown;
}

/**
 * The client side of a QMP-style JSON channel whose other end is not a
 * socket: requests written to it are decoded and handled one at a time, in
 * order (libvirt runs one command at a time per domain, and clients match
 * replies without ids by order); what `handle` returns is sent back as a line.
 */
export abstract class JsonChannelStream extends Duplex {
  private readonly decoder: JsonStreamDecoder;
  private queue: Promise<void> = Promise.resolve();
  /** Aborted when the stream is destroyed, so calls in flight stop waiting. */
  protected readonly lifetime = new AbortController();

  /** `gone` settles when what the stream talks through is gone; the stream is destroyed with its reason. */
  constructor(gone: Promise<Error>) {
    super();
    void gone.then((reason) => {
      if (!this.destroyed) this.destroy(reason);
    });
    this.decoder = new JsonStreamDecoder({
      onValue: (value) => this.enqueue(value as JsonRequest),
      onReset: () => this.onReset(),
    });
  }

  /** Answers one request; `undefined` sends nothing. */
  protected abstract handle(request: JsonRequest): Promise<unknown>;

  /** A 0xFF byte arrived (QGA's resync). */
  protected onReset(): void {}

  /** Sends a message (a reply or an event) to the client. */
  protected send(message: unknown, prefix?: Buffer): void {
    if (this.destroyed || this.readableEnded) return;
    const line = encodeMessage(message);
    this.push(prefix ? Buffer.concat([prefix, line]) : line);
  }

  /** Ends the client's side of the stream, as a peer closing its socket. */
  protected finish(): void {
    if (!this.destroyed && !this.readableEnded) this.push(null);
  }

  private enqueue(request: JsonRequest): void {
    this.queue = this.queue.then(async () => {
      if (this.destroyed) return;
      try {
        const reply = await this.handle(request);
        if (reply !== undefined) this.send(reply);
      } catch (error) {
        this.destroy(error as Error);
      }
    });
  }

  override _read(): void {}

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.decoder.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.lifetime.abort(error ?? new Error('the stream was closed'));
    void this.release().finally(() => callback(error));
  }

  /** Frees what the stream holds (its libvirt connection). */
  protected abstract release(): Promise<void>;
}

/** `{return|error}` with the request's id when it had one. */
export function withId(
  reply: Record<string, unknown>,
  request: JsonRequest,
): Record<string, unknown> {
  return request.id === undefined ? reply : { ...reply, id: request.id };
}
