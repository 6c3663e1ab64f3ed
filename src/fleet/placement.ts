/** Where a new VM goes: the host the user pinned, else the live host with the most room. */
import { BadRequestError } from '../daemon/errors.js';
import type { HostView } from './hosts.js';
import type { FleetVm } from './vm-catalog.js';

const MIB = 1024 * 1024;

/**
 * The live host with the most free memory once the VMs placed on it but not
 * running yet are counted, that fits `memoryMiB`; ties go to the host with
 * more idle CPUs.
 */
export function placeVm(
  hosts: HostView[],
  placed: { vm: FleetVm; running: boolean }[],
  memoryMiB: number,
  pinned?: string,
): HostView {
  const live = hosts.filter((host) => host.up);
  if (pinned !== undefined) {
    const host = hosts.find((h) => h.id === pinned || h.name === pinned);
    if (!host)
      throw new BadRequestError('body.host', `no host ${JSON.stringify(pinned)} in the fleet`);
    if (!host.up) throw new BadRequestError('body.host', `host ${host.name} is down`);
    return host;
  }
  const room = (host: HostView) => {
    const pending = placed
      .filter((p) => p.vm.host === host.id && !p.running)
      .reduce((sum, p) => sum + (p.vm.spec.memoryMiB ?? 128) * MIB, 0);
    return host.memoryFree - pending;
  };
  const fitting = live.filter((host) => room(host) >= memoryMiB * MIB);
  if (fitting.length === 0)
    throw new BadRequestError('body.spec.memoryMiB', `no live host has ${memoryMiB} MiB free`);
  return fitting.sort(
    (a, b) => room(b) - room(a) || b.cpus - b.load1 - (a.cpus - a.load1),
  )[0] as HostView;
}
