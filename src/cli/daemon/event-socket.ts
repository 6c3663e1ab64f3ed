/** The daemon's event WebSocket, opened with the stored token and TLS trust. */
import WebSocket from 'ws';
import type { ApiEvent } from '../../api-client/index.js';
import { UserError } from '../errors.js';
import { daemonClient } from './connection.js';
import { credentialsFor } from './credentials.js';
import { tlsOptions } from './trust.js';

const HANDSHAKE_TIMEOUT_MS = 10_000;

/**
 * Live events of every VM the caller may see, each handed to `onEvent`, until
 * `signal` aborts; `onReady` once the daemon has subscribed us.
 */
export async function followEvents(
  url: string,
  handlers: { onEvent(event: ApiEvent): void; onReady(): void },
  signal: AbortSignal,
): Promise<void> {
  const stored = await credentialsFor(url);
  const api = await daemonClient(url, stored ? { stored } : {});
  const socket = new WebSocket(api.eventSocketUrl(), {
    headers: api.authHeaders(),
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    ...(stored?.tls ? tlsOptions(stored.tls) : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const stop = () => socket.close(1000);
    signal.addEventListener('abort', stop, { once: true });
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; event?: ApiEvent };
      if (message.type === 'event' && message.event) handlers.onEvent(message.event);
      else if (message.type === 'ready') handlers.onReady();
    });
    socket.on('unexpected-response', (_request, response) => {
      socket.terminate();
      reject(new UserError(`${url} refused the event stream: HTTP ${response.statusCode}`));
    });
    socket.on('error', (error) =>
      reject(new UserError(`the event stream of ${url} failed: ${error.message}`)),
    );
    socket.on('close', (code, reason) => {
      signal.removeEventListener('abort', stop);
      if (signal.aborted || code === 1000) resolve();
      else reject(new UserError(`${url} closed the event stream (${code} ${String(reason)})`));
    });
  });
}
