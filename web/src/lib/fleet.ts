/**
 * The fleet as the pages show it (pure: no calls). A daemon in a fleet lists
 * every VM with its host's name; a daemon alone lists them without one, and
 * the pages then show nothing about hosts.
 */
import type {
  FleetHostInfo,
  MigrationProgressInfo,
  VmInfo,
} from '../../../src/api-client/types.js';
import { duration } from './format.js';

/** The VM's host as the fleet lists it, or undefined outside a fleet. */
export function hostOf(vm: VmInfo): { id: string; name: string; up: boolean } | undefined {
  const { host, hostUp } = vm as VmInfo & { host?: unknown; hostUp?: unknown };
  if (typeof host !== 'string') return undefined;
  return { id: vm.hostId, name: host, up: hostUp !== false };
}

/** QEMU is there: the VM counts as running on its host. */
export function isRunning(vm: VmInfo): boolean {
  return vm.state === 'running' || vm.state === 'paused';
}

export interface HostRow {
  host: FleetHostInfo;
  vms: VmInfo[];
  running: number;
}

/**
 * Every host with the VMs placed on it (by name), hosts by name. A VM whose
 * host has no record (yet) gets a row of its own, shown down, so no VM is
 * left out.
 */
export function hostRows(hosts: readonly FleetHostInfo[], vms: readonly VmInfo[]): HostRow[] {
  const rows = new Map<string, HostRow>(
    hosts.map((host) => [host.id, { host, vms: [], running: 0 }]),
  );
  for (const vm of vms) {
    let row = rows.get(vm.hostId);
    if (!row) {
      const name = hostOf(vm)?.name ?? vm.hostId;
      row = { host: unknownHost(vm.hostId, name), vms: [], running: 0 };
      rows.set(vm.hostId, row);
    }
    row.vms.push(vm);
    if (isRunning(vm)) row.running++;
  }
  for (const row of rows.values()) row.vms.sort((a, b) => a.name.localeCompare(b.name));
  return [...rows.values()].sort((a, b) => a.host.name.localeCompare(b.host.name));
}

function unknownHost(id: string, name: string): FleetHostInfo {
  return {
    id,
    name,
    url: null,
    up: false,
    lastSeenMs: -1,
    cpus: 0,
    memoryTotal: 0,
    memoryFree: 0,
    load1: 0,
    running: 0,
    version: '',
  };
}

/** Where a VM on `currentHostId` may migrate to: the other hosts that are up, by name. */
export function migrationTargets(
  hosts: readonly FleetHostInfo[],
  currentHostId: string,
): FleetHostInfo[] {
  return hosts
    .filter((host) => host.up && host.id !== currentHostId)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * How much of the guest's RAM is through (0 to 1: not still to send), or
 * undefined while QEMU does not know the total. Bytes sent would mislead:
 * zero pages cost a few bytes each, and dirtied pages are sent again.
 */
export function migrationFraction(progress: MigrationProgressInfo | null): number | undefined {
  if (!progress) return undefined;
  if (progress.status === 'completed') return 1;
  if (!(progress.total > 0)) return undefined;
  return Math.min(1, Math.max(0, (progress.total - progress.remaining) / progress.total));
}

/**
 * A host's liveness in words. `lastSeenMs` was measured by the daemon when
 * the list was fetched at `fetchedAt`; `now` is the page's clock.
 */
export function heartbeatText(host: FleetHostInfo, fetchedAt: number, now: number): string {
  if (host.lastSeenMs < 0) return 'no record of this host';
  const silentMs = host.lastSeenMs + Math.max(0, now - fetchedAt);
  const lastBeat = new Date(now - silentMs);
  if (host.up) return `last heartbeat ${duration(silentMs)} ago`;
  return `no heartbeat since ${lastBeat.toLocaleTimeString()} (${duration(silentMs)} ago)`;
}
