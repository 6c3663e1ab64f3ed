import type { Duplex } from 'node:stream';
import { type QgaCommandMap, qgaCommandMetadata } from '../schema/generated/qemu-10.0/qga.js';
import type { DefaultQemu, QemuTypes } from '../schema/qemu-versions.js';
import type { ArgsOf, CommandName, CommandParameters, ReturnOf } from '../session/command-types.js';
import { CommandAbortedError, CommandTimeoutError, DisconnectedError } from '../session/errors.js';
import {
  type CallOptions,
  DEFAULT_COMMAND_TIMEOUT_MS,
  type QapiSession,
  type QapiSessionOptions,
} from '../session/qapi-session.js';
import { openSession } from '../session/session-client.js';
import type { Target } from '../transport/target.js';
import type { AgentCaller } from './agent-caller.js';
import { syncAgent } from './agent-sync.js';
import { qgaCommandError } from './errors.js';
import { uniqueRequestIds } from './request-ids.js';
import { SerialLock } from './serial-lock.js';
import { QgaCommands } from './typed-commands.js';
import { type ReadyOptions, waitUntilReady } from './wait-until-ready.js';

export const DEFAULT_SYNC_TIMEOUT_MS = 5_000;
export const DEFAULT_NO_REPLY_WINDOW_MS = 1_000;

export interface QgaConnectOptions extends Omit<QapiSessionOptions, 'commandError' | 'nextId'> {
  /** Milliseconds to open the socket (10 s). */
  connectTimeout?: number;
  /** Milliseconds to wait for the agent to answer `guest-sync-delimited` on connect (5 s). */
  syncTimeout?: number;
  /**
   * Commands that reply only on failure (`guest-shutdown`, `guest-suspend-*`)
   * resolve this many ms after they are sent if no error came back (1 s), or at
   * once if the connection closes (the VM went down).
   */
  noReplyWindow?: number;
  /** More commands that reply only on failure (a custom agent's), besides the standard ones. */
  noReplyCommands?: Iterable<string>;
  /** Aborts connecting. */
  signal?: AbortSignal;
  /** How to name a Duplex target in errors. */
  name?: string;
}

export interface UntypedCallOptions extends CallOptions {
  /** The command replies only on failure: resolve after the no-reply window instead of waiting. */
  noReply?: boolean;
}

/**
 * A connection to a QEMU guest agent (qemu-ga). The agent handles one request at
 * a time, so requests go one at a time, in call order; each is bounded by its
 * timeout (counted from the call, queueing included) and can be aborted. After a
 * timeout or abort the channel is resynchronised before the next request, and
 * every request carries an id no other request ever had, so a late reply is
 * dropped and never mistaken for a later one.
 */
export class QgaClient<Commands = QgaCommandMap> extends QgaCommands {
  private readonly lock = new SerialLock();
  private needsSync = false;
  private readonly noReply: ReadonlySet<string>;
  readonly defaultTimeout: number;
  private readonly syncTimeout: number;
  private readonly noReplyWindow: number;
  /** The standard commands, typed, for the helpers (whatever `Commands` is). */
  protected readonly agent: AgentCaller;

  private constructor(
    session: QapiSession,
    /** How the agent is named in errors: `unix:PATH`, `tcp:HOST:PORT`, or the given name. */
    readonly name: string,
    options: QgaConnectOptions,
  ) {
    super(session);
    this.defaultTimeout = options.timeout ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.syncTimeout = options.syncTimeout ?? DEFAULT_SYNC_TIMEOUT_MS;
    this.noReplyWindow = options.noReplyWindow ?? DEFAULT_NO_REPLY_WINDOW_MS;
    const noReply = new Set<string>(options.noReplyCommands ?? []);
    for (const [command, meta] of Object.entries(qgaCommandMetadata))
      if (!meta.successResponse) noReply.add(command);
    this.noReply = noReply;
    this.agent = {
      call: (command, args, callOptions) =>
        this.executeUntyped(command, args, callOptions) as Promise<
          QgaCommandMap[typeof command]['returns']
        >,
      defaultTimeout: this.defaultTimeout,
      isOpen: () => !this.session.isClosed,
    };
  }

  /**
   * Connects to an agent socket (a path, `unix:PATH`, `tcp:HOST:PORT`, or an open
   * Duplex) and synchronises with the agent. Fails with ConnectError
   * (TARGET_NOT_FOUND, CONNECTION_REFUSED, ...) or AgentNotRespondingError when
   * the socket accepts but nothing answers; `waitUntilReady` retries both.
   */
  static connect<Version extends QemuTypes = DefaultQemu>(
    target: string | Target | Duplex,
    options?: QgaConnectOptions,
  ): Promise<QgaClient<Version['qgaCommands']>>;
  /** The same, typed by a command map of one's own. */
  static connect<Commands = QgaCommandMap>(
    target: string | Target | Duplex,
    options?: QgaConnectOptions,
  ): Promise<QgaClient<Commands>>;
  static async connect<Commands>(
    target: string | Target | Duplex,
    options: QgaConnectOptions = {},
  ): Promise<QgaClient<Commands>> {
    const { session, name } = await openSession(target, {
      ...options,
      channel: 'qga',
      nextId: uniqueRequestIds(),
      commandError: qgaCommandError,
    });
    try {
      await syncAgent(session, {
        timeout: options.syncTimeout ?? DEFAULT_SYNC_TIMEOUT_MS,
        signal: options.signal,
        target: name,
      });
    } catch (error) {
      await session.close(error as Error);
      throw error;
    }
    return new QgaClient<Commands>(session, name, options);
  }

  /**
   * Connects and synchronises, retrying with backoff (a fresh connection each
   * time) until the agent answers or `timeout` (60 s) passes. Gives up with
   * QgaNotReadyError: `code` AGENT_SOCKET_MISSING, AGENT_CONNECTION_REFUSED, or
   * AGENT_NOT_RESPONDING (the socket accepts but nothing answers: the agent has
   * not started, or the guest has none).
   */
  static waitUntilReady<Commands = QgaCommandMap>(
    target: string | Target,
    options: ReadyOptions & {
      /** Options for the client once connected (its default call timeout, traffic log...). */
      client?: Omit<QgaConnectOptions, 'signal' | 'syncTimeout' | 'connectTimeout'>;
    } = {},
  ): Promise<QgaClient<Commands>> {
    const { client, ...ready } = options;
    return waitUntilReady(
      target,
      (attempt) =>
        QgaClient.connect<Commands>(target, {
          ...client,
          connectTimeout: attempt.connectTimeout,
          syncTimeout: attempt.syncTimeout,
          ...(attempt.signal ? { signal: attempt.signal } : {}),
        }),
      ready,
    );
  }

  /** Runs an agent command and resolves with its `return` value. */
  execute<Name extends CommandName<Commands>>(
    command: Name,
    ...[args, options]: CommandParameters<ArgsOf<Commands, Name>>
  ): Promise<ReturnOf<Commands, Name>> {
    return this.executeUntyped(command, args, options) as Promise<ReturnOf<Commands, Name>>;
  }

  /** Runs any command, typed or not: for commands outside the schema (a custom agent's). */
  executeUntyped(
    command: string,
    args?: unknown,
    options: UntypedCallOptions = {},
  ): Promise<unknown> {
    return this.run(command, args, options, options.noReply ?? this.noReply.has(command));
  }

  /** Resynchronises the channel now (normally done on connect and after a timeout or abort). */
  async sync(options: CallOptions = {}): Promise<void> {
    const timeout = options.timeout ?? this.syncTimeout;
    const release = await this.lock.acquire({
      timeoutMs: timeout,
      signal: options.signal,
      onTimeout: () => new CommandTimeoutError('guest-sync-delimited', timeout),
      onAbort: () => new CommandAbortedError('guest-sync-delimited', options.signal?.reason),
    });
    try {
      this.needsSync = true;
      await syncAgent(this.session, { timeout, signal: options.signal, target: this.name });
      this.needsSync = false;
    } finally {
      release();
    }
  }

  private async run(
    command: string,
    args: unknown,
    options: CallOptions,
    noReply: boolean,
  ): Promise<unknown> {
    const timeout = options.timeout ?? this.defaultTimeout;
    const { signal } = options;
    const started = performance.now();
    const remaining = () => timeout - (performance.now() - started);
    const timedOut = () => new CommandTimeoutError(command, timeout);
    const release = await this.lock.acquire({
      timeoutMs: timeout,
      signal,
      onTimeout: timedOut,
      onAbort: () => new CommandAbortedError(command, signal?.reason),
    });
    try {
      if (this.needsSync && !this.session.isClosed) {
        await syncAgent(this.session, {
          timeout: Math.max(1, remaining()),
          signal,
          target: this.name,
        }).catch((error: unknown) => {
          throw error instanceof CommandAbortedError
            ? new CommandAbortedError(command, signal?.reason)
            : error instanceof DisconnectedError
              ? new DisconnectedError(command, error.cause)
              : timedOut();
        });
        this.needsSync = false;
      }
      if (remaining() <= 0 && !this.session.isClosed) throw timedOut();
      const callOptions = { timeout: remaining(), ...(signal ? { signal } : {}) };
      if (noReply) return await this.sendWithoutReply(command, args, callOptions);
      return await this.session.request(command, args, callOptions);
    } catch (error) {
      if (error instanceof CommandTimeoutError || error instanceof CommandAbortedError) {
        // The agent may still be working on it, or a reply may be on its way: start clean.
        this.needsSync = true;
        if (error instanceof CommandTimeoutError) throw timedOut();
      }
      throw error;
    } finally {
      release();
    }
  }

  /**
   * For commands the agent answers only on failure: an error reply within the
   * window rejects; silence for the window, or the connection closing (the guest
   * went down), resolves with `{}`.
   */
  private async sendWithoutReply(
    command: string,
    args: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    if (this.session.isClosed) return this.session.request(command, args, options);
    const window = Math.min(this.noReplyWindow, options.timeout ?? this.noReplyWindow);
    try {
      return await this.session.request(command, args, { ...options, timeout: window });
    } catch (error) {
      if (error instanceof CommandTimeoutError) {
        this.needsSync = true;
        return {};
      }
      if (error instanceof DisconnectedError) return {};
      throw error;
    }
  }
}
