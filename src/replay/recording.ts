import { InvalidOptionError } from '../mux/errors.js';
import { parseMuxTrafficLine } from '../mux/mux-traffic.js';
import { formatQemuJson } from '../mux/qemu-json.js';
import { parseTrafficLine, type TrafficDirection } from '../session/traffic-log.js';
import { stringifyJson } from '../wire/exact-json.js';

/** One recorded command, its reply, and the events around it. */
export interface RecordedExchange {
  command: string;
  /** The arguments, `{}` when there were none. */
  args: Record<string, unknown>;
  oob: boolean;
  reply: { return: unknown } | { error: { class: string; desc: string } };
  /** Events that arrived while the command was waiting: sent just before its reply. */
  before: string[];
  /** Events that arrived after its reply with nothing else outstanding: sent just after it. */
  after: string[];
}

/** A QMP session read back from a traffic log. */
export interface Recording {
  /** The greeting, in QEMU's layout. */
  greetingText: string;
  capabilities: string[];
  exchanges: RecordedExchange[];
  /** Events that came after negotiation and before any other reply. */
  afterNegotiation: string[];
}

interface Entry {
  direction: TrafficDirection;
  message: unknown;
  client: string | undefined;
}

type Message = Record<string, unknown>;

/**
 * Reads a traffic log: QmpClient's `TIME -->|<-- JSON` lines or the mux's
 * `TIME CLIENT -->|<-- JSON` lines (one client's session: `client` picks it,
 * and may be left out when the log holds only one). Commands are matched to
 * replies by id (in order when the command had none); each event is tied to
 * the command it arrived during, or else to the reply it followed.
 */
export function parseRecording(lines: readonly string[], client?: string): Recording {
  const entries = selectClient(readEntries(lines), client);
  let greeting: Message | undefined;
  const exchanges: RecordedExchange[] = [];
  const outstanding: { id: string | undefined; exchange: RecordedExchange | 'negotiation' }[] = [];
  const afterNegotiation: string[] = [];
  let lastReplied: RecordedExchange | 'negotiation' | undefined;

  for (const { direction, message } of entries) {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) continue;
    const m = message as Message;
    if (direction === '-->') {
      const command = m.execute ?? m['exec-oob'];
      if (typeof command !== 'string') continue;
      const id = 'id' in m ? stringifyJson(m.id) : undefined;
      if (command === 'qmp_capabilities') {
        outstanding.push({ id, exchange: 'negotiation' });
        continue;
      }
      const exchange: RecordedExchange = {
        command,
        args: (m.arguments as Record<string, unknown> | undefined) ?? {},
        oob: typeof m['exec-oob'] === 'string',
        reply: { return: {} },
        before: [],
        after: [],
      };
      outstanding.push({ id, exchange });
      continue;
    }
    if ('QMP' in m) {
      greeting ??= m;
    } else if ('return' in m || 'error' in m) {
      const id = 'id' in m ? stringifyJson(m.id) : undefined;
      let at = outstanding.findIndex((entry) => entry.id === id);
      if (at < 0) at = outstanding.findIndex((entry) => entry.id === undefined);
      if (at < 0) continue;
      const [{ exchange }] = outstanding.splice(at, 1) as [(typeof outstanding)[number]];
      if (exchange !== 'negotiation') {
        exchange.reply =
          'error' in m
            ? { error: m.error as { class: string; desc: string } }
            : { return: m.return };
        exchanges.push(exchange);
      }
      lastReplied = exchange;
    } else if (typeof m.event === 'string') {
      const text = formatQemuJson(m);
      const waiting = outstanding.find((entry) => entry.exchange !== 'negotiation')?.exchange;
      if (waiting && waiting !== 'negotiation') waiting.before.push(text);
      else if (lastReplied && lastReplied !== 'negotiation') lastReplied.after.push(text);
      else afterNegotiation.push(text);
    }
  }
  if (!greeting) throw new InvalidOptionError('the traffic log holds no QMP greeting');
  const body = greeting.QMP as { capabilities?: unknown } | undefined;
  return {
    greetingText: formatQemuJson(greeting),
    capabilities: Array.isArray(body?.capabilities) ? body.capabilities.map(String) : [],
    exchanges,
    afterNegotiation,
  };
}

function readEntries(lines: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  for (const line of lines) {
    const plain = parseTrafficLine(line);
    if (plain) {
      entries.push({ direction: plain.direction, message: plain.message, client: undefined });
      continue;
    }
    const tagged = parseMuxTrafficLine(line);
    if (tagged)
      entries.push({ direction: tagged.direction, message: tagged.message, client: tagged.client });
  }
  return entries;
}

function selectClient(entries: Entry[], client: string | undefined): Entry[] {
  const clients = [...new Set(entries.map((entry) => entry.client).filter((c) => c !== undefined))];
  if (client !== undefined) {
    if (!clients.includes(client))
      throw new InvalidOptionError(`the traffic log holds no client ${JSON.stringify(client)}`);
    return entries.filter((entry) => entry.client === client);
  }
  if (clients.length > 1) {
    throw new InvalidOptionError(
      `the traffic log holds ${clients.length} clients (${clients.slice(0, 5).join(', ')}...): choose one with \`client\``,
    );
  }
  return entries;
}

/** A key that is equal for equal command names and equal arguments, whatever their key order. */
export function exchangeKey(command: string, args: unknown): string {
  return `${command}\u0000${canonical(args ?? {})}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Message)[key])}`).join(',')}}`;
  }
  return stringifyJson(value) ?? 'null';
}
