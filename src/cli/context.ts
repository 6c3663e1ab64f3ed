import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRuntimeRoot } from '../launch/runtime-dir.js';
import { UsageError, UserError } from './errors.js';

/** What every verb gets: output helpers and target resolution. */
export interface CliContext {
  /** Writes a line to stdout. */
  out(text: string): void;
  /** Writes a line to stderr. */
  err(text: string): void;
  /** Whether stdout is a terminal that takes colour. */
  color: boolean;
  debug: boolean;
  /** The daemon this run talks to (`--connect URL`, `$QMON_CONNECT`), normalised to its origin. */
  daemon?: string;
  /** Turns a TARGET argument into a socket target for the given channel. */
  resolveTarget(target: string, channel?: Channel): string;
}

export type Channel = 'qmp' | 'hmp' | 'qga' | 'serial';

export function createContext(options: { debug: boolean; daemon?: string }): CliContext {
  return {
    ...(options.daemon ? { daemon: options.daemon } : {}),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    debug: options.debug,
    resolveTarget,
  };
}

/** The schemes a TARGET may start with; a VM may not be named like them. */
const TARGET_SCHEMES = ['unix:', 'tcp:', 'libvirt:'] as const;

/** Whether a TARGET word names a socket (a scheme, or a path with a `/`) rather than a VM. */
export function isSocketTarget(target: string): boolean {
  return TARGET_SCHEMES.some((scheme) => target.startsWith(scheme)) || target.includes('/');
}

/**
 * `unix:PATH`, `tcp:HOST:PORT` and anything with a `/` (`./qmp.sock`) are
 * sockets; a bare word is always the name of a VM qmon launched, found
 * through its runtime folder, even when the current folder has an entry of
 * that name.
 */
export function resolveTarget(target: string, channel: Channel = 'qmp'): string {
  if (target.startsWith('libvirt:') && (channel === 'hmp' || channel === 'serial'))
    throw new UsageError(
      `${target}: a libvirt domain has no ${channel === 'hmp' ? 'HMP console (use qmon exec --hmp)' : 'serial socket (use qmon vm console)'}`,
    );
  if (isSocketTarget(target)) return target;
  checkVmNameForTargets(target);
  const socket = join(defaultRuntimeRoot(), target, `${channel}.sock`);
  if (existsSync(socket)) return socket;
  const local = existsSync(target) ? ` (for ${target} in this folder, write ./${target})` : '';
  throw new UserError(
    `${target}: no VM of that name under ${defaultRuntimeRoot()}${local}; a socket is given as a path with a /, unix:PATH or tcp:HOST:PORT`,
  );
}

/**
 * A VM name must read as a name wherever a TARGET goes: not a scheme or
 * anything with a colon (`qmon cp NAME:PATH` splits at it), not an option.
 */
export function checkVmNameForTargets(name: string): string {
  if (name.startsWith('-'))
    throw new UsageError(`${JSON.stringify(name)}: a VM name may not start with "-"`);
  if (name.includes(':')) {
    throw new UsageError(
      `${JSON.stringify(name)}: a VM name may not contain ":" (it would read as a target like ${TARGET_SCHEMES.join(' or ')}, or as NAME:PATH)`,
    );
  }
  return name;
}
