/** libvirt domains among the daemon's VMs: found by id or name, shown in the VM list's shape. */
import type { VmViewT } from '../api/schemas.js';
import type { DaemonContext } from '../context.js';
import type { LibvirtDomainEntry, LibvirtSource } from './libvirt-source.js';

export interface FoundDomain {
  source: LibvirtSource;
  entry: LibvirtDomainEntry;
}

/** The libvirt domain a URL names, when it names none of the daemon's own VMs. */
export function findLibvirtDomain(ctx: DaemonContext, idOrName: string): FoundDomain | undefined {
  if (ctx.definitions.idOf(idOrName) !== undefined) return undefined;
  for (const source of ctx.libvirt) {
    const entry = source.find(idOrName);
    if (entry) return { source, entry };
  }
  return undefined;
}

export function libvirtVmViews(ctx: DaemonContext): VmViewT[] {
  return ctx.libvirt.flatMap((source) => source.list().map((entry) => libvirtVmView(entry, ctx)));
}

/** A domain in the VM list: its definition lives in libvirt, so qmon's own fields are neutral. */
export function libvirtVmView(entry: LibvirtDomainEntry, ctx: DaemonContext): VmViewT {
  return {
    id: entry.id,
    name: entry.name,
    hostId: ctx.hostId,
    source: entry.source,
    state: entry.state,
    pid: null,
    startedAt: null,
    spec: { name: entry.name },
    autostart: false,
    restart: { policy: 'never', maxRetries: 0, backoffMs: 0 },
    revision: 0,
    createdAt: '',
    updatedAt: '',
  };
}
