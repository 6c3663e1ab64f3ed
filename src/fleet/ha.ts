/**
 * HA: a VM with `ha: true` that ran on a host now down starts again on a live
 * one. One host acts, the live host with the smallest id, and only through
 * compare-and-set: the VM's placement at the revision read, then its lock at
 * the revision the down host holds. When the down host comes back, its copy
 * of the VM (if its QEMU outlived its daemon) is killed at join, because the
 * lock is no longer its own.
 *
 * A VM this host fenced (killed when it could not store its heartbeat) is
 * decided once this host's beats were stored for a whole down window again,
 * so that any takeover begun while it looked down has landed: started here
 * again if its placement and lock are still this host's, left alone if
 * another host took it over.
 */
import type { Fleet } from './fleet.js';
import { HEARTBEAT_MS } from './hosts.js';
import { localAction } from './vm-routes.js';

export class HaTakeover {
  private busy = false;

  constructor(private readonly fleet: Fleet) {}

  /** Called every heartbeat: takes over what the down hosts held, when this host is the one to act. */
  async check(): Promise<void> {
    if (this.busy) return;
    const { fleet } = this;
    if (fleet.fence.fenced.size > 0) await this.settleFenced();
    const hosts = fleet.directory.list();
    // Silent for a whole down window, even a host whose daemon stopped cleanly
    // (down at once for calls): its HA QEMUs are fenced by then.
    const down = new Set(
      hosts.filter((host) => host.lastSeenMs >= fleet.downAfterMs).map((host) => host.id),
    );
    if (down.size === 0) return;
    const actor = hosts
      .filter((host) => host.up)
      .map((host) => host.id)
      .sort()[0];
    if (actor !== fleet.hostId) return;
    // Hosts look down to everyone while the NATS cluster elects a leader: act
    // only when this host's own beats were stored all along the down window.
    if (!fleet.heartbeat.storedThroughout(fleet.downAfterMs + HEARTBEAT_MS)) return;
    this.busy = true;
    try {
      for (const { vm } of fleet.catalog.list()) {
        const holder = fleet.locks.holder(vm.id);
        if (!vm.ha || !holder || !down.has(holder) || vm.host !== holder) continue;
        await this.takeOver(vm.id, holder).catch((error: Error) =>
          fleet.log(`HA: ${vm.name} not restarted here: ${error.message}`),
        );
      }
    } finally {
      this.busy = false;
    }
  }

  private async settleFenced(): Promise<void> {
    const { fleet } = this;
    if (!fleet.heartbeat.storedThroughout(fleet.downAfterMs + HEARTBEAT_MS)) return;
    this.busy = true;
    try {
      for (const id of [...fleet.fence.fenced]) {
        const entry = fleet.catalog.find(id);
        const holder = fleet.locks.holder(id);
        const ours = entry?.vm.host === fleet.hostId && (holder ?? fleet.hostId) === fleet.hostId;
        if (!ours || !entry.vm.ha || fleet.ctx.owner.managed(id)) {
          fleet.fence.fenced.delete(id);
          if (entry && !ours)
            fleet.log(
              `HA: fenced VM ${entry.vm.name} runs on ${fleet.nameOf(holder ?? entry.vm.host)} now`,
            );
          continue;
        }
        try {
          await localAction(fleet, id, 'start');
          fleet.fence.fenced.delete(id);
          fleet.log(`HA: fenced VM ${entry.vm.name} is still this host's: started again`);
        } catch (error) {
          fleet.log(
            `HA: fenced VM ${entry.vm.name} not started again yet: ${(error as Error).message}`,
          );
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private async takeOver(vmId: string, from: string): Promise<void> {
    const { fleet } = this;
    // The down host may have come back since this round began.
    if (fleet.directory.isUp(from)) return;
    const entry = await fleet.catalog.fresh(vmId);
    if (entry.vm.host !== from) return;
    const moved = await fleet.catalog.update(entry, {
      ...entry.vm,
      host: fleet.hostId,
      updatedAt: new Date().toISOString(),
    });
    await fleet.locks.acquire(vmId, from);
    fleet.cache.put(moved.vm, moved.revision);
    fleet.log(
      `HA: ${moved.vm.name} was running on ${fleet.nameOf(from)}, which is down: starting it here`,
    );
    await localAction(fleet, vmId, 'start');
  }
}
