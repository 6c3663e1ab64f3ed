import type { Duplex } from 'node:stream';
import { Listeners, type Unsubscribe } from '../listeners.js';
import { MessageChannel } from '../transport/message-channel.js';
import {
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
import type { PendingRequest } from './pending-requests.js';
import { ReplyMatcher } from './reply-matcher.js';
import { createTrafficLogger, type TrafficLogTarget } from './traffic-log.js';

export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
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
 * The request/response session QMP and QGA share, on a `MessageChannel` and a
 * `ReplyMatcher`: ids, timeouts, cancellation, closing. Messages that are not
 * replies (greeting, events) go to `onMessage` subscribers.
 */
export class QapiSession {
  readonly stats: QapiSessionStats = {
    sent: 0,
    received: 0,
    lateReplies: 0,
    unmatchedReplies: 0,
    decodeErrors: 0,
  };

  /** Settles once with the reason the connection closed. */
  readonly closed: Promise<DisconnectedError>;

  private readonly channel: MessageChannel;
  private readonly matcher: ReplyMatcher;
  private readonly messages = new Listeners<[Record<string, unknown>]>();
  /**
   * The wire text of commands sent without id or arguments (`query-status`),
   * built once: polling loops send the same few again and again.
   */
  private readonly bareLines = new Map<string, string>();
  private readonly defaultTimeout: number;
  private readonly commandError: (body: QapiErrorBody, command: string, args: unknown) => Error;
  private readonly nextId: () => unknown;
  private closeReason: DisconnectedError | undefined;
  private resolveClosed!: (reason: DisconnectedError) => void;
  private counter = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The deadline `timer` is armed for. */
  private timerDeadline = Number.POSITIVE_INFINITY;

  constructor(
    readonly stream: Duplex,
    options: QapiSessionOptions = {},
  ) {
    this.defaultTimeout = options.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.commandError =
      options.commandError ??
      ((body, command, args) => new QapiCommandError(body.class, body.desc, command, args));
    this.nextId = options.nextId ?? (() => ++this.counter);
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    this.matcher = new ReplyMatcher(options.inBandIds ?? true, this.stats);
    this.channel = new MessageChannel(stream, {
      maxMessageBytes: options.maxMessageBytes,
      receive: (value) => this.receive(value),
      busy: () => this.matcher.size > 0,
      log: options.trafficLog ? createTrafficLogger(options.trafficLog) : undefined,
      counters: this.stats,
    });
    // Subscribed first, so an oversized reply's caller hears before other subscribers.
    this.channel.onDecodeError((error) => this.decodeFailed(error));
    this.channel.onClose((cause) => this.finish(cause));
  }

  get isClosed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Requests waiting for a reply. */
  get pendingCount(): number {
    return this.matcher.size;
  }

  /** Messages that are not replies to a request: QMP's greeting and events. */
  onMessage(listener: (message: Record<string, unknown>) => void): Unsubscribe {
    return this.messages.add(listener);
  }

  /** A 0xFF byte arrived (QGA's delimiter). */
  onReset(listener: () => void): Unsubscribe {
    return this.channel.onReset(listener);
  }

  /** The decoder dropped bytes it could not make sense of. */
  onDecodeError(listener: (error: WireDecodeError) => void): Unsubscribe {
    return this.channel.onDecodeError(listener);
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
    const labelled = this.matcher.mustLabel(oob);
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

    // The command leaves first: its reply cannot be read before this returns to
    // the event loop, and the bookkeeping below then costs QEMU no time.
    if (!send) this.channel.writeLine(line);
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
      this.matcher.add(request);
      this.armDeadlineTimer(request.deadline);
      if (send) {
        this.channel.sendExclusive(line, send).catch((error: Error) => {
          if (this.matcher.take(request.id)) request.reject(error);
        });
      }
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
    for (const request of this.matcher.expired(performance.now() + TIMER_SLACK_MS)) {
      this.abandon(request.id, new CommandTimeoutError(request.command, request.timeoutMs));
    }
    this.armDeadlineTimer(this.matcher.earliestDeadline());
  }

  /** Sends a message that gets no reply (e.g. QGA's `guest-shutdown`). */
  write(message: unknown): void {
    this.channel.writeLine(lineOf(stringifyJson(message)!));
  }

  /** Sends raw bytes (QGA's 0xFF delimiter) or text. */
  writeBytes(bytes: Uint8Array | string): void {
    this.channel.writeBytes(bytes);
  }

  /** Fails the pending request with this id, if any (e.g. QEMU dropped it). */
  rejectPending(id: unknown, errorFor: (command: string) => Error): void {
    const request = this.matcher.take(id);
    if (request) request.reject(errorFor(request.command));
  }

  /** Closes the connection; every pending request rejects with a DisconnectedError. */
  close(reason: Error = new Error('closed by the client')): Promise<void> {
    return this.channel.close(reason);
  }

  private receive(value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const message = value as Record<string, unknown>;
    if (!('return' in message) && !('error' in message)) {
      this.messages.emit(message);
      return;
    }
    const request = this.matcher.match(message);
    if (!request) return;
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
    this.matcher.abandon(id)?.reject(error);
  }

  private decodeFailed(error: WireDecodeError): void {
    if (!(error instanceof MessageTooLargeError)) return;
    const request = this.matcher.takeOversized();
    request?.reject(new ReplyTooLargeError(request.command, error));
  }

  private finish(cause: Error): void {
    if (this.closeReason) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const reason = new DisconnectedError(undefined, cause);
    this.closeReason = reason;
    for (const request of this.matcher.clear())
      request.reject(new DisconnectedError(request.command, cause));
    this.resolveClosed(reason);
  }
}
