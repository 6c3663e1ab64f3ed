/**
 * Live migration of a running VM to another host of the fleet (shared
 * storage: the same disk paths on both). The source host drives it: the
 * destination starts the VM's QEMU waiting for the migration (`-incoming
 * defer`) on a unix socket in its runtime folder, the source sends the VM
 * there, then the placement and the lock move to the destination by
 * compare-and-set, and only then does the source quit its paused copy. QEMU's
 * migration stream is unauthenticated, so qmon migrates over unix sockets
 * only: both daemons must reach the same folders (one machine, or a shared
 * runtime folder).
 */
import { join } from 'node:path';
import { ConflictError } from '../daemon/errors.js';
import { MigrationFailedError } from '../jobs/errors.js';
import { acceptMigration, type MigrationProgress, migrate } from '../jobs/migration.js';
import type { Fleet } from './fleet.js';

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
    const call = (route: string) =>
      fleet.forwarder.call(
        to,
        fleet.nameOf(to),
        {
          route,
          params: { id: entry.vm.id, from: fleet.hostId },
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
        result = await migrate(managed.vm.qmp, uri, {
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

  /** On the destination: a QEMU for the VM, waiting for the migration on a socket. */
  async prepare(vmId: string): Promise<{ uri: string }> {
    const { fleet } = this;
    const entry = await fleet.catalog.fresh(vmId);
    if (fleet.ctx.owner.managed(entry.vm.id))
      throw new ConflictError(`VM ${entry.vm.name} runs on this host already`);
    fleet.cache.put({ ...entry.vm, spec: { ...entry.vm.spec, incoming: true } }, entry.revision);
    await fleet.ctx.owner.start(entry.vm.id);
    const managed = fleet.ctx.owner.requireRunning(entry.vm.id);
    const uri = `unix:${join(managed.vm.paths.dir, 'migrate.sock')}`;
    const { done } = await acceptMigration(managed.vm.qmp, uri, { timeout: MIGRATE_TIMEOUT_MS });
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
