import { appendFileSync } from 'node:fs';
import { parseJson } from '../wire/exact-json.js';

/** Where traffic lines go: a file path (appended to) or a callback. */
export type TrafficLogTarget = string | ((line: string) => void);

export type TrafficDirection = '-->' | '<--';

/** Formats `2026-01-01T00:00:00.000Z --> {...}` lines, the format `qmon replay` reads back. */
export function createTrafficLogger(
  target: TrafficLogTarget,
): (direction: TrafficDirection, json: string) => void {
  const write =
    typeof target === 'function'
      ? target
      : (line: string) => appendFileSync(target, `${line}\n`, { mode: 0o600 });
  return (direction, json) => write(`${new Date().toISOString()} ${direction} ${json}`);
}

/** Parses one traffic log line back into its parts; undefined for lines that are not traffic. */
export function parseTrafficLine(
  line: string,
): { time: Date; direction: TrafficDirection; message: unknown } | undefined {
  const match = /^(\S+) (-->|<--) (.*)$/.exec(line);
  if (!match) return undefined;
  try {
    return {
      time: new Date(match[1]!),
      direction: match[2] as TrafficDirection,
      message: parseJson(match[3]!),
    };
  } catch {
    return undefined;
  }
}
