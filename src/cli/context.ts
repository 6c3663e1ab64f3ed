import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRuntimeRoot } from '../launch/runtime-dir.js';
import { UserError } from './errors.js';

/** What every verb gets: output helpers and target resolution. */
export interface CliContext {
  /** Writes a line to stdout. */
  out(text: string): void;
  /** Writes a line to stderr. */
  err(text: string): void;
  /** Whether stdout is a terminal that takes colour. */
  color: boolean;
  debug: boolean;
  /** Turns a TARGET argument into a socket target for the given channel. */
  resolveTarget(target: string, channel?: Channel): string;
}

export type Channel = 'qmp' | 'hmp' | 'qga' | 'serial';

export function createContext(options: { debug: boolean }): CliContext {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    debug: options.debug,
    resolveTarget,
  };
}

/**
 * `unix:PATH` and `tcp:HOST:PORT` pass through; an existing path is a socket;
 * a bare name is a VM qmon launched, found through its runtime folder.
 */
export function resolveTarget(target: string, channel: Channel = 'qmp'): string {
  if (
    target.startsWith('unix:') ||
    target.startsWith('tcp:') ||
    target.includes('/') ||
    existsSync(target)
  ) {
    return target;
  }
  const socket = join(defaultRuntimeRoot(), target, `${channel}.sock`);
  if (existsSync(socket)) return socket;
  throw new UserError(
    `${target}: no such socket, and no VM of that name under ${defaultRuntimeRoot()} (give a socket path, unix:PATH or tcp:HOST:PORT)`,
  );
}
