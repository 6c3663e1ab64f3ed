import net from 'node:net';
import tls from 'node:tls';
import type { ListenerSecurity } from './listener-security.js';
import { awaitToken } from './token-gate.js';

export interface GuardedServerHooks {
  /** A client passed TLS and the token (where asked for); its socket is paused. */
  admitted(socket: net.Socket): void;
  /** A client failed authentication; it got at most the refusal text, nothing of QEMU's. */
  refused(peer: string, reason: string): void;
}

const REFUSE_GRACE_MS = 1_000;
/** Connections of one listener still in the TLS handshake or waiting for their token, at most. */
export const MAX_AUTHENTICATING = 64;

export interface GuardedServer {
  server: net.Server;
  /**
   * Destroys every connection of this server still open: those in the TLS
   * handshake or waiting for their token (which would otherwise hold
   * `server.close()` until the auth timeout), and any admitted one left.
   */
  destroyConnections(): void;
}

/**
 * A server that hands on only authenticated clients: TLS with a client
 * certificate signed by the listener's CA, then (if the listener has a token)
 * the token as the first line, all within `timeoutMs`. `refusal` is what a
 * client that fails the token check reads before the connection closes.
 */
export function createGuardedServer(
  security: ListenerSecurity,
  timeoutMs: number,
  refusal: string,
  hooks: GuardedServerHooks,
): GuardedServer {
  /** Admitted connections still open: the others are authenticating. */
  let admittedOpen = 0;
  const handOn = (socket: net.Socket) => {
    admittedOpen++;
    socket.once('close', () => admittedOpen--);
    hooks.admitted(socket);
  };
  const admit = (socket: net.Socket) => {
    socket.on('error', () => {});
    socket.setNoDelay?.(true);
    if (!security.token) {
      socket.pause();
      handOn(socket);
      return;
    }
    void awaitToken(socket, security.token, timeoutMs).then((verdict) => {
      if (verdict.ok) {
        if (!socket.destroyed) handOn(socket);
        return;
      }
      hooks.refused(peerOf(socket), verdict.reason);
      if (!socket.destroyed) socket.end(refusal);
      setTimeout(() => socket.destroy(), REFUSE_GRACE_MS).unref();
    });
  };
  const server = security.tls
    ? tls.createServer({ ...security.tls, allowHalfOpen: true, handshakeTimeout: timeoutMs })
    : net.createServer({ allowHalfOpen: true });
  // The TCP (or unix) sockets beneath, TLS or not: what closing must end.
  const connections = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    // Each one waiting costs memory (TLS state, the token line) until its timeout.
    const guarded = security.tls !== undefined || security.token !== undefined;
    if (guarded && connections.size - admittedOpen >= MAX_AUTHENTICATING) {
      hooks.refused(peerOf(socket), `over ${MAX_AUTHENTICATING} clients authenticating at once`);
      socket.destroy();
      return;
    }
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    if (!security.tls) admit(socket);
  });
  if (security.tls) {
    server.on('secureConnection', admit);
    server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
      hooks.refused(peerOf(socket), `TLS: ${error.message}`);
      // With a listener for this event, Node leaves the socket open (a handshake timeout too).
      socket.destroy();
    });
  }
  return {
    server,
    destroyConnections: () => {
      for (const socket of connections) socket.destroy();
    },
  };
}

function peerOf(socket: net.Socket): string {
  return socket.remoteAddress ? `tcp:${socket.remoteAddress}:${socket.remotePort}` : 'unix';
}
