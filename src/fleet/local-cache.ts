/**
 * The host's own SQLite keeps the definitions of the VMs placed on it, copied
 * from the fleet's catalog: the daemon's VM owner starts and adopts VMs from
 * there, as it does without a fleet, and a host cut off from NATS still knows
 * what it runs.
 */
import type { DaemonContext } from '../daemon/context.js';
import type { FleetVm } from './vm-catalog.js';

export class LocalCache {
  constructor(
    private readonly ctx: DaemonContext,
    private readonly log: (message: string) => void,
  ) {}

  /** Writes the VM as the catalog has it (revision included); a stale local VM of the same name goes. */
  put(vm: FleetVm, revision: number): void {
    this.ctx.store.write((db) => {
      const clash = db
        .prepare('SELECT id FROM vms WHERE name = ? AND id != ?')
        .get(vm.name, vm.id) as { id: string } | undefined;
      if (clash) {
        if (this.ctx.owner.managed(clash.id)) {
          this.log(`VM ${vm.name}: a running local VM has that name; not cached`);
          return;
        }
        db.prepare('DELETE FROM vms WHERE id = ?').run(clash.id);
      }
      db.prepare(
        `INSERT INTO vms (id, name, spec, autostart, restart, revision, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, spec = excluded.spec,
           autostart = excluded.autostart, restart = excluded.restart,
           revision = excluded.revision, updated_at = excluded.updated_at`,
      ).run(
        vm.id,
        vm.name,
        JSON.stringify(vm.spec),
        vm.autostart ? 1 : 0,
        JSON.stringify(vm.restart),
        revision,
        vm.createdAt,
        vm.updatedAt,
      );
    });
  }

  /** Forgets a VM that left this host (undefined or moved), unless its QEMU still runs here. */
  drop(id: string): void {
    if (this.ctx.owner.managed(id)) return;
    this.ctx.store.write((db) => db.prepare('DELETE FROM vms WHERE id = ?').run(id));
  }
}
