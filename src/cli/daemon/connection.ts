/**
 * The CLI's side of a daemon: which daemon a run talks to (`--connect URL`,
 * else `$QMON_CONNECT`), its typed API client with the stored token and TLS
 * trust, and the daemon's refusals as one clear line.
 */
import { ApiClient, ApiError } from '../../api-client/client.js';
import { UsageError, UserError } from '../errors.js';
import { credentialsFor, type DaemonCredentials } from './credentials.js';
import { httpsFetch } from './https-fetch.js';

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

/**
 * An API client of `url` with what `qmon login` stored (or `$QMON_TOKEN`);
 * `timeout`: milliseconds per request (30 s).
 */
export async function daemonClient(
  url: string,
  options: { stored?: DaemonCredentials; timeout?: number } = {},
): Promise<ApiClient> {
  const credentials = options.stored ?? (await credentialsFor(url));
  const token = credentials?.token ?? process.env[TOKEN_ENV];
  if (!token) throw new UserError(`not logged in to ${url}: run qmon login ${url}`);
  return new ApiClient({
    baseUrl: url,
    token,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(credentials?.tls ? { fetch: httpsFetch(credentials.tls) } : {}),
  });
}

/** A daemon's refusal or an unreachable daemon as one line; anything else unchanged. */
export function explainDaemonError(error: unknown, url: string): unknown {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return new UserError(
        `${url} refused the stored token (run qmon login ${url} again): ${error.message}`,
      );
    const field = error.field ? ` (${error.field})` : '';
    return new UserError(`${url}: ${error.message}${field}`);
  }
  if (error instanceof Error && error.name === 'TimeoutError')
    return new UserError(`${url} did not answer in time`);
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = (error.cause as Error | undefined)?.message ?? 'no connection';
    return new UserError(`cannot reach the daemon at ${url}: ${cause}`);
  }
  return error;
}
