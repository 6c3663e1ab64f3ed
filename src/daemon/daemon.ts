/**
 * `qmon serve`: opens the store, re-adopts every running VM, starts the
 * autostart ones, and serves the API. Closing it leaves every VM running.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { QmonError } from '../session/errors.js';
import type { RouteSpec } from './api/route.js';
import { buildServer } from './api/server.js';
import { Accounts } from './auth/accounts.js';
import { Grants } from './auth/grants.js';
import { LoginLinks } from './auth/login-links.js';
import { Tickets } from './auth/tickets.js';
import type { DaemonContext } from './context.js';
import { DiskImages } from './disks/disk-images.js';
import { NotFoundError } from './errors.js';
import { LibvirtSource } from './libvirt/libvirt-source.js';
import { MetricsSampler } from './metrics/sampler.js';
import { VmOwner } from './owner/vm-owner.js';
import { defaultStateDir } from './state-dir.js';
import { AuditLog } from './store/audit-log.js';
import { Store } from './store/database.js';
import { EventLog, type StoredEvent } from './store/event-log.js';
import { MetricsHistory } from './store/metrics-history.js';
import { VmDefinitions } from './store/vm-definitions.js';
import type { RemoteConsoles } from './streams/console-session.js';
import { loadTls, selfSignedTls, type TlsFiles } from './tls.js';
import { FileTransfers } from './transfers/file-transfers.js';

export interface DaemonOptions {
  /** `HOST:PORT` (default `127.0.0.1:8480`); port 0 picks a free one. */
  listen?: string;
  stateDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  runtimeRoot?: string;
  qemuBinary?: string;
  log?: (message: string) => void;
  /** Create this admin user (when no user of that name exists) before serving. */
  initAdmin?: { name: string; password: string };
  /** libvirt URIs whose domains the daemon lists and drives beside its own VMs. */
  libvirt?: string[];
  /** The dashboard's built files (default: this package's `dist/web`). */
  webRoot?: string;
  /**
   * Joins something to the daemon once its VMs are recovered, before it serves
   * (the fleet); `publish` hands events of its own to the live subscribers.
   */
  extend?: (
    context: DaemonContext,
    hooks: { publish(event: StoredEvent): void },
  ) => Promise<DaemonExtension>;
}

/** What `extend` adds: routes that replace the base route of the same method and URL, or add one. */
export interface DaemonExtension {
  routes: readonly RouteSpec[];
  /** Consoles of VMs other hosts run, relayed through this daemon. */
  remoteConsoles?: RemoteConsoles;
  /** Starts the autostart VMs in its own way (a fleet: those placed here, with their locks). */
  autostart?(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Daemon {
  /** e.g. `http://127.0.0.1:8480` */
  readonly url: string;
  readonly stateDir: string;
  readonly context: DaemonContext;
  /** A dashboard URL that logs `userName` in once, within 10 minutes, without a password. */
  loginLink(userName: string): string;
  /** Stops serving; every VM keeps running, to be adopted by the next start. */
  close(): Promise<void>;
}

export const DEFAULT_LISTEN = '127.0.0.1:8480';

export class ListenAddressError extends QmonError {
  constructor(address: string, why: string) {
    super('LISTEN_INVALID', `${address}: ${why}`);
  }
}

export function parseHostPort(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || !(port >= 0 && port <= 65535))
    throw new ListenAddressError(address, 'expected HOST:PORT, e.g. 127.0.0.1:8480 or [::1]:8480');
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function packageVersion(): string {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const log =
    options.log ?? ((message: string) => process.stderr.write(`qmon serve: ${message}\n`));
  const { host, port } = parseHostPort(options.listen ?? DEFAULT_LISTEN);
  const stateDir = options.stateDir ?? defaultStateDir();
  if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
    throw new ListenAddressError(
      options.listen ?? DEFAULT_LISTEN,
      '--tls-cert and --tls-key go together',
    );
  let tls: TlsFiles | undefined;
  if (options.tlsCert && options.tlsKey) tls = await loadTls(options.tlsCert, options.tlsKey);
  else if (!isLoopback(host)) tls = await selfSignedTls(stateDir, [host]);
  if (tls?.generated) log(`made a self-signed TLS certificate: ${tls.certPath}`);
  // What `qmon login` shows a user to compare before pinning the certificate.
  if (tls)
    log(`TLS certificate SHA-256 fingerprint: ${new X509Certificate(tls.cert).fingerprint256}`);

  const store = new Store(stateDir);
  const listeners = new Set<(event: StoredEvent) => void>();
  const publish = (event: StoredEvent) => {
    for (const listener of listeners) listener(event);
  };
  const events = new EventLog(store);
  const definitions = new VmDefinitions(store);
  const libvirt = (options.libvirt ?? []).map(
    (uri) =>
      new LibvirtSource(uri, {
        onEvent(vmId, name, data, qemuTime) {
          try {
            publish(events.append(vmId, name, data, qemuTime));
          } catch (error) {
            log(`event ${name} of ${vmId} not stored: ${String(error)}`);
          }
        },
        log,
      }),
  );
  const owner = new VmOwner({
    definitions,
    events,
    ...(options.runtimeRoot ? { runtimeRoot: options.runtimeRoot } : {}),
    ...(options.qemuBinary ? { qemuBinary: options.qemuBinary } : {}),
    publish,
    log,
  });
  const grants = new Grants(store);
  const context: DaemonContext = {
    store,
    hostId: store.hostId,
    definitions,
    accounts: new Accounts(store, grants),
    grants,
    tickets: new Tickets(),
    loginLinks: new LoginLinks(),
    events,
    audit: new AuditLog(store),
    owner,
    metrics: new MetricsSampler(owner, new MetricsHistory(store)),
    libvirt,
    disks: new DiskImages(join(stateDir, 'disks')),
    transfers: new FileTransfers(join(stateDir, 'transfers')),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: packageVersion(),
  };
  let app: FastifyInstance | undefined;
  let extension: DaemonExtension | undefined;
  try {
    if (options.initAdmin) {
      const { name, password } = options.initAdmin;
      if (context.accounts.listUsers().some((user) => user.name === name))
        log(`user ${name} exists already: --init-admin left it unchanged`);
      else {
        await context.accounts.createUser(name, password, 'admin');
        log(`created admin user ${name}`);
      }
    }
    if (context.accounts.countUsers() === 0)
      log('no users yet: run `qmon serve --init-admin NAME` once to create the first admin');
    const { adopted } = await owner.recover({ autostart: false });
    if (adopted.length) log(`re-attached ${adopted.length} running VM(s): ${adopted.join(', ')}`);
    await Promise.all(libvirt.map((source) => source.open()));
    extension = await options.extend?.(context, { publish });
    const started = await (extension?.autostart ?? (() => owner.autostart()))();
    if (started.length) log(`autostarted ${started.join(', ')}`);
    app = await buildServer(context, {
      ...(tls ? { tls } : {}),
      ...(extension ? { routes: extension.routes } : {}),
      ...(extension?.remoteConsoles ? { remoteConsoles: extension.remoteConsoles } : {}),
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
    });
    await app.listen({ host, port });
    context.metrics.start();
  } catch (error) {
    await app?.close();
    await Promise.all(libvirt.map((source) => source.close()));
    await extension?.close();
    await owner.detachAll();
    store.close();
    throw error;
  }
  const bound = app.server.address();
  const boundPort = typeof bound === 'object' && bound ? bound.port : port;
  const url = `${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
  const server = app;
  let closing: Promise<void> | undefined;
  return {
    url,
    stateDir,
    context,
    loginLink(userName) {
      const user = context.accounts.listUsers().find((candidate) => candidate.name === userName);
      if (!user) throw new NotFoundError('user', userName);
      // In the fragment: browsers send it to no server and keep it out of Referer headers.
      return `${url}/#login=${context.loginLinks.issue(user.id)}`;
    },
    close() {
      closing ??= (async () => {
        context.metrics.stop();
        await server.close();
        await Promise.all(libvirt.map((source) => source.close()));
        await extension?.close();
        await owner.detachAll();
        store.close();
      })();
      return closing;
    },
  };
}
