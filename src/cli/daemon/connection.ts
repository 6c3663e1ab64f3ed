/**
 * The CLI's side of a daemon: its typed API client with the stored token and TLS
 * trust, and the daemon's refusals as one clear line.
 */
import { ApiClient, ApiError } from '../../api-client/client.js';
import { UserError } from '../errors.js';
import { credentialsFor, type DaemonCredentials } from './credentials.js';
import { TOKEN_ENV } from './daemon-url.js';
import { httpsFetch } from './https-fetch.js';

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
