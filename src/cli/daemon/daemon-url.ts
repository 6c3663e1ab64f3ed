/**
 * Which daemon a run talks to: `--connect URL`, else `$QMON_CONNECT`. Kept
 * apart from the API client so that a run without a daemon never loads
 * Node's http, tls and crypto.
 */
import { UsageError } from '../errors.js';

export const CONNECT_ENV = 'QMON_CONNECT';
/** A token given in the environment, for scripts that never log in. */
export const TOKEN_ENV = 'QMON_TOKEN';

/** Whether a `--connect` value names a qmon daemon (http: or https:) rather than a libvirt URI. */
export function isDaemonUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

/** A daemon URL as credentials are keyed: scheme, host and port only. */
export function normaliseDaemonUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${JSON.stringify(text)} is not a URL (e.g. https://host:8443)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`${text}: a daemon is reached over http: or https:`);
  return url.origin;
}

/** The daemon this run talks to, if any: `--connect URL`, else `$QMON_CONNECT`. */
export function daemonUrlOf(connect: string | undefined): string | undefined {
  if (connect !== undefined) return isDaemonUrl(connect) ? normaliseDaemonUrl(connect) : undefined;
  const fromEnv = process.env[CONNECT_ENV];
  return fromEnv ? normaliseDaemonUrl(fromEnv) : undefined;
}
