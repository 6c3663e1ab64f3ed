/**
 * Live migration of a running VM to another host of the fleet (shared
 * storage: the same disk paths on both). The source host drives it: the
 * destination starts the VM's QEMU waiting for the migration (`-incoming
 * defer`), the source sends the VM there, then the placement and the lock
 * move to the destination by compare-and-set, and only then does the source
 * quit its paused copy. When both hosts have a fleet TLS identity, the stream
 * goes over TCP with TLS to the address the destination publishes
 * (`migration-endpoint.ts`); otherwise over a unix socket in the
 * destination's runtime folder, which the source must reach (one machine,
 * or a shared folder): QEMU's stream has no authentication of its own, so
 * it never goes over TCP without TLS.
 */
import { join } from 'node:path';
import { ConflictError } from '../daemon/errors.js';
import { MigrationFailedError } from '../jobs/errors.js';
import { acceptMigration, type MigrationProgress, migrate } from '../jobs/migration.js';
import { MigrationTlsConfigError } from './errors.js';
import type { Fleet } from './fleet.js';
import {
  listenAddress,
  publishedAddress,
  requireReachableSocket,
  tcpUri,
} from './migration-endpoint.js';

export type MigrationTransport = 'tls' | 'unix';

export const MIGRATE_TIMEOUT_MS = 10 * 60_000;

interface Outgoing {
  progress: MigrationProgress | undefined;
  abort: AbortController;
}

interface Incoming {
  done: Promise<MigrationProgress>;
}

export class Migrations {
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly incoming = new Map<string, Incoming>();

  constructor(private readonly fleet: Fleet) {}

  progress(vmId: string): MigrationProgress | null {
    return this.outgoing.get(vmId)?.progress ?? null;
  }

  cancel(vmId: string): boolean {
    const running = this.outgoing.get(vmId);
    running?.abort.abort();
    return running !== undefined;
  }

  /** On the source host: sends the VM to `to` and moves it there. */
  async send(vmId: string, to: string): Promise<MigrationProgress> {
    const { fleet } = this;
    const entry = await fleet.catalog.fresh(vmId);
    const managed = fleet.ctx.owner.managed(entry.vm.id);
    if (entry.vm.host !== fleet.hostId || !managed)
      throw new ConflictError(`VM ${entry.vm.name} is not running on this host`);
    if (to === fleet.hostId) throw new ConflictError(`VM ${entry.vm.name} is on this host already`);
    if (this.outgoing.has(entry.vm.id))
      throw new ConflictError(`VM ${entry.vm.name} is being migrated already`);
    await fleet.locks.confirm(entry.vm.id);
    // TLS when both ends have their fleet pair; the destination's name is what its certificate must carry.
    const own = fleet.migrationEndpoint;
    const address = publishedAddress(fleet.directory.get(to));
    const tls =
      own && address ? { ...own, runtimeDir: managed.vm.paths.dir, hostname: address } : undefined;
    const transport: MigrationTransport = tls ? 'tls' : 'unix';
    const call = (route: string) =>
      fleet.forwarder.call(
        to,
        fleet.nameOf(to),
        {
          route,
          params: { id: entry.vm.id, from: fleet.hostId, transport },
          query: {},
          body: undefined,
          principal: { userId: '', name: 'qmon', role: 'admin', via: 'token' },
        },
        MIGRATE_TIMEOUT_MS,
      );
    const outgoing: Outgoing = { progress: undefined, abort: new AbortController() };
    this.outgoing.set(entry.vm.id, outgoing);
    try {
      const { uri } = (await call('MIGRATE-IN prepare')) as { uri: string };
      let result: MigrationProgress;
      try {
        if (transport === 'unix') await requireReachableSocket(uri, fleet.nameOf(to));
        result = await migrate(managed.vm.qmp, uri, {
          ...(tls ? { tls } : {}),
          signal: outgoing.abort.signal,
          timeout: MIGRATE_TIMEOUT_MS,
          onProgress: (progress) => {
            outgoing.progress = progress;
          },
        });
      } catch (error) {
        await call('MIGRATE-IN abort').catch(() => {});
        if (!outgoing.abort.signal.aborted) throw error;
        throw new MigrationFailedError(
          'cancelled',
          `by request; VM ${entry.vm.name} keeps running on ${fleet.hostName}`,
        );
      }
      // The guest now runs on the destination; this copy is paused (postmigrate).
      await fleet.catalog.update(entry, {
        ...entry.vm,
        host: to,
        updatedAt: new Date().toISOString(),
      });
      await call('MIGRATE-IN finish');
      await fleet.ctx.owner.kill(entry.vm.id).catch(() => {});
      fleet.cache.drop(entry.vm.id);
      return result;
    } finally {
      this.outgoing.delete(entry.vm.id);
    }
  }

  /** On the destination: a QEMU for the VM, waiting for the migration (TLS on TCP, or a unix socket). */
  async prepare(vmId: string, transport: MigrationTransport): Promise<{ uri: string }> {
    const { fleet } = this;
    const own = fleet.migrationEndpoint;
    if (transport === 'tls' && !own)
      throw new MigrationTlsConfigError(
        `host ${fleet.hostName} takes no migration over TCP: it has no fleet TLS identity`,
      );
    const entry = await fleet.catalog.fresh(vmId);
    if (fleet.ctx.owner.managed(entry.vm.id))
      throw new ConflictError(`VM ${entry.vm.name} runs on this host already`);
    fleet.cache.put({ ...entry.vm, spec: { ...entry.vm.spec, incoming: true } }, entry.revision);
    await fleet.ctx.owner.start(entry.vm.id);
    const managed = fleet.ctx.owner.requireRunning(entry.vm.id);
    const { dir } = managed.vm.paths;
    const tls = transport === 'tls' && own ? { ...own, runtimeDir: dir } : undefined;
    let waiting: Awaited<ReturnType<typeof acceptMigration>>;
    try {
      waiting = await acceptMigration(
        managed.vm.qmp,
        tls ? tcpUri(await listenAddress(tls.address), 0) : `unix:${join(dir, 'migrate.sock')}`,
        { timeout: MIGRATE_TIMEOUT_MS, ...(tls ? { tls } : {}) },
      );
    } catch (error) {
      await this.abort(entry.vm.id);
      throw error;
    }
    const { done, uri } = waiting;
    done.catch(() => {});
    this.incoming.set(entry.vm.id, { done });
    return { uri };
  }

  /** On the destination, once the source has moved the placement: takes the lock over. */
  async finish(vmId: string, from: string): Promise<void> {
    const { fleet } = this;
    const incoming = this.incoming.get(vmId);
    this.incoming.delete(vmId);
    await incoming?.done;
    await fleet.locks.acquire(vmId, from);
    const entry = await fleet.catalog.fresh(vmId);
    fleet.cache.put(entry.vm, entry.revision);
    fleet.putState(vmId);
  }

  /** On the destination: the migration failed or was cancelled; the waiting QEMU goes. */
  async abort(vmId: string): Promise<void> {
    this.incoming.delete(vmId);
    await this.fleet.ctx.owner.kill(vmId).catch(() => {});
    this.fleet.cache.drop(vmId);
  }
}
