import type { DaemonContext } from '../context.js';
import type { VmDefinition } from '../store/vm-definitions.js';
import type { VmViewT } from './schemas.js';

export function vmView(def: VmDefinition, ctx: DaemonContext): VmViewT {
  return {
    id: def.id,
    name: def.name,
    hostId: ctx.hostId,
    source: 'qmon',
    state: ctx.owner.state(def.id),
    pid: ctx.owner.pid(def.id) ?? null,
    startedAt: ctx.owner.managed(def.id)?.vm.startedAt.toISOString() ?? null,
    spec: def.spec as VmViewT['spec'],
    autostart: def.autostart,
    restart: def.restart,
    revision: def.revision,
    createdAt: def.createdAt,
    updatedAt: def.updatedAt,
  };
}
