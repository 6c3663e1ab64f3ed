/**
 * Migration: live to another QEMU on this machine (a unix socket, or TCP on
 * loopback), to another machine over TCP with TLS (`migration-tls.ts`), or
 * into a file and back. Progress comes from `query-migrate`, woken early by
 * `MIGRATION` events; the downtime is QEMU's own figure. The destination is
 * a QEMU started with `-incoming defer`.
 */
import { open, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { QmpClient } from '../qmp/qmp-client.js';
import type { MigrationInfo } from '../schema/generated/qemu-10.0/qmp.js';
import type { WaitOptions } from './block-job.js';
import {
  InvalidJobRequestError,
  JobLostError,
  JobWaitError,
  MigrationFailedError,
} from './errors.js';
import { commitFile, partialPath } from './finished-file.js';
import { enableMigrationTls, type MigrationTls } from './migration-tls.js';

export interface MigrationProgress {
  status: string;
  /** RAM bytes sent so far, still to send, and in all. */
  transferred: number;
  remaining: number;
  total: number;
  totalTimeMs: number;
  /** Once completed: how long the guest was stopped (QEMU's figure). */
  downtimeMs?: number;
  expectedDowntimeMs?: number;
}

export interface MigrationOptions extends WaitOptions {
  onProgress?: (progress: MigrationProgress) => void;
  /** How often to ask `query-migrate` when no event comes (250 ms). */
  intervalMs?: number;
  /** The longest pause QEMU may take to finish (`downtime-limit`, QEMU's default 300 ms). */
  maxDowntimeMs?: number;
  /** Migrate over TLS with these credentials (then TCP may leave this machine). */
  tls?: MigrationTls;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** A host name or an IP address (IPv6 bare or in brackets), nothing QEMU could read as more. */
const isHost = (host: string) =>
  isIP(host.replace(/^\[(.*)\]$/, '$1')) !== 0 || /^[A-Za-z0-9.-]+$/.test(host);

/**
 * Checks a destination: `unix:PATH`, or `tcp:HOST:PORT`; without TLS, TCP on
 * loopback only (QEMU's migration stream has no authentication of its own).
 * Port 0 (any free port) only where QEMU listens (`incoming`).
 */
export function checkMigrationUri(
  uri: string,
  how: { tls?: boolean; incoming?: boolean } = {},
): string {
  if (uri.startsWith('unix:') && uri.length > 5) return `unix:${resolve(uri.slice(5))}`;
  const tcp = /^tcp:(.+):(\d{1,5})$/.exec(uri);
  if (tcp) {
    const host = tcp[1]!;
    const port = Number(tcp[2]);
    if (port < (how.incoming ? 0 : 1) || port > 65535 || !isHost(host))
      throw new InvalidJobRequestError(`${uri}: not a valid tcp:HOST:PORT`);
    if (!how.tls && !LOOPBACK.has(host)) {
      throw new InvalidJobRequestError(
        `${uri}: migration over TCP without TLS is unauthenticated, so only loopback (127.0.0.1, ::1) is allowed`,
      );
    }
    const bare = host.replace(/^\[|\]$/g, '');
    return `tcp:${isIP(bare) === 6 ? `[${bare}]` : host}:${port}`;
  }
  throw new InvalidJobRequestError(`${uri}: give unix:PATH or tcp:HOST:PORT`);
}

function toProgress(info: MigrationInfo): MigrationProgress {
  const ram = info.ram;
  return {
    status: info.status ?? 'none',
    transferred: Number(ram?.transferred ?? 0),
    remaining: Number(ram?.remaining ?? 0),
    total: Number(ram?.total ?? 0),
    totalTimeMs: Number(info['total-time'] ?? 0),
    ...(info.downtime === undefined ? {} : { downtimeMs: Number(info.downtime) }),
    ...(info['expected-downtime'] === undefined
      ? {}
      : { expectedDowntimeMs: Number(info['expected-downtime']) }),
  };
}

export async function migrationProgress(qmp: QmpClient): Promise<MigrationProgress> {
  return toProgress(await qmp.execute('query-migrate'));
}

async function enableEvents(qmp: QmpClient): Promise<void> {
  await qmp.execute('migrate-set-capabilities', {
    capabilities: [{ capability: 'events', state: true }],
  });
}

/** Resolves on the next MIGRATION event, after `ms`, on abort, or when the monitor closes. */
function nextChange(qmp: QmpClient, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      off();
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    };
    const off = qmp.on('MIGRATION', finish);
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    void qmp.closed.then(finish);
  });
}

/** Follows a migration on `qmp` (either side) until it completes; cancels it on timeout or abort. */
async function follow(qmp: QmpClient, options: MigrationOptions, side: 'out' | 'in') {
  const deadline =
    options.timeout === undefined ? Number.POSITIVE_INFINITY : performance.now() + options.timeout;
  for (;;) {
    let progress: MigrationProgress;
    try {
      progress = await migrationProgress(qmp);
    } catch (error) {
      if (qmp.isClosed) throw new JobLostError('migration', error);
      throw error;
    }
    options.onProgress?.(progress);
    if (progress.status === 'completed') return progress;
    if (progress.status === 'failed' || progress.status === 'cancelled') {
      const info = await qmp.execute('query-migrate');
      throw new MigrationFailedError(progress.status, info['error-desc']);
    }
    const stop = options.signal?.aborted
      ? 'aborted'
      : performance.now() > deadline
        ? 'timeout'
        : undefined;
    if (stop) {
      if (side === 'out') await cancelAndSettle(qmp);
      throw new JobWaitError(
        'migration',
        stop,
        `migration ${stop === 'timeout' ? 'timed out' : 'aborted'}; cancelled`,
      );
    }
    if (qmp.isClosed) throw new JobLostError('migration', undefined);
    const wait = Math.min(options.intervalMs ?? 250, Math.max(1, deadline - performance.now()));
    await nextChange(qmp, wait, options.signal);
  }
}

const SETTLE_MS = 10_000;

/** Cancels the outgoing migration and waits (bounded) until QEMU has left `cancelling`. */
async function cancelAndSettle(qmp: QmpClient): Promise<void> {
  await qmp.execute('migrate_cancel').catch(() => {});
  const deadline = performance.now() + SETTLE_MS;
  while (!qmp.isClosed && performance.now() < deadline) {
    const { status } = await qmp.execute('query-migrate');
    if (status !== 'cancelling' && status !== 'active' && status !== 'setup') return;
    await nextChange(qmp, 100);
  }
}

/** Sends the running VM to `uri` (a destination waiting in `acceptMigration`), and waits until done. */
export async function migrate(
  qmp: QmpClient,
  uri: string,
  options: MigrationOptions = {},
): Promise<MigrationProgress> {
  const checked = checkMigrationUri(uri, { tls: options.tls !== undefined });
  await enableEvents(qmp);
  if (options.maxDowntimeMs !== undefined) {
    await qmp.execute('migrate-set-parameters', { 'downtime-limit': options.maxDowntimeMs });
  }
  const undoTls = options.tls && (await enableMigrationTls(qmp, 'client', options.tls));
  try {
    await qmp.execute('migrate', { uri: checked });
    return await follow(qmp, options, 'out');
  } finally {
    await undoTls?.();
  }
}

/** Stops a migration in progress and waits until QEMU has; the source VM keeps running. */
export async function cancelMigration(qmp: QmpClient): Promise<void> {
  await cancelAndSettle(qmp);
}

/** The port QEMU listens on for an incoming migration, as `query-migrate` reports it. */
async function listeningPort(qmp: QmpClient): Promise<number | undefined> {
  const info = await qmp.execute('query-migrate');
  const inet = info['socket-address']?.find((address) => address.type === 'inet');
  return inet && 'port' in inet ? Number(inet.port) : undefined;
}

/**
 * On a QEMU started with `-incoming defer`: listens on `uri` once this resolves
 * (`tcp:HOST:0` takes any free port: `uri` in the answer names the one QEMU
 * chose); `done` settles when the migration has arrived (the VM then runs).
 */
export async function acceptMigration(
  qmp: QmpClient,
  uri: string,
  options: MigrationOptions = {},
): Promise<{ done: Promise<MigrationProgress>; uri: string }> {
  const checked = checkMigrationUri(uri, { tls: options.tls !== undefined, incoming: true });
  await enableEvents(qmp);
  const undoTls = options.tls && (await enableMigrationTls(qmp, 'server', options.tls));
  let listening = checked;
  try {
    await qmp.execute('migrate-incoming', { uri: checked });
    if (checked.endsWith(':0')) {
      const port = await listeningPort(qmp);
      if (!port) throw new InvalidJobRequestError(`${checked}: QEMU did not report its port`);
      listening = `${checked.slice(0, -1)}${port}`;
    }
  } catch (error) {
    await undoTls?.();
    throw error;
  }
  const done = follow(qmp, options, 'in');
  return {
    done: undoTls ? done.finally(undoTls) : done,
    uri: listening,
  };
}

/**
 * Saves the VM's state (RAM and devices; not its disks) into `file` by
 * migrating into it; the VM is left stopped (`postmigrate`). The file is
 * written beside its final path and renamed into place once complete.
 */
export async function saveToFile(
  qmp: QmpClient,
  file: string,
  options: MigrationOptions = {},
): Promise<MigrationProgress> {
  const path = resolve(file);
  const partial = partialPath(path);
  const handle = await open(partial, 'wx', 0o600);
  let result: MigrationProgress;
  try {
    await qmp.executeWithFds('getfd', [handle.fd], { fdname: 'qmon-save' });
    await enableEvents(qmp);
    await qmp.execute('migrate', { uri: 'fd:qmon-save' });
    result = await follow(qmp, options, 'out');
  } catch (error) {
    await handle.close();
    await rm(partial, { force: true });
    throw error;
  }
  await handle.close();
  await commitFile(partial, path);
  return result;
}

/** On a QEMU started with `-incoming defer`: loads the state `saveToFile` wrote; the VM then runs. */
export async function restoreFromFile(
  qmp: QmpClient,
  file: string,
  options: MigrationOptions = {},
): Promise<MigrationProgress> {
  const handle = await open(resolve(file), 'r');
  try {
    await qmp.executeWithFds('getfd', [handle.fd], { fdname: 'qmon-restore' });
    await enableEvents(qmp);
    await qmp.execute('migrate-incoming', { uri: 'fd:qmon-restore' });
    return await follow(qmp, options, 'in');
  } finally {
    await handle.close();
  }
}
