/** Connecting a daemon to the fleet's NATS servers, with TLS and per-host credentials. */
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, connect, type NatsConnection } from '@nats-io/transport-node';

export interface FleetConnectionOptions {
  /** `nats://HOST:PORT` or `tls://HOST:PORT`, one or more (any server of the cluster will do). */
  servers: string[];
  /** A NATS credentials file (JWT and nkey seed) for this host. */
  credsFile?: string;
  /** A file holding this host's nkey seed (`SU...`), when the servers know the host by its public nkey. */
  nkeySeedFile?: string;
  /** User and password of this host, when the servers use them instead of credentials files. */
  user?: string;
  password?: string;
  /** PEM files: the CA the servers' certificates are checked against, and this host's client pair. */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** The name the servers show for this connection (`qmon HOSTNAME`). */
  name?: string;
  /**
   * The subjects replies come back on (`_INBOX.HOST_ID`): a host's NATS user
   * may then read its own replies only, not another host's.
   */
  inboxPrefix?: string;
}

/** Where a host's replies come back: its own subjects, so that no other host may read them. */
export const inboxPrefix = (hostId: string) => `_INBOX.${hostId}`;

export async function connectFleet(options: FleetConnectionOptions): Promise<NatsConnection> {
  const { credsAuthenticator, nkeyAuthenticator } = await import('@nats-io/transport-node');
  const tls =
    options.tlsCa || options.tlsCert
      ? {
          ...(options.tlsCa ? { caFile: options.tlsCa } : {}),
          ...(options.tlsCert ? { certFile: options.tlsCert } : {}),
          ...(options.tlsKey ? { keyFile: options.tlsKey } : {}),
        }
      : undefined;
  const connection: ConnectionOptions = {
    servers: options.servers,
    ...(options.name ? { name: options.name } : {}),
    ...(options.credsFile
      ? { authenticator: credsAuthenticator(readFileSync(options.credsFile)) }
      : {}),
    ...(options.nkeySeedFile
      ? {
          authenticator: nkeyAuthenticator(
            new TextEncoder().encode(readFileSync(options.nkeySeedFile, 'utf8').trim()),
          ),
        }
      : {}),
    ...(options.user ? { user: options.user, pass: options.password ?? '' } : {}),
    ...(tls ? { tls } : {}),
    ...(options.inboxPrefix ? { inboxPrefix: options.inboxPrefix } : {}),
    // A daemon outlives any NATS outage: it keeps trying, and its VMs keep running meanwhile.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5_000,
  };
  return connect(connection);
}
