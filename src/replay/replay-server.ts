import { readFile } from 'node:fs/promises';
import type net from 'node:net';
import type { ClientSession, CommandBackend, ReplySlot } from '../mux/backend.js';
import type { ClientConnection, ClientHooks, ClientLimits } from '../mux/client-connection.js';
import { createGuardedServer } from '../mux/guarded-server.js';
import {
  checkListenerSecurity,
  type ListenerSecurityOptions,
  loadListenerSecurity,
} from '../mux/listener-security.js';
import { formatListenAddress, listen, parseListenAddress } from '../mux/listeners.js';
import { DEFAULT_CLIENT_LIMITS } from '../mux/mux.js';
import { formatQemuJson } from '../mux/qemu-json.js';
import { QmpDownstream } from '../mux/qmp-downstream.js';
import type { QmpRequest } from '../mux/qmp-request.js';
import { errorReply, returnReply } from '../mux/replies.js';
import { exchangeKey, parseRecording, type RecordedExchange, type Recording } from './recording.js';

/** Like the mux's listeners, a TCP one needs `tls` or `tokenFile` unless `insecure` is set. */
export interface ReplayServerOptions extends ListenerSecurityOptions {
  /** A traffic log: the path of a file, or its lines. */
  log: string | readonly string[];
  /** Where clients connect: `unix:PATH`, a path, `tcp:HOST:PORT` (port 0 picks one). */
  listen: string;
  /** Which client's session to replay from a mux traffic log (needed when it holds several). */
  client?: string;
  /** A unix socket's group (name or id): its members may connect too (mode 0660 instead of 0600). */
  group?: string | number;
  limits?: Partial<ClientLimits>;
  /** Milliseconds a TCP client has for TLS and its token (10 s). */
  authTimeout?: number;
  /** Where the warning of an `insecure` listener goes (stderr). */
  warn?: (message: string) => void;
}

export interface ReplayStats {
  clients: number;
  /** Commands answered from the recording. */
  answered: number;
  /** Commands the recording has no reply for. */
  unmatched: number;
}

export interface ReplayServer {
  /** The bound address, e.g. `tcp:127.0.0.1:40123`. */
  readonly address: string;
  readonly recording: Recording;
  stats(): ReplayStats;
  close(): Promise<void>;
}

/**
 * A QMP server that plays a recorded session back: the recorded greeting, each
 * command answered with the recorded reply for the same command and arguments
 * (the next unused one; the last one again once they are used up), ids those of
 * the client, and the recorded events around the reply they belonged to. Every
 * client gets the whole recording afresh.
 */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const lines =
    typeof options.log === 'string'
      ? (await readFile(options.log, 'utf8')).split('\n')
      : options.log;
  const recording = parseRecording(lines, options.client);
  const warning = checkListenerSecurity(
    options.listen,
    parseListenAddress(options.listen),
    options,
  );
  if (warning)
    (options.warn ?? ((message: string) => process.stderr.write(`${message}\n`)))(warning);
  const security = await loadListenerSecurity(options.listen, options);
  const byKey = new Map<string, RecordedExchange[]>();
  for (const exchange of recording.exchanges) {
    const key = exchangeKey(exchange.command, exchange.args);
    const list = byKey.get(key);
    if (list) list.push(exchange);
    else byKey.set(key, [exchange]);
  }

  const stats: ReplayStats = { clients: 0, answered: 0, unmatched: 0 };
  const limits = { ...DEFAULT_CLIENT_LIMITS, ...options.limits };
  const connections = new Set<ClientConnection>();
  const hooks: ClientHooks = {
    log: () => {},
    traffic: undefined,
    gone: (client) => connections.delete(client),
  };
  let counter = 0;
  const refusal = `${errorReply(undefined, 'GenericError', 'qmon replay: authentication failed')}\r\n`;
  const serve = (socket: net.Socket) => {
    stats.clients++;
    const backend = new ReplayBackend(byKey, recording, stats);
    const client = new QmpDownstream(
      socket,
      `r${++counter}`,
      { name: 'replay', protocol: 'qmp', policy: {} },
      limits,
      hooks,
      backend,
      recording.capabilities,
    );
    connections.add(client);
    client.start(recording.greetingText);
    // The guarded server hands sockets over paused.
    socket.resume();
  };
  const guarded = createGuardedServer(security, options.authTimeout ?? 10_000, refusal, {
    admitted: serve,
    refused: () => {},
  });
  const open = await listen(guarded.server, options.listen, options.group);
  return {
    address: formatListenAddress(open.address),
    recording,
    stats: () => ({ ...stats }),
    close: async () => {
      for (const client of connections) client.socket.destroy();
      guarded.destroyConnections();
      await open.close();
    },
  };
}

/** One client's position in the recording. */
class ReplayBackend implements CommandBackend {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly byKey: ReadonlyMap<string, RecordedExchange[]>,
    private readonly recording: Recording,
    private readonly stats: ReplayStats,
  ) {}

  negotiated(client: ClientSession): void {
    for (const event of this.recording.afterNegotiation) client.sendEvent(event);
  }

  submit(client: ClientSession, request: QmpRequest, slot: ReplySlot): void {
    const key = exchangeKey(request.command, request.args);
    const candidates = this.byKey.get(key);
    if (!candidates) {
      this.stats.unmatched++;
      const desc = `qmon replay: the recording has no reply to ${request.command} with these arguments`;
      client.resolve(slot, errorReply(slot.idText, 'GenericError', desc), true);
      return;
    }
    const index = this.used.get(key) ?? 0;
    this.used.set(key, index + 1);
    const exchange = candidates[Math.min(index, candidates.length - 1)]!;
    const fresh = index < candidates.length;
    this.stats.answered++;
    // Events are part of the exchange only the first time it is played.
    if (fresh) for (const event of exchange.before) client.sendEvent(event);
    const { reply } = exchange;
    if ('error' in reply) {
      client.resolve(slot, errorReply(slot.idText, reply.error.class, reply.error.desc), true);
    } else client.resolve(slot, returnReply(slot.idText, formatQemuJson(reply.return)), false);
    if (fresh) for (const event of exchange.after) client.sendEvent(event);
  }
}
