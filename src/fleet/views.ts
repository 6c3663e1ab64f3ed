/** A VM as the fleet API shows it: the daemon's view plus where it runs. */
import { type Static, Type } from '@sinclair/typebox';
import { VmView } from '../daemon/api/schemas.js';
import { HostUnreachableError } from './errors.js';
import type { Fleet } from './fleet.js';
import type { CatalogEntry } from './vm-catalog.js';

export const FleetVmView = Type.Composite([
  VmView,
  Type.Object({
    host: Type.String({ description: "the name of the VM's host" }),
    hostUp: Type.Boolean(),
    ha: Type.Boolean(),
  }),
]);
export type FleetVmViewT = Static<typeof FleetVmView>;

export function fleetVmView(fleet: Fleet, { vm, revision }: CatalogEntry): FleetVmViewT {
  const local = vm.host === fleet.hostId;
  const remote = fleet.states.get(vm.id)?.value;
  const state = local
    ? fleet.ctx.owner.state(vm.id)
    : remote?.host === vm.host
      ? remote.state
      : 'stopped';
  return {
    id: vm.id,
    name: vm.name,
    hostId: vm.host,
    host: fleet.nameOf(vm.host),
    hostUp: local || fleet.directory.isUp(vm.host),
    source: 'qmon',
    state,
    pid: local ? (fleet.ctx.owner.pid(vm.id) ?? null) : (remote?.pid ?? null),
    // Another host's start time is not replicated; its own API has it.
    startedAt: local ? (fleet.ctx.owner.managed(vm.id)?.vm.startedAt.toISOString() ?? null) : null,
    spec: vm.spec as FleetVmViewT['spec'],
    autostart: vm.autostart,
    restart: vm.restart,
    ha: vm.ha,
    revision,
    createdAt: vm.createdAt,
    updatedAt: vm.updatedAt,
  };
}

/** Throws unless the VM's host is this one or up. */
export function requireHostUp(fleet: Fleet, hostId: string): void {
  if (hostId === fleet.hostId) return;
  const host = fleet.directory.get(hostId);
  if (!host?.up)
    throw new HostUnreachableError(
      fleet.nameOf(hostId),
      host
        ? `down (not heard from for ${Math.round(host.lastSeenMs / 1000)} s)`
        : 'not in the fleet',
    );
}
