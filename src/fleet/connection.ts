/** Connecting a daemon to the fleet's NATS servers, with TLS and per-host credentials. */
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, connect, type NatsConnection } from '@nats-io/transport-node';

export interface FleetConnectionOptions {
  /** `nats://HOST:PORT` or `tls://HOST:PORT`, one or more (any server of the cluster will do). */
  servers: string[];
  /** A NATS credentials file (JWT and nkey seed) for this host. */
  credsFile?: string;
  /** User and password of this host, when the servers use them instead of credentials files. */
  user?: string;
  password?: string;
  /** PEM files: the CA the servers' certificates are checked against, and this host's client pair. */
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** The name the servers show for this connection (`qmon HOSTNAME`). */
  name?: string;
}

export async function connectFleet(options: FleetConnectionOptions): Promise<NatsConnection> {
  const { credsAuthenticator } = await import('@nats-io/transport-node');
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
    ...(options.user ? { user: options.user, pass: options.password ?? '' } : {}),
    ...(tls ? { tls } : {}),
    // A daemon outlives any NATS outage: it keeps trying, and its VMs keep running meanwhile.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    timeout: 5_000,
  };
  return connect(connection);
}
