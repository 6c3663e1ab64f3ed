import { CommandAbortedError, CommandTimeoutError, DisconnectedError } from '../session/errors.js';
import { DEFAULT_COMMAND_TIMEOUT_MS } from '../session/qapi-session.js';
import { EventOverflowError } from './errors.js';

/** An asynchronous event from QEMU, as it arrived (with `data` always present). */
export interface QmpEvent<Name extends string = string, Data = unknown> {
  event: Name;
  data: Data;
  /** When QEMU emitted it (host clock). */
  timestamp: { seconds: number; microseconds: number };
}

/** The union of every typed event of an event map. */
export type QmpEventOf<Events> = {
  [Name in keyof Events & string]: QmpEvent<Name, Events[Name]>;
}[keyof Events & string];

export interface EventStreamOptions<Events, Name extends keyof Events & string> {
  /** Only these events (default: all). */
  names?: readonly Name[];
  filter?: (event: QmpEventOf<Pick<Events, Name>>) => boolean;
  signal?: AbortSignal;
  /** Events buffered for a slow consumer before the stream fails with EventOverflowError (1000). */
  bufferSize?: number;
  /** Start with the retained recent events that match. */
  history?: boolean;
}

export interface WaitForEventOptions<Event> {
  match?: (event: Event) => boolean;
  /** Milliseconds (30 s by default); `Infinity` waits as long as the connection lives. */
  timeout?: number;
  signal?: AbortSignal;
  /** Also accept a matching event that arrived before the call (from the retained recent events). */
  history?: boolean;
}

type Listener = (event: QmpEvent) => void;

const DEFAULT_BUFFER = 1000;

/** Fans events out to listeners, streams and waiters, and keeps a short history. */
export class EventHub<Events> {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly recent: QmpEvent[] = [];
  private closeError: Error | undefined;
  private readonly onClose = new Set<(error: Error) => void>();

  constructor(private readonly historySize = 100) {}

  dispatch(message: Record<string, unknown>): void {
    const event: QmpEvent = {
      event: String(message.event),
      data: message.data ?? {},
      timestamp: message.timestamp as QmpEvent['timestamp'],
    };
    if (this.historySize > 0) {
      if (this.recent.length >= this.historySize) this.recent.shift();
      this.recent.push(event);
    }
    for (const key of [event.event, '*']) {
      const set = this.listeners.get(key);
      if (set) for (const listener of [...set]) listener(event);
    }
  }

  /** Calls `listener` for each `name` event (`'*'` for all); returns the unsubscribe function. */
  on(name: string, listener: Listener): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => this.off(name, listener);
  }

  off(name: string, listener: Listener): void {
    this.listeners.get(name)?.delete(listener);
  }

  /** Recent events, oldest first. */
  history(): readonly QmpEvent[] {
    return this.recent;
  }

  stream<Name extends keyof Events & string>(
    options: EventStreamOptions<Events, Name> = {},
  ): AsyncIterableIterator<QmpEventOf<Pick<Events, Name>>> {
    type Out = QmpEventOf<Pick<Events, Name>>;
    const capacity = options.bufferSize ?? DEFAULT_BUFFER;
    const names = options.names ? new Set<string>(options.names) : undefined;
    const accepts = (event: QmpEvent) =>
      (!names || names.has(event.event)) && (!options.filter || options.filter(event as Out));
    const queue: QmpEvent[] = [];
    let dropped = 0;
    let ended: Error | 'done' | undefined;
    let wake: (() => void) | undefined;

    const push = (event: QmpEvent) => {
      if (!accepts(event)) return;
      if (queue.length >= capacity) dropped++;
      else queue.push(event);
      wake?.();
    };
    const end = (reason: Error | 'done') => {
      ended ??= reason;
      unsubscribe();
      wake?.();
    };
    const onAbort = () => end('done');
    const onClose = (error: Error) => end(error);
    const unsubscribe = () => {
      this.off('*', push);
      this.onClose.delete(onClose);
      options.signal?.removeEventListener('abort', onAbort);
    };

    if (options.history) for (const event of this.recent) push(event);
    if (this.closeError) ended = this.closeError;
    else if (options.signal?.aborted) ended = 'done';
    else {
      this.on('*', push);
      this.onClose.add(onClose);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    }

    const iterator: AsyncIterableIterator<Out> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async (): Promise<IteratorResult<Out>> => {
        for (;;) {
          if (queue.length > 0) return { value: queue.shift() as Out, done: false };
          if (dropped > 0) {
            const error = new EventOverflowError(capacity, dropped);
            dropped = 0;
            end('done');
            throw error;
          }
          if (ended === 'done') return { value: undefined, done: true };
          if (ended) {
            const error = ended;
            ended = 'done';
            throw error;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      },
      return: async (): Promise<IteratorResult<Out>> => {
        end('done');
        queue.length = 0;
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }

  waitFor(name: string, options: WaitForEventOptions<QmpEvent> = {}): Promise<QmpEvent> {
    const { match, signal } = options;
    const what = `waiting for ${name}`;
    if (options.history) {
      const found = this.recent.find((event) => event.event === name && (!match || match(event)));
      if (found) return Promise.resolve(found);
    }
    if (this.closeError)
      return Promise.reject(new DisconnectedError(what, this.closeError.cause ?? this.closeError));
    if (signal?.aborted) return Promise.reject(new CommandAbortedError(what, signal.reason));
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS;
      const timer = Number.isFinite(timeoutMs)
        ? setTimeout(() => done(new CommandTimeoutError(what, timeoutMs)), timeoutMs)
        : undefined;
      const onAbort = () => done(new CommandAbortedError(what, signal?.reason));
      const onClose = (error: Error) => done(new DisconnectedError(what, error.cause ?? error));
      const listener = (event: QmpEvent) => {
        if (!match || match(event)) done(undefined, event);
      };
      const done = (error: Error | undefined, event?: QmpEvent) => {
        clearTimeout(timer);
        this.off(name, listener);
        this.onClose.delete(onClose);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(event!);
      };
      this.on(name, listener);
      this.onClose.add(onClose);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ends every stream and waiter with `error`; later ones fail at once. */
  close(error: Error): void {
    if (this.closeError) return;
    this.closeError = error;
    for (const callback of [...this.onClose]) callback(error);
    this.onClose.clear();
  }
}
