import { createWriteStream } from 'node:fs';
import type { TrafficDirection, TrafficLogTarget } from '../session/traffic-log.js';
import { parseJson } from '../wire/exact-json.js';

/** Writes `TIME CLIENT DIRECTION JSON` lines; `close` flushes a file target. */
export interface MuxTrafficLog {
  write(client: string, direction: TrafficDirection, json: string): void;
  close(): Promise<void>;
}

/**
 * The mux's traffic log: the lines of `src/session/traffic-log.ts` with the
 * client's id after the time, directions as the client sees them (`-->` from
 * the client, `<--` to it). A file is written through a stream, not a
 * synchronous append per line, so logging does not stall the event loop.
 */
export function createMuxTrafficLog(
  target: TrafficLogTarget,
  onError: (error: Error) => void,
): MuxTrafficLog {
  if (typeof target === 'function') {
    return {
      write: (client, direction, json) =>
        target(`${new Date().toISOString()} ${client} ${direction} ${json}`),
      close: async () => {},
    };
  }
  const stream = createWriteStream(target, { flags: 'a', mode: 0o600 });
  stream.on('error', onError);
  return {
    write: (client, direction, json) =>
      stream.write(`${new Date().toISOString()} ${client} ${direction} ${json}\n`),
    close: () => new Promise((resolve) => stream.end(() => resolve())),
  };
}

/** Parses a mux traffic line; undefined for anything else. */
export function parseMuxTrafficLine(
  line: string,
): { time: Date; client: string; direction: TrafficDirection; message: unknown } | undefined {
  const match = /^(\S+) (\S+) (-->|<--) (.*)$/.exec(line);
  if (!match) return undefined;
  try {
    return {
      time: new Date(match[1]!),
      client: match[2]!,
      direction: match[3] as TrafficDirection,
      message: parseJson(match[4]!),
    };
  } catch {
    return undefined;
  }
}
