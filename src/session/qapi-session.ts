import type { Duplex } from 'node:stream';
import { attachDirectReader } from '../transport/direct-reads.js';
import {
  JsonStreamDecoder,
  lineOf,
  MessageTooLargeError,
  qemuJsonLimitExceeded,
  stringifyJson,
  type WireDecodeError,
} from '../wire/index.js';
import {
  CommandAbortedError,
  CommandTimeoutError,
  DisconnectedError,
  QapiCommandError,
  ReplyTooLargeError,
} from './errors.js';
import { Fifo } from './fifo.js';
import { type PendingRequest, PendingRequests } from './pending-requests.js';
import { createTrafficLogger, type TrafficLogTarget } from './traffic-log.js';

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
/** How many abandoned ids are remembered to recognise their late replies. */
const ABANDONED_IDS_KEPT = 10_000;
const CLOSE_GRACE_MS = 1_000;
const BARE_LINES_KEPT = 256;
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
/** Node may fire a timer up to a millisecond before `performance.now()` reaches its deadline. */
const TIMER_SLACK_MS = 1;

/** What every call takes: a bound and a way to give up. */
export interface CallOptions {
  /** Milliseconds to wait for the reply; `Infinity` waits as long as the connection lives. */
  timeout?: number;
  signal?: AbortSignal;
}

export interface RequestOptions extends CallOptions {
  /** Send as `exec-oob` instead of `execute`. */
  oob?: boolean;
}

/** QEMU's error object in a reply. */
export interface QapiErrorBody {
  class: string;
  desc: string;
}

export interface QapiSessionOptions {
  /** Default timeout for requests, in ms (30 s). */
  timeout?: number;
  /** Largest message accepted from the peer (64 MiB). */
  maxMessageBytes?: number;
  /** Timestamped `-->`/`<--` lines of everything sent and received. */
  trafficLog?: TrafficLogTarget;
  /** Builds the error for an `{"error": ...}` reply. */
  commandError?: (body: QapiErrorBody, command: string, args: unknown) => Error;
  /** Ids for requests (default: 1, 2, 3...). */
  nextId?: () => unknown;
  /**
   * Whether in-band requests carry an id (default true). Without, their replies
   * are matched by order, which QEMU guarantees for in-band commands; `exec-oob`
   * requests always carry one, since they may overtake. QEMU reads its monitor
   * socket a byte at a time, so the bytes an id adds cost it measurably.
   */
  inBandIds?: boolean;
}

export interface QapiSessionStats {
  sent: number;
  received: number;
  /** Replies that arrived after their caller gave up (timeout or abort). */
  lateReplies: number;
  /** Replies whose id matched no request, ever. */
  unmatchedReplies: number;
  /** Stretches of bytes the decoder dropped. */
  decodeErrors: number;
}

/**
 * The request/response session QMP and QGA share: ids, the pending map,
 * timeouts, cancellation, closing. Messages that are not replies (greeting,
 * events) go to `onMessage`.
 */
export class QapiSession {
  readonly stats: QapiSessionStats = {
    sent: 0,
    received: 0,
    lateReplies: 0,
    unmatchedReplies: 0,
    decodeErrors: 0,
  };
  /** Messages that are not replies to a request: QMP's greeting and events. */
  onMessage: (message: Record<string, unknown>) => void = () => {};
  /** A 0xFF byte arrived (QGA's delimiter). */
  onReset: () => void = () => {};
  /** The decoder dropped bytes it could not make sense of. */
  onDecodeError: (error: WireDecodeError) => void = () => {};

  /** Settles once with the reason the connection closed. */
  readonly closed: Promise<DisconnectedError>;

  private readonly pending = new PendingRequests();
  private readonly abandoned = new Set<unknown>();
  /** Ids of in-band requests sent without an id, oldest first: their replies come in this order. */
  private readonly unlabelled = new Fifo<unknown>();
  /**
   * In-band requests whose replies must arrive before commands may go out
   * unlabelled again: unlabelled ones whose caller gave up (their replies may
   * never come), and the labelled ones sent while any such is outstanding.
   */
  private readonly owed = new Set<unknown>();
  /**
   * The wire text of commands sent without id or arguments (`query-status`),
   * built once: polling loops send the same few again and again.
   */
  private readonly bareLines = new Map<string, string>();
  private readonly inBandIds: boolean;
  private readonly decoder: JsonStreamDecoder;
  private readonly defaultTimeout: number;
  private readonly log: ((direction: '-->' | '<--', json: string) => void) | undefined;
  private readonly commandError: (body: QapiErrorBody, command: string, args: unknown) => Error;
  private readonly nextId: () => unknown;
  private closeReason: DisconnectedError | undefined;
  private streamError: Error | undefined;
  private resolveClosed!: (reason: DisconnectedError) => void;
  /** Writes made in the current tick. */
  private tickWrites = 0;
  /** Text of this tick's later writes, sent as one write when the tick ends. */
  private batch = '';
  /** Writes waiting while a `requestVia` send is under way. */
  private held: (Uint8Array | string)[] | undefined;
  private counter = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The deadline `timer` is armed for. */
  private timerDeadline = Number.POSITIVE_INFINITY;

  constructor(
    readonly stream: Duplex,
    options: QapiSessionOptions = {},
  ) {
    this.defaultTimeout = options.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.log = options.trafficLog ? createTrafficLogger(options.trafficLog) : undefined;
    this.commandError =
      options.commandError ??
      ((body, command, args) => new QapiCommandError(body.class, body.desc, command, args));
    this.nextId = options.nextId ?? (() => ++this.counter);
    this.inBandIds = options.inBandIds ?? true;
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.decoder = new JsonStreamDecoder({
      ...(options.maxMessageBytes === undefined
        ? {}
        : { maxMessageBytes: options.maxMessageBytes }),
      onValue: (value) => this.receive(value),
      onReset: () => this.onReset(),
      onError: (error) => this.decodeFailed(error),
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
    return this.closeReason !== undefined;
  }

  /** Requests waiting for a reply. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Sends `{"execute"|"exec-oob": command, "arguments": args, "id": ...}` and waits for its reply. */
  request(command: string, args?: unknown, options: RequestOptions = {}): Promise<unknown> {
    return this.requestVia(command, args, options);
  }

  /**
   * Like `request`, but the encoded command leaves through `send` (e.g. with file
   * descriptors attached); other writes are held back until it is done.
   */
  requestVia(
    command: string,
    args: unknown,
    options: RequestOptions,
    send?: (bytes: Buffer) => Promise<void>,
  ): Promise<unknown> {
    if (this.closeReason) return Promise.reject(new DisconnectedError(command, this.closeReason));
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(new CommandAbortedError(command, signal.reason));

    const id = this.nextId();
    const oob = options.oob === true;
    // After an unlabelled request was given up, ids keep later replies safe
    // from a peer that never answers it.
    const labelled = oob || this.inBandIds || this.owed.size > 0;
    const bare = !labelled && args === undefined;
    let line = bare ? this.bareLines.get(command) : undefined;
    if (line === undefined) {
      const message: Record<string, unknown> = { [oob ? 'exec-oob' : 'execute']: command };
      if (args !== undefined) message.arguments = args;
      if (labelled) message.id = id;
      const json = stringifyJson(message)!;
      const refusal = qemuJsonLimitExceeded(json);
      if (refusal) {
        return Promise.reject(
          this.commandError({ class: 'GenericError', desc: refusal }, command, args),
        );
      }
      line = lineOf(json);
      if (bare && this.bareLines.size < BARE_LINES_KEPT) this.bareLines.set(command, line);
    }
    if (!labelled) this.unlabelled.push(id);
    else if (!oob && !this.inBandIds) this.owed.add(id);

    // The command leaves first: its reply cannot be read before this returns to
    // the event loop, and the bookkeeping below then costs QEMU no time.
    if (!send) this.writeLine(line);
    const timeoutMs = options.timeout ?? this.defaultTimeout;
    return new Promise((resolve, reject) => {
      const request: PendingRequest = {
        id,
        command,
        args,
        oob,
        labelled,
        timeoutMs,
        deadline: performance.now() + timeoutMs,
        resolve,
        reject,
      };
      if (signal) this.cancelOnAbort(request, signal);
      this.pending.add(request);
      this.armDeadlineTimer(request.deadline);
      if (send) this.sendThrough(line, send, request);
    });
  }

  /** Rejects `request` when `signal` aborts; stops listening once it settles. */
  private cancelOnAbort(request: PendingRequest, signal: AbortSignal): void {
    const { resolve, reject } = request;
    const onAbort = () =>
      this.abandon(request.id, new CommandAbortedError(request.command, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    request.resolve = (value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    };
    request.reject = (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    };
  }

  /**
   * One timer serves every request: it is armed for the earliest deadline and,
   * when it fires, times out what is due and re-arms for the next. A call that
   * gets its reply costs no timer work at all.
   */
  private armDeadlineTimer(deadline: number): void {
    if (deadline >= this.timerDeadline) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDeadline = deadline;
    // Node's timers take at most 2^31-1 ms; a later deadline is re-armed on firing.
    const delay = Math.min(Math.max(0, deadline - performance.now()), MAX_TIMER_DELAY_MS);
    this.timer = setTimeout(() => this.timeOutDue(), delay);
  }

  private timeOutDue(): void {
    this.timer = undefined;
    this.timerDeadline = Number.POSITIVE_INFINITY;
    for (const request of this.pending.expired(performance.now() + TIMER_SLACK_MS)) {
      this.abandon(request.id, new CommandTimeoutError(request.command, request.timeoutMs));
    }
    this.armDeadlineTimer(this.pending.earliestDeadline());
  }

  private sendThrough(
    line: string,
    send: (bytes: Buffer) => Promise<void>,
    request: PendingRequest,
  ): void {
    const bytes = Buffer.from(line, 'utf8');
    this.log?.('-->', line.slice(0, -1));
    this.stats.sent++;
    this.held = [];
    // Runs after the tick's batch is written, so earlier writes are already on their way.
    new Promise<void>((resolve) => process.nextTick(resolve))
      .then(() => send(bytes))
      .catch((error: Error) => {
        if (this.pending.take(request.id)) request.reject(error);
      })
      .finally(() => {
        const held = this.held ?? [];
        this.held = undefined;
        for (const bytes of held) this.writeBytes(bytes);
      });
  }

  /** Sends a message that gets no reply (e.g. QGA's `guest-shutdown`). */
  write(message: unknown): void {
    this.writeLine(lineOf(stringifyJson(message)!));
  }

  /** One message and its newline; a string goes to the socket as is (Node encodes it in C++). */
  private writeLine(line: string): void {
    this.log?.('-->', line.slice(0, -1));
    this.writeBytes(line);
  }

  /** Sends raw bytes (QGA's 0xFF delimiter) or text. */
  writeBytes(bytes: Uint8Array | string): void {
    if (this.closeReason) return;
    if (this.held) {
      this.held.push(bytes);
      return;
    }
    this.stats.sent++;
    // Writes leave at once, except that from the third write in one tick on
    // (a burst of pipelined commands) text is gathered into one string that
    // leaves in one write when the tick ends. A write while nothing is waiting
    // for a reply (one command at a time) is not counted, so it costs no tick.
    if (this.tickWrites === 0 && this.pending.size === 0) {
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

  /** Fails the pending request with this id, if any (e.g. QEMU dropped it). */
  rejectPending(id: unknown, errorFor: (command: string) => Error): void {
    const request = this.pending.take(id);
    if (request) request.reject(errorFor(request.command));
  }

  /** Closes the connection; every pending request rejects with a DisconnectedError. */
  async close(reason: Error = new Error('closed by the client')): Promise<void> {
    if (this.closeReason) return;
    this.streamError ??= reason;
    this.flushBatch();
    this.stream.end();
    const timer = setTimeout(() => this.stream.destroy(), CLOSE_GRACE_MS);
    // The pending requests fail now, not when the peer gets round to closing.
    this.finish(reason);
    await new Promise<void>((resolve) => {
      if (this.stream.destroyed) resolve();
      else this.stream.once('close', () => resolve());
    });
    clearTimeout(timer);
  }

  private receive(value: unknown): void {
    this.stats.received++;
    if (this.log) this.log('<--', stringifyJson(value)!);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const message = value as Record<string, unknown>;
    if (!('return' in message) && !('error' in message)) {
      this.onMessage(message);
      return;
    }
    const id = 'id' in message || this.inBandIds ? message.id : this.unlabelled.shift();
    if (this.owed.size > 0) this.owed.delete(id);
    const request = this.pending.take(id);
    if (!request) {
      if (this.abandoned.delete(id)) this.stats.lateReplies++;
      else this.stats.unmatchedReplies++;
      return;
    }
    if ('error' in message) {
      const body = message.error as Partial<QapiErrorBody> | undefined;
      request.reject(
        this.commandError(
          {
            class: String(body?.class ?? 'GenericError'),
            desc: String(body?.desc ?? 'unknown error'),
          },
          request.command,
          request.args,
        ),
      );
    } else request.resolve(message.return);
  }

  private abandon(id: unknown, error: Error): void {
    const request = this.pending.take(id);
    if (!request) return;
    this.abandoned.add(id);
    if (this.abandoned.size > ABANDONED_IDS_KEPT)
      this.abandoned.delete(this.abandoned.values().next().value);
    if (!request.labelled) this.owed.add(id);
    request.reject(error);
  }

  private decodeFailed(error: WireDecodeError): void {
    this.stats.decodeErrors++;
    if (error instanceof MessageTooLargeError) {
      // QEMU answers in-band commands in order, so the oversized reply is the oldest one's:
      // unlabelled ones are always older than labelled ones still waiting.
      const request =
        this.unlabelled.length > 0 ? this.takeUnlabelled() : this.pending.takeOldestInBand();
      if (request) {
        this.owed.delete(request.id);
        this.abandoned.add(request.id);
        request.reject(new ReplyTooLargeError(request.command, error));
      }
    }
    this.onDecodeError(error);
  }

  /** The oldest in-band request sent without an id, if its caller is still waiting. */
  private takeUnlabelled(): PendingRequest | undefined {
    const id = this.unlabelled.shift();
    this.owed.delete(id);
    const request = this.pending.take(id);
    if (!request) this.abandoned.delete(id);
    return request;
  }

  private finish(cause: Error): void {
    if (this.closeReason) return;
    this.unlabelled.clear();
    this.owed.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const reason = new DisconnectedError(undefined, cause);
    this.closeReason = reason;
    this.pending.rejectAll((request) => new DisconnectedError(request.command, cause));
    this.resolveClosed(reason);
  }
}
