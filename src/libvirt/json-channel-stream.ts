import { Duplex } from 'node:stream';
import { encodeMessage, JsonStreamDecoder } from '../wire/index.js';

export interface JsonRequest {
  execute?: unknown;
  arguments?: unknown;
  id?: unknown;
  [key: string]: unknown;
}

/** How many reads (`mayOverlap`) may be in flight at once: fewer than libvirt's 5 default workers. */
const MAX_OVERLAP = 4;

type Outcome = { reply: unknown } | { error: Error };

/** A message that is already JSON text (one line): sent as it is. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * The client side of a QMP-style JSON channel whose other end is not a
 * socket: requests written to it are decoded and handled in order, and what
 * `handle` returns is sent back as a line, in request order (clients match
 * replies without ids by order). A request runs after everything before it
 * has finished, except that reads (`mayOverlap`) run beside each other: they
 * wait only for the last other request, and the next other request waits for
 * them. So every request sees the effects of all before it, as one at a time.
 */
export abstract class JsonChannelStream extends Duplex {
  private readonly decoder: JsonStreamDecoder;
  /** Settles when the latest request that may not overlap has finished. */
  private lastExclusive: Promise<void> = Promise.resolve();
  /** Settles when every request so far has finished. */
  private allBefore: Promise<void> = Promise.resolve();
  /** Replies leave in request order. */
  private replies: Promise<void> = Promise.resolve();
  private overlapping = 0;
  private readonly waitingForSlot: (() => void)[] = [];
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

  /** Whether a request only reads, so it may run beside other reads. */
  protected mayOverlap(_request: JsonRequest): boolean {
    return false;
  }

  /** A 0xFF byte arrived (QGA's resync). */
  protected onReset(): void {}

  /** Sends a message (a reply or an event) to the client. */
  protected send(message: unknown, prefix?: Buffer): void {
    if (this.destroyed || this.readableEnded) return;
    const line =
      message instanceof RawJson ? Buffer.from(`${message.text}\n`) : encodeMessage(message);
    this.push(prefix ? Buffer.concat([prefix, line]) : line);
  }

  /** Ends the client's side of the stream, as a peer closing its socket. */
  protected finish(): void {
    if (!this.destroyed && !this.readableEnded) this.push(null);
  }

  private enqueue(request: JsonRequest): void {
    const overlap = this.mayOverlap(request);
    const outcome = (overlap ? this.lastExclusive : this.allBefore).then(() =>
      this.runInTurn(request, overlap),
    );
    const done = outcome.then(() => {});
    if (!overlap) this.lastExclusive = done;
    this.allBefore = Promise.all([this.allBefore, done]).then(() => {});
    this.replies = this.replies.then(async () => {
      const result = await outcome;
      if ('error' in result) this.destroy(result.error);
      else if (result.reply !== undefined) this.send(result.reply);
    });
  }

  private async runInTurn(request: JsonRequest, overlap: boolean): Promise<Outcome> {
    if (overlap && this.overlapping >= MAX_OVERLAP)
      await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    if (overlap) this.overlapping++;
    try {
      return this.destroyed ? { reply: undefined } : { reply: await this.handle(request) };
    } catch (error) {
      return { error: error as Error };
    } finally {
      if (overlap) {
        this.overlapping--;
        this.waitingForSlot.shift()?.();
      }
    }
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
