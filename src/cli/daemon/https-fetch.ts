/**
 * A `fetch` for the API client over node:https with our own trust (a CA file
 * or a pinned certificate): Node 20's global fetch cannot be given either.
 * Covers what the client uses: method, headers, a string body, a signal.
 */
import { request } from 'node:https';
import type { TlsTrust } from './credentials.js';
import { tlsOptions } from './trust.js';

export function httpsFetch(trust: TlsTrust): typeof fetch {
  const tls = tlsOptions(trust);
  const fetchOver = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const outgoing = request(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          ...tls,
          agent: false,
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 500;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of Array.isArray(value) ? value : [value ?? ''])
                responseHeaders.append(name, one);
            }
            const empty = status === 204 || status === 304 || chunks.length === 0;
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                statusText: incoming.statusMessage ?? '',
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      // As fetch: a timeout or abort rejects with the signal's reason, anything else is 'fetch failed'.
      outgoing.on('error', (error) =>
        reject(
          init.signal?.aborted
            ? init.signal.reason
            : new TypeError('fetch failed', { cause: error }),
        ),
      );
      outgoing.end(typeof init.body === 'string' ? init.body : undefined);
    });
  return fetchOver as typeof fetch;
}
