/**
 * The daemon's routes for a VM's parts (snapshots, NICs, disk images) and
 * templates, in one place: the tabs call these and nothing else of them.
 */
import { api, type VmInfo } from './api.js';

const vmPath = (id: string) => `/vms/${encodeURIComponent(id)}`;

export interface Snapshot {
  id: string;
  tag: string;
  vmStateBytes: number;
  date: string;
}

export function listSnapshots(vmId: string): Promise<Snapshot[]> {
  return api.request('GET', `${vmPath(vmId)}/snapshots`);
}

export function createSnapshot(vmId: string, tag: string): Promise<unknown> {
  return api.request('POST', `${vmPath(vmId)}/snapshots`, { tag });
}

export function revertSnapshot(vmId: string, tag: string): Promise<unknown> {
  return api.request('POST', `${vmPath(vmId)}/snapshots/${encodeURIComponent(tag)}/revert`, {});
}

export function deleteSnapshot(vmId: string, tag: string): Promise<unknown> {
  return api.request('DELETE', `${vmPath(vmId)}/snapshots/${encodeURIComponent(tag)}`);
}

export function addNic(vmId: string, id?: string): Promise<{ id: string }> {
  return api.request('POST', `${vmPath(vmId)}/nics`, id ? { id } : {});
}

export function removeNic(vmId: string, nic: string): Promise<unknown> {
  return api.request('DELETE', `${vmPath(vmId)}/nics/${encodeURIComponent(nic)}`);
}

export interface DiskImage {
  name: string;
  format: 'qcow2' | 'raw';
  path: string;
  virtualBytes: number;
  actualBytes: number;
  inSpec: boolean;
}

export function listDisks(vmId: string): Promise<DiskImage[]> {
  return api.request('GET', `${vmPath(vmId)}/disks`);
}

export function createDisk(
  vmId: string,
  disk: { name: string; sizeBytes: number; format?: 'qcow2' | 'raw'; addToSpec?: boolean },
): Promise<DiskImage> {
  return api.request('POST', `${vmPath(vmId)}/disks`, disk);
}

export function attachDisk(vmId: string, disk: string): Promise<unknown> {
  return api.request('POST', `${vmPath(vmId)}/disks/${encodeURIComponent(disk)}/attach`, {});
}

export function detachDisk(vmId: string, disk: string): Promise<unknown> {
  return api.request('POST', `${vmPath(vmId)}/disks/${encodeURIComponent(disk)}/detach`, {});
}

/** Defines qmon's demo guest (kernel, initramfs, agent) under `name`. */
export function defineFromTemplate(input: {
  template: 'demo';
  name: string;
  memoryMiB?: number;
  cpus?: number;
}): Promise<VmInfo> {
  return api.request('POST', '/vms/from-template', input);
}

/** Devices added by id (the spec's and hotplugged ones), from QEMU's own tree. */
export async function peripherals(vmId: string): Promise<{ id: string; type: string }[]> {
  const children = (await api.qmp(vmId, 'qom-list', { path: '/machine/peripheral' })) as {
    name: string;
    type: string;
  }[];
  return children
    .filter((child) => child.type.startsWith('child<'))
    .map((child) => ({ id: child.name, type: child.type.slice(6, -1) }));
}
