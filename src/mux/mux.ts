import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Backoff } from '../backoff.js';
import { formatVersion } from '../qmp/greeting.js';
import type { TrafficLogTarget } from '../session/traffic-log.js';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../transport/connect-socket.js';
import { parseTarget } from '../transport/target.js';
import type {
  ClientConnection,
  ClientHooks,
  ClientLimits,
  ClientStats,
  ListenerInfo,
} from './client-connection.js';
import { InvalidOptionError, MuxUpstreamError } from './errors.js';
import { createGuardedServer } from './guarded-server.js';
import { HmpDownstream } from './hmp-downstream.js';
import { InProcessClient } from './in-process-client.js';
import {
  type MuxListenerOptions,
  type PreparedListener,
  prepareListener,
} from './listener-setup.js';
import { formatListenAddress, listen, type OpenServer } from './listeners.js';
import type { MuxCommandMap, MuxEventMap } from './mux-protocol.js';
import { createMuxTrafficLog, type MuxTrafficLog } from './mux-traffic.js';
import { formatQemuJson } from './qemu-json.js';
import { QmpDownstream } from './qmp-downstream.js';
import { errorReply, eventMessage, returnReply } from './replies.js';
import { type RouterStats, UpstreamRouter } from './router.js';
import { Upstream } from './upstream.js';

export type { MuxListenerOptions };

export interface MuxReconnectOptions {
  /** First wait before reconnecting, in ms (100); it doubles after each failure. */
  initialDelay?: number;
  /** Longest wait between attempts, in ms (5000). */
  maxDelay?: number;
  /** Give up and stop after this many ms without QEMU (forever). */
  giveUpAfter?: number;
}

export interface MuxOptions {
  /** QEMU's QMP monitor: a socket path, `unix:PATH` or `tcp:HOST:PORT`. */
  upstream: string;
  /** Where clients connect; a string is a QMP listener with no restrictions. */
  listen: readonly (string | MuxListenerOptions)[];
  /** Negotiate OOB with QEMU when offered, so clients can use `exec-oob` (true). */
  oob?: boolean;
  /** When QEMU goes away: stop (false, the default) or wait for it to come back. */
  reconnect?: boolean | MuxReconnectOptions;
  /** Per-client bounds; see ClientLimits. */
  limits?: Partial<ClientLimits>;
  /** Longest message accepted from QEMU, in characters (256 MiB). */
  maxUpstreamMessage?: number;
  /** `TIME CLIENT -->|<-- JSON` lines of every client's traffic: a file path or a callback. */
  trafficLog?: TrafficLogTarget;
  /**
   * Called with every event QEMU sends (its JSON text), from the moment the
   * mux holds the monitor, whether or not any client is connected: for an
   * owner in the same process that must miss none (the daemon's event log).
   */
  onEvent?: (text: string) => void;
  /** Where the mux reports disconnections and upstream trouble (stderr). */
  log?: (message: string) => void;
  /** Milliseconds a client has to complete TLS and send its token (10 s). */
  authTimeout?: number;
  /** Milliseconds to connect to QEMU (10 s), and to get its greeting and negotiate (5 s). */
  connectTimeout?: number;
  greetingTimeout?: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  maxCommandLength: 4 * 1024 * 1024,
  maxOutputBytes: 8 * 1024 * 1024,
  pauseOutputBytes: 1024 * 1024,
  maxPendingCommands: 64,
};

export interface MuxListener {
  name: string;
  protocol: 'qmp' | 'hmp';
  /** The bound address, e.g. `tcp:127.0.0.1:40123` or `unix:/run/vm/qmp.sock`. */
  address: string;
}

export interface MuxStats {
  upstream: RouterStats & {
    target: string;
    connected: boolean;
    /** QEMU's version, e.g. `7.2.22`. */
    qemu: string | undefined;
    oob: boolean;
    reconnects: number;
  };
  /** `refused`: connections that failed authentication. */
  listeners: (MuxListener & { clients: number; accepted: number; refused: number })[];
  clients: ClientStats[];
  /** The last disconnections, newest last. */
  recentDisconnects: { client: string; listener: string; reason: string; at: string }[];
}

/** Why the mux stopped. */
export type MuxCloseReason = { kind: 'closed' } | { kind: 'upstream-lost'; error: Error };

export interface MuxHandle {
  readonly listeners: readonly MuxListener[];
  stats(): MuxStats;
  /**
   * Runs a command with file descriptors attached (SCM_RIGHTS), e.g. `add-fd`,
   * on QEMU's monitor, for an owner in this process: the mux's clients cannot
   * pass fds through it. Resolves with the command's `return`; QEMU's error
   * is a QmpCommandError. The fds stay the caller's. Needs the native addon.
   */
  executeWithFds(
    command: string,
    args: Record<string, unknown> | undefined,
    fds: readonly number[],
    options?: { timeout?: number },
  ): Promise<unknown>;
  /**
   * Runs a command on QEMU's monitor for an owner in this process, as one
   * more client of the mux but without a socket between them (`timeout`: ms,
   * default 30 s). Resolves with its `return`; QEMU's error is a QmpCommandError.
   */
  execute(
    command: string,
    args?: Record<string, unknown>,
    options?: { timeout?: number },
  ): Promise<unknown>;
  /** Settles when the mux has stopped: `close()` was called, or QEMU went away for good. */
  readonly closed: Promise<MuxCloseReason>;
  close(): Promise<void>;
}

/** Name of the mux-local QMP command that returns MuxStats. */
export const STATS_COMMAND = 'x-qmon-mux-stats' satisfies keyof MuxCommandMap;
const RECENT_DISCONNECTS = 20;
const FD_COMMAND_TIMEOUT_MS = 10_000;
const IN_PROCESS_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 500;

/**
 * Holds QEMU's one QMP connection and serves any number of QMP and HMP
 * clients on its listeners. Resolves once QEMU is connected and every listener
 * is bound; throws (and leaves nothing open) when either fails.
 */
export async function startMux(options: MuxOptions): Promise<MuxHandle> {
  if (options.listen.length === 0) throw new InvalidOptionError('startMux: no listeners given');
  const mux = new Mux(options);
  await mux.start();
  return mux;
}

interface ListenerState extends MuxListener {
  info: ListenerInfo;
  server: OpenServer;
  destroyConnections: () => void;
  clients: number;
  accepted: number;
  refused: number;
}

class Mux implements MuxHandle {
  readonly closed: Promise<MuxCloseReason>;
  listeners: MuxListener[] = [];

  private readonly router = new UpstreamRouter();
  private readonly inProcess = new InProcessClient(this.router);
  private readonly limits: ClientLimits;
  private readonly log: (message: string) => void;
  private readonly traffic: MuxTrafficLog | undefined;
  private readonly hooks: ClientHooks;
  private readonly target: string;
  private readonly listenerStates: ListenerState[] = [];
  private readonly connections = new Set<ClientConnection>();
  /** Clients accepted while QEMU is away; they get their greeting when it is back. */
  private held: { listener: ListenerState; socket: net.Socket }[] = [];
  private readonly recentDisconnects: MuxStats['recentDisconnects'] = [];
  private upstream: Upstream | undefined;
  private fdCommands: Promise<unknown> = Promise.resolve();
  private reconnects = 0;
  private clientCounter = 0;
  private stopping = false;
  private readonly stopWaiting = new AbortController();
  private resolveClosed!: (reason: MuxCloseReason) => void;

  constructor(private readonly options: MuxOptions) {
    this.target = options.upstream;
    this.limits = { ...DEFAULT_CLIENT_LIMITS, ...options.limits };
    this.log = options.log ?? ((message) => process.stderr.write(`qmon mux: ${message}\n`));
    this.traffic = options.trafficLog
      ? createMuxTrafficLog(options.trafficLog, (error) =>
          this.log(`traffic log: ${error.message}`),
        )
      : undefined;
    this.hooks = {
      log: this.log,
      traffic: this.traffic
        ? (client, direction, text) => this.traffic!.write(client, direction, text)
        : undefined,
      gone: (client, reason) => this.clientGone(client, reason),
    };
    this.router.log = this.log;
    if (options.onEvent) this.router.onEvent = options.onEvent;
    this.router.localCommand = (client, request, slot) => {
      if (request.command !== STATS_COMMAND) return false;
      client.resolve(slot, returnReply(slot.idText, formatQemuJson(this.stats())), false);
      return true;
    };
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  async start(): Promise<void> {
    let prepared: PreparedListener[];
    try {
      // Refuse an insecure or unreadable listener before anything connects.
      prepared = await Promise.all(
        this.options.listen.map((spec, index) => prepareListener(spec, index, this.log)),
      );
      this.attach(await this.connectUpstream());
    } catch (error) {
      await this.traffic?.close();
      throw error;
    }
    try {
      for (const listener of prepared) await this.openListener(listener);
    } catch (error) {
      await this.shutdown({ kind: 'closed' }, 'qmon mux: failed to start');
      throw error;
    }
  }

  stats(): MuxStats {
    const greeting = this.upstream?.greeting;
    return {
      upstream: {
        target: this.target,
        connected: this.upstream !== undefined,
        qemu: greeting ? formatVersion(greeting.version) : undefined,
        oob: this.upstream?.oobEnabled ?? false,
        reconnects: this.reconnects,
        ...this.router.stats,
      },
      listeners: this.listenerStates.map(
        ({ name, protocol, address, clients, accepted, refused }) => ({
          name,
          protocol,
          address,
          clients,
          accepted,
          refused,
        }),
      ),
      clients: [...this.connections].map((client) => client.snapshot()),
      recentDisconnects: [...this.recentDisconnects],
    };
  }

  async close(): Promise<void> {
    await this.shutdown({ kind: 'closed' }, 'qmon mux: the multiplexer is shutting down');
  }

  executeWithFds(
    command: string,
    args: Record<string, unknown> | undefined,
    fds: readonly number[],
    options: { timeout?: number } = {},
  ): Promise<unknown> {
    const timeout = options.timeout ?? FD_COMMAND_TIMEOUT_MS;
    // QEMU keeps only the fds of the latest message that carried any: one at a time, reply first.
    const run = () => this.inProcess.run(command, args, timeout, fds);
    const result = this.fdCommands.then(run, run);
    this.fdCommands = result.catch(() => {});
    return result;
  }

  execute(
    command: string,
    args?: Record<string, unknown>,
    options: { timeout?: number } = {},
  ): Promise<unknown> {
    if (this.stopping)
      return Promise.reject(
        new MuxUpstreamError('UPSTREAM_LOST', command, 'qmon mux: the multiplexer has stopped'),
      );
    return this.inProcess.run(command, args, options.timeout ?? IN_PROCESS_TIMEOUT_MS);
  }

  private connectUpstream(): Promise<Upstream> {
    return Upstream.connect(parseTarget(this.target), {
      oob: this.options.oob ?? true,
      connectTimeout: this.options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_MS,
      greetingTimeout: this.options.greetingTimeout ?? 5_000,
      maxMessageLength: this.options.maxUpstreamMessage ?? 256 * 1024 * 1024,
      signal: this.stopWaiting.signal,
    });
  }

  private attach(upstream: Upstream): void {
    this.upstream = upstream;
    this.router.attach(upstream);
    void upstream.closed.then((reason) => this.upstreamLost(upstream, reason));
    const held = this.held;
    this.held = [];
    for (const { listener, socket } of held) if (!socket.destroyed) this.serve(listener, socket);
  }

  private async openListener({ options, protocol, name, security }: PreparedListener) {
    const info: ListenerInfo = { name, protocol, policy: options };
    const refusal =
      protocol === 'qmp'
        ? `${errorReply(undefined, 'GenericError', 'qmon mux: authentication failed')}\r\n`
        : 'Error: qmon mux: authentication failed\r\n';
    let state: ListenerState | undefined;
    const guarded = createGuardedServer(security, this.options.authTimeout ?? 10_000, refusal, {
      admitted: (socket) => {
        if (!state || this.stopping) socket.destroy();
        else if (this.upstream) this.serve(state, socket);
        else this.held.push({ listener: state, socket });
      },
      refused: (peer, reason) => {
        if (state) state.refused++;
        this.log(`refused a client of ${name} (${peer}): ${reason}`);
      },
    });
    guarded.server.on('connection', () => {
      if (state) state.accepted++;
    });
    const open = await listen(guarded.server, options.address, options.group);
    if (this.stopping) {
      await open.close();
      throw new MuxUpstreamError('UPSTREAM_LOST', this.target, 'QEMU went away while starting');
    }
    state = {
      name,
      protocol,
      address: formatListenAddress(open.address),
      info,
      server: open,
      destroyConnections: guarded.destroyConnections,
      clients: 0,
      accepted: 0,
      refused: 0,
    };
    this.listenerStates.push(state);
    this.listeners = this.listenerStates.map(({ name, protocol, address }) => ({
      name,
      protocol,
      address,
    }));
  }

  private serve(listener: ListenerState, socket: net.Socket): void {
    const upstream = this.upstream!;
    const id = `c${++this.clientCounter}`;
    listener.clients++;
    if (listener.protocol === 'hmp') {
      const client = new HmpDownstream(
        socket,
        id,
        listener.info,
        this.limits,
        this.hooks,
        this.router,
      );
      this.connections.add(client);
      client.start(formatVersion(upstream.greeting!.version));
      socket.resume();
      return;
    }
    const capabilities = upstream.oobEnabled ? ['oob'] : [];
    const client = new QmpDownstream(
      socket,
      id,
      listener.info,
      this.limits,
      this.hooks,
      this.router,
      capabilities,
    );
    this.connections.add(client);
    this.router.clients.add(client);
    client.start(this.clientGreeting(upstream));
    socket.resume();
  }

  /** QEMU's greeting as QEMU wrote it, unless the mux declined OOB and must not offer it. */
  private clientGreeting(upstream: Upstream): string {
    const greeting = upstream.greeting!;
    if (upstream.oobEnabled || !greeting.capabilities.includes('oob')) return upstream.greetingText;
    return formatQemuJson({ QMP: { version: greeting.version, capabilities: [] } });
  }

  private clientGone(client: ClientConnection, reason: string): void {
    if (!this.connections.delete(client)) return;
    this.router.forget(client);
    const listener = this.listenerStates.find((state) => state.info === client.listener);
    if (listener) listener.clients--;
    this.recentDisconnects.push({
      client: client.id,
      listener: client.listener.name,
      reason,
      at: new Date().toISOString(),
    });
    if (this.recentDisconnects.length > RECENT_DISCONNECTS) this.recentDisconnects.shift();
  }

  private upstreamLost(upstream: Upstream, reason: Error): void {
    if (this.upstream !== upstream) return;
    this.upstream = undefined;
    this.router.detach();
    if (this.stopping) return;
    const reconnecting = this.options.reconnect !== undefined && this.options.reconnect !== false;
    this.log(
      `lost the connection to QEMU (${reason.message})${reconnecting ? '; reconnecting' : ''}`,
    );
    const desc = `qmon mux: lost the connection to QEMU (${reason.message})`;
    const farewell = eventMessage('QMON_MUX_UPSTREAM_LOST', {
      reason: reason.message,
      reconnecting,
    } satisfies MuxEventMap['QMON_MUX_UPSTREAM_LOST']);
    for (const client of [...this.connections]) client.abort(desc, farewell);
    this.inProcess.abort(desc);
    if (reconnecting) void this.reconnect(reason);
    else void this.shutdown({ kind: 'upstream-lost', error: reason }, desc);
  }

  private async reconnect(lastError: Error): Promise<void> {
    const settings = typeof this.options.reconnect === 'object' ? this.options.reconnect : {};
    const backoff = new Backoff(settings.initialDelay ?? 100, settings.maxDelay ?? 5_000);
    const giveUpAt = performance.now() + (settings.giveUpAfter ?? Number.POSITIVE_INFINITY);
    let error = lastError;
    while (!this.stopping) {
      const wait = Math.min(backoff.next(), Math.max(0, giveUpAt - performance.now()));
      await sleep(wait, undefined, { signal: this.stopWaiting.signal }).catch(() => {});
      if (this.stopping) return;
      try {
        const upstream = await this.connectUpstream();
        if (this.stopping) {
          upstream.close();
          return;
        }
        this.reconnects++;
        this.log(`reconnected to QEMU at ${this.target}`);
        this.attach(upstream);
        return;
      } catch (failure) {
        error = failure as Error;
      }
      if (performance.now() >= giveUpAt) break;
    }
    if (!this.stopping) {
      this.log(`giving up on QEMU: ${error.message}`);
      await this.shutdown(
        { kind: 'upstream-lost', error },
        `qmon mux: QEMU did not come back (${error.message})`,
      );
    }
  }

  private async shutdown(reason: MuxCloseReason, desc: string): Promise<void> {
    if (this.stopping) {
      await this.closed;
      return;
    }
    this.stopping = true;
    this.stopWaiting.abort();
    const farewell = eventMessage('QMON_MUX_SHUTDOWN', {
      reason: desc,
    } satisfies MuxEventMap['QMON_MUX_SHUTDOWN']);
    for (const client of [...this.connections]) client.abort(desc, farewell);
    this.inProcess.abort(desc);
    for (const { socket } of this.held) socket.destroy();
    this.held = [];
    const servers = this.listenerStates.map((state) => state.server.close());
    const sockets = [...this.connections].map((client) => closeSoon(client.socket));
    this.upstream?.close();
    // Clients get their farewell first; then whatever is still open (clients
    // still authenticating) goes, or the servers would wait for it.
    await Promise.all(sockets);
    for (const state of this.listenerStates) state.destroyConnections();
    await Promise.all(servers);
    await this.traffic?.close();
    this.resolveClosed(reason);
  }
}

/** Waits for a socket to close after its final writes, then forces it. */
function closeSoon(socket: net.Socket): Promise<void> {
  if (socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
