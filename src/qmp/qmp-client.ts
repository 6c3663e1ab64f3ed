import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { QmpCommandMap, QmpEventMap } from '../schema/generated/qemu-10.0/qmp.js';
import type { DefaultQemu, QemuTypes } from '../schema/qemu-versions.js';
import { DisconnectedError } from '../session/errors.js';
import type { CallOptions, QapiSession, QapiSessionOptions } from '../session/qapi-session.js';
import { openSession, SessionClient } from '../session/session-client.js';
import { FdPassingUnavailableError, writeWithFds } from '../transport/fd-passing.js';
import type { Target } from '../transport/target.js';
import type { WireDecodeError } from '../wire/errors.js';
import { stringifyJson } from '../wire/exact-json.js';
import {
  CommandDroppedError,
  HmpCommandError,
  NoGreetingError,
  NotQmpError,
  QmpCommandError,
} from './errors.js';
import {
  EventHub,
  type EventStreamOptions,
  type QmpEvent,
  type QmpEventOf,
  type WaitForEventOptions,
} from './event-hub.js';
import { formatVersion, parseGreeting, type QmpGreeting } from './greeting.js';
import { isHmpErrorOutput } from './hmp-error-text.js';
import { InBandLimiter, QEMU_IN_BAND_WINDOW } from './in-band-limiter.js';
import { cachedLiveSchema, SchemaCheck, type SchemaCheckOptions } from './schema-check.js';
import type { ArgsOf, CommandName, CommandParameters, ReturnOf } from './types.js';

export const DEFAULT_GREETING_TIMEOUT_MS = 5_000;

/** Runs one command with fds attached some other way (see `routeFdCommands`). */
export type FdCommandRoute = (
  command: string,
  args: Record<string, unknown> | undefined,
  fds: readonly number[],
  options: { timeout?: number },
) => Promise<unknown>;

export interface QmpConnectOptions
  extends Omit<QapiSessionOptions, 'commandError' | 'nextId' | 'inBandIds'> {
  /**
   * Label in-band commands with ids (default false). QEMU answers in-band
   * commands strictly in order, so by default they go without ids and replies
   * are matched by order: QEMU reads its monitor a byte at a time, and the
   * bytes of an id cost it about a fifth of its command rate. `true` labels
   * every command, for peers that do not keep QEMU's ordering. Commands QEMU's
   * parser would refuse (and answer with a burst of stray errors) are refused
   * before sending either way. Always on with OOB, whose replies may overtake.
   */
  inBandIds?: boolean;
  /** Milliseconds to open the socket (10 s). */
  connectTimeout?: number;
  /** Milliseconds to wait for QEMU's greeting once connected (5 s). */
  greetingTimeout?: number;
  /** Enable out-of-band execution when QEMU offers it. */
  oob?: boolean;
  /** Aborts connecting. */
  signal?: AbortSignal;
  /** Events kept for subscribers that ask for history (100). */
  historySize?: number;
  /** How to name a Duplex target in errors. */
  name?: string;
  /**
   * Check every command against this QEMU's own schema before sending it: an
   * unknown command or argument fails with SchemaMismatchError, a deprecated
   * command calls `onDeprecated`. The schema is fetched once per QEMU version.
   */
  schemaCheck?: boolean | SchemaCheckOptions;
}

export interface ExecuteAndWaitOptions<Event> extends CallOptions {
  match?: (event: Event) => boolean;
}

/**
 * A QMP connection to QEMU: greeting and negotiation done, commands matched to
 * replies by id, events fanned out. Typed by a command map and an event map.
 */
export class QmpClient<Commands = QmpCommandMap, Events = QmpEventMap> extends SessionClient {
  private readonly events_: EventHub<Events>;
  private readonly limiter: InBandLimiter | undefined;
  private schemaCheck: SchemaCheck | undefined;
  /** fd-carrying commands go one at a time: QEMU keeps only the latest message's fds. */
  private fdCommands: Promise<unknown> = Promise.resolve();
  private fdRoute: FdCommandRoute | undefined;

  private constructor(
    session: QapiSession,
    /** QEMU's greeting: version and offered capabilities. */
    readonly greeting: QmpGreeting,
    /** Whether `exec-oob` may be used on this connection. */
    readonly oobEnabled: boolean,
    historySize: number,
    readonly name: string,
  ) {
    super(session);
    this.events_ = new EventHub<Events>(historySize);
    this.limiter = oobEnabled ? new InBandLimiter(QEMU_IN_BAND_WINDOW) : undefined;
    session.onMessage((message) => {
      if (typeof message.event !== 'string') return;
      if (message.event === 'COMMAND_DROPPED') this.commandDropped(message.data);
      this.events_.dispatch(message);
    });
    void session.closed.then((reason) => this.events_.close(reason));
  }

  /**
   * Connects to a QMP monitor: a socket path, `unix:PATH`, `tcp:HOST:PORT`, or
   * an open Duplex (e.g. `childProcessStream(child)` for `-qmp stdio`). Typed
   * for the newest bundled QEMU (10.0) unless given a version:
   * `QmpClient.connect<Qemu72>(path)`.
   */
  static connect<Version extends QemuTypes = DefaultQemu>(
    target: string | Target | Duplex,
    options?: QmpConnectOptions,
  ): Promise<QmpClient<Version['qmpCommands'], Version['qmpEvents']>>;
  /** The same, typed by command and event maps of one's own (e.g. `UntypedCommandMap`). */
  static connect<Commands = QmpCommandMap, Events = QmpEventMap>(
    target: string | Target | Duplex,
    options?: QmpConnectOptions,
  ): Promise<QmpClient<Commands, Events>>;
  static async connect<Commands, Events>(
    target: string | Target | Duplex,
    options: QmpConnectOptions = {},
  ): Promise<QmpClient<Commands, Events>> {
    const { session, name } = await openSession(target, {
      ...options,
      inBandIds: options.inBandIds === true || options.oob === true,
      commandError: (body, command, args) =>
        new QmpCommandError(body.class, body.desc, command, args),
    });
    try {
      const greeting = await waitForGreeting(session, name, options);
      const oob = options.oob === true && greeting.capabilities.includes('oob');
      await session.request('qmp_capabilities', oob ? { enable: ['oob'] } : undefined, {
        ...(options.signal ? { signal: options.signal } : {}),
        timeout: options.greetingTimeout ?? DEFAULT_GREETING_TIMEOUT_MS,
      });
      const client = new QmpClient<Commands, Events>(
        session,
        greeting,
        oob,
        options.historySize ?? 100,
        name,
      );
      if (options.schemaCheck) {
        await client.enableSchemaCheck(options.schemaCheck === true ? {} : options.schemaCheck);
      }
      return client;
    } catch (error) {
      await session.close(error as Error);
      throw error;
    }
  }

  /** Runs a command and resolves with its `return` value. */
  execute<Name extends CommandName<Commands>>(
    command: Name,
    ...[args, options]: CommandParameters<ArgsOf<Commands, Name>>
  ): Promise<ReturnOf<Commands, Name>> {
    return this.executeUntyped(command, args, options) as Promise<ReturnOf<Commands, Name>>;
  }

  /** Runs a command out of band (`exec-oob`): it may overtake in-band commands. */
  executeOob<Name extends CommandName<Commands>>(
    command: Name,
    ...[args, options]: CommandParameters<ArgsOf<Commands, Name>>
  ): Promise<ReturnOf<Commands, Name>> {
    if (!this.oobEnabled) {
      return Promise.reject(
        new QmpCommandError(
          'CommandNotFound',
          'out-of-band execution is not enabled on this connection',
          command,
          args,
        ),
      );
    }
    return this.session.request(command, args, { ...options, oob: true }) as Promise<
      ReturnOf<Commands, Name>
    >;
  }

  /** Runs any command, typed or not: for commands outside the schema (a custom QEMU build). */
  executeUntyped(command: string, args?: unknown, options?: CallOptions): Promise<unknown> {
    const problem = this.schemaCheck?.problemWith(command, args);
    if (problem) return Promise.reject(problem);
    if (this.limiter) return this.limiter.run(() => this.session.request(command, args, options));
    return this.session.request(command, args, options);
  }

  /** Calls `listener` for every `name` event; returns the function that unsubscribes. */
  on<Name extends keyof Events & string>(
    name: Name,
    listener: (data: Events[Name], event: QmpEvent<Name, Events[Name]>) => void,
  ): () => void {
    return this.events_.on(name, (event) =>
      listener(event.data as Events[Name], event as QmpEvent<Name, Events[Name]>),
    );
  }

  /** Calls `listener` for every event. */
  onAnyEvent(listener: (event: QmpEventOf<Events>) => void): () => void {
    return this.events_.on('*', listener as (event: QmpEvent) => void);
  }

  /** Events as an async iterator with a bounded buffer; ends on `signal`, fails when the connection drops. */
  events<Name extends keyof Events & string = keyof Events & string>(
    options: EventStreamOptions<Events, Name> = {},
  ): AsyncIterableIterator<QmpEventOf<Pick<Events, Name>>> {
    return this.events_.stream(options);
  }

  /** Recently received events, oldest first. */
  recentEvents(): readonly QmpEventOf<Events>[] {
    return this.events_.history() as readonly QmpEventOf<Events>[];
  }

  /** Resolves with the next `name` event that matches. */
  waitForEvent<Name extends keyof Events & string>(
    name: Name,
    options: WaitForEventOptions<QmpEvent<Name, Events[Name]>> = {},
  ): Promise<QmpEvent<Name, Events[Name]>> {
    return this.events_.waitFor(name, options as WaitForEventOptions<QmpEvent>) as Promise<
      QmpEvent<Name, Events[Name]>
    >;
  }

  /**
   * Runs a command and waits for the event that shows its effect (`device_del`
   * → `DEVICE_DELETED`). Subscribes before sending, so the event cannot be missed.
   */
  async executeAndWait<Name extends CommandName<Commands>, EventName extends keyof Events & string>(
    command: Name,
    args: ArgsOf<Commands, Name>,
    eventName: EventName,
    options: ExecuteAndWaitOptions<QmpEvent<EventName, Events[EventName]>> = {},
  ): Promise<{ result: ReturnOf<Commands, Name>; event: QmpEvent<EventName, Events[EventName]> }> {
    const stopWaiting = new AbortController();
    const signal = options.signal
      ? AbortSignal.any([options.signal, stopWaiting.signal])
      : stopWaiting.signal;
    const event = this.waitForEvent(eventName, { ...options, signal });
    try {
      const result = (await this.executeUntyped(command, args, options)) as ReturnOf<
        Commands,
        Name
      >;
      return { result, event: await event };
    } catch (error) {
      stopWaiting.abort();
      await event.catch(() => {});
      throw error;
    }
  }

  /** Runs an HMP command line through `human-monitor-command` and returns its text (LF line ends). */
  async hmp(
    commandLine: string,
    options: CallOptions & { cpuIndex?: number } = {},
  ): Promise<string> {
    const args: Record<string, unknown> = { 'command-line': commandLine };
    if (options.cpuIndex !== undefined) args['cpu-index'] = options.cpuIndex;
    const output = String(
      await this.executeUntyped('human-monitor-command', args, options),
    ).replace(/\r\n/g, '\n');
    if (isHmpErrorOutput(commandLine, output)) throw new HmpCommandError(commandLine, output);
    return output;
  }

  /**
   * Runs a command with file descriptors attached (SCM_RIGHTS), e.g. `getfd` or
   * `add-fd`. Needs a unix socket connection and the native addon. The fds stay
   * yours: QEMU receives copies, so close yours when this settles.
   */
  executeWithFds<Name extends CommandName<Commands>>(
    command: Name,
    fds: readonly number[],
    ...[args, options = {}]: CommandParameters<ArgsOf<Commands, Name>>
  ): Promise<ReturnOf<Commands, Name>> {
    if (this.fdRoute) {
      const { timeout } = options as { timeout?: number };
      return this.fdRoute(command, args as Record<string, unknown> | undefined, fds, {
        ...(timeout !== undefined ? { timeout } : {}),
      }) as Promise<ReturnOf<Commands, Name>>;
    }
    const socket = this.session.stream;
    if (!(socket instanceof Socket)) {
      const why = 'file descriptors can only be passed over a unix socket connection';
      return Promise.reject(new FdPassingUnavailableError(why));
    }
    const run = () =>
      this.session.requestVia(command, args, options, (bytes) =>
        writeWithFds(socket, bytes, fds, options.signal ? { signal: options.signal } : {}),
      );
    const result = this.fdCommands.then(run, run);
    this.fdCommands = result.catch(() => {});
    return result as Promise<ReturnOf<Commands, Name>>;
  }

  /**
   * Sends fd-carrying commands (`executeWithFds`) another way than this
   * connection: for a client of a multiplexer in the same process, which
   * cannot pass fds from its clients but can pass them to QEMU itself.
   */
  routeFdCommands(route: FdCommandRoute | undefined): void {
    this.fdRoute = route;
  }

  /** Starts checking commands against this QEMU's own schema (see `schemaCheck`). */
  async enableSchemaCheck(options: SchemaCheckOptions = {}): Promise<SchemaCheck> {
    const version = `${formatVersion(this.greeting.version)} ${this.greeting.version.package}`;
    const schema = await cachedLiveSchema(version, () => this.session.request('query-qmp-schema'));
    this.schemaCheck = new SchemaCheck(schema, formatVersion(this.greeting.version), options);
    return this.schemaCheck;
  }

  private commandDropped(data: unknown): void {
    const { id, reason } = (data ?? {}) as { id?: unknown; reason?: string };
    this.session.rejectPending(
      id,
      (command) => new CommandDroppedError(command, reason ?? 'queue-full'),
    );
  }
}

function waitForGreeting(
  session: QapiSession,
  name: string,
  options: QmpConnectOptions,
): Promise<QmpGreeting> {
  const timeoutMs = options.greetingTimeout ?? DEFAULT_GREETING_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new NoGreetingError(name, timeoutMs)), timeoutMs);
    const onAbort = () => done(new DisconnectedError('connect', options.signal?.reason));
    const done = (error: Error | undefined, greeting?: QmpGreeting) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stopMessages();
      stopDecodeErrors();
      if (error) reject(error);
      else resolve(greeting!);
    };
    const stopMessages = session.onMessage((message) => {
      // QEMU can pass an event to a new client in the moment before it greets it
      // (its monitor still in command mode from an earlier client): not a reason to give up.
      if (typeof message.event === 'string') return;
      const greeting = parseGreeting(message);
      done(
        greeting
          ? undefined
          : new NotQmpError(name, `first message was ${stringifyJson(message)?.slice(0, 80)}`),
        greeting,
      );
    });
    const stopDecodeErrors = session.onDecodeError((error: WireDecodeError) => {
      const hmp = /monitor - type 'help'/.test(error.excerpt);
      done(
        new NotQmpError(
          name,
          hmp ? 'it is an HMP monitor; use HmpConsole' : `it sent ${error.excerpt}`,
        ),
      );
    });
    void session.closed.then((reason) => done(new DisconnectedError('greeting', reason.cause)));
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
