import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from '../backoff.js';
import type { QmpCommandMap, QmpEventMap } from '../schema/generated/qemu-10.0/qmp.js';
import { CommandTimeoutError, DisconnectedError } from '../session/errors.js';
import type { CallOptions } from '../session/qapi-session.js';
import type { Target } from '../transport/target.js';
import type { QmpEvent } from './event-hub.js';
import { QmpClient, type QmpConnectOptions } from './qmp-client.js';
import type { ArgsOf, CommandName, CommandParameters, ReturnOf } from './types.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

export interface ReconnectOptions extends QmpConnectOptions {
  /** First wait after a drop, in ms (100); doubles up to `maxDelay`. */
  initialDelay?: number;
  /** Longest wait between attempts, in ms (5000). */
  maxDelay?: number;
  /** Called on every state change, with the error that caused a drop. */
  onStateChange?: (state: ConnectionState, error?: Error) => void;
}

/**
 * A QMP connection that comes back: when the monitor goes away (QEMU restarted,
 * a proxy restarted) it reconnects with backoff and keeps the event
 * subscriptions. Calls made while reconnecting wait for the connection within
 * their timeout; calls in flight when it dropped fail (they may or may not
 * have run, so they are never replayed).
 */
export class ReconnectingQmpClient<Commands = QmpCommandMap, Events = QmpEventMap> {
  private current: QmpClient<Commands, Events> | undefined;
  private stateValue: ConnectionState = 'connecting';
  private readonly subscriptions = new Set<{ name: string; listener: (event: QmpEvent) => void }>();
  private readonly unsubscribers = new Map<object, () => void>();
  private readonly connectedWaiters = new Set<() => void>();
  private readonly stop = new AbortController();

  constructor(
    private readonly target: string | Target,
    private readonly options: ReconnectOptions = {},
  ) {
    void this.run();
  }

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The live client, if connected. */
  get client(): QmpClient<Commands, Events> | undefined {
    return this.current;
  }

  execute<Name extends CommandName<Commands>>(
    command: Name,
    ...[args, options = {}]: CommandParameters<ArgsOf<Commands, Name>>
  ): Promise<ReturnOf<Commands, Name>> {
    return this.withClient(command, options, (client) =>
      client.executeUntyped(command, args, options),
    ) as Promise<ReturnOf<Commands, Name>>;
  }

  hmp(commandLine: string, options: CallOptions = {}): Promise<string> {
    return this.withClient('human-monitor-command', options, (client) =>
      client.hmp(commandLine, options),
    );
  }

  /** Subscribes across reconnections; returns the function that unsubscribes. */
  on<Name extends keyof Events & string>(
    name: Name,
    listener: (data: Events[Name], event: QmpEvent<Name, Events[Name]>) => void,
  ): () => void {
    const subscription = {
      name,
      listener: (event: QmpEvent) =>
        listener(event.data as Events[Name], event as QmpEvent<Name, Events[Name]>),
    };
    this.subscriptions.add(subscription);
    if (this.current) this.attach(this.current, subscription);
    return () => {
      this.subscriptions.delete(subscription);
      this.unsubscribers.get(subscription)?.();
      this.unsubscribers.delete(subscription);
    };
  }

  async close(): Promise<void> {
    this.stop.abort();
    this.setState('closed');
    for (const wake of this.connectedWaiters) wake();
    await this.current?.close();
  }

  private async withClient<T>(
    command: string,
    options: CallOptions,
    call: (client: QmpClient<Commands, Events>) => Promise<T>,
  ): Promise<T> {
    const timeoutMs = options.timeout ?? this.options.timeout ?? 30_000;
    const started = performance.now();
    while (!this.current || this.current.isClosed) {
      if (this.stateValue === 'closed')
        throw new DisconnectedError(command, new Error('the client was closed'));
      const left = timeoutMs - (performance.now() - started);
      if (left <= 0) throw new CommandTimeoutError(command, timeoutMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 2 ** 31 - 1));
        this.connectedWaiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return call(this.current);
  }

  private async run(): Promise<void> {
    const backoff = new Backoff(
      this.options.initialDelay ?? 100,
      this.options.maxDelay ?? 5000,
      true,
    );
    const signal = this.stop.signal;
    while (!signal.aborted) {
      try {
        const client = await QmpClient.connect<Commands, Events>(this.target, {
          ...this.options,
          signal,
        });
        if (signal.aborted) {
          await client.close();
          return;
        }
        this.current = client;
        for (const subscription of this.subscriptions) this.attach(client, subscription);
        backoff.reset();
        this.setState('connected');
        for (const wake of this.connectedWaiters) wake();
        this.connectedWaiters.clear();
        const reason = await client.closed;
        this.unsubscribers.clear();
        if (signal.aborted) return;
        this.setState('reconnecting', reason);
      } catch (error) {
        if (signal.aborted) return;
        this.setState('reconnecting', error as Error);
      }
      await sleep(backoff.next(), undefined, { signal }).catch(() => {});
    }
  }

  private attach(
    client: QmpClient<Commands, Events>,
    subscription: { name: string; listener: (event: QmpEvent) => void },
  ) {
    const off = client.on(subscription.name as keyof Events & string, (_data, event) =>
      subscription.listener(event),
    );
    this.unsubscribers.set(subscription, off);
  }

  private setState(state: ConnectionState, error?: Error): void {
    if (this.stateValue === state && state !== 'reconnecting') return;
    this.stateValue = state;
    this.options.onStateChange?.(state, error);
  }
}
