/**
 * The VM routes of a daemon in a fleet: definitions and placement live in the
 * fleet's catalog (any host lists and changes every VM), and everything else
 * about a VM runs on the host it is placed on, forwarded there when needed.
 */
import { Type } from '@sinclair/typebox';
import { toHttpError } from '../daemon/api/http-errors.js';
import { type RouteRequest, type RouteSpec, route } from '../daemon/api/route.js';
import { runAction } from '../daemon/api/routes-vms.js';
import {
  BulkAction,
  BulkResult,
  Definition,
  type VmAction,
  VmActionParams,
  VmId,
} from '../daemon/api/schemas.js';
import type { Principal } from '../daemon/auth/roles.js';
import { ConflictError } from '../daemon/errors.js';
import { libvirtVmViews } from '../daemon/libvirt/libvirt-vms.js';
import { DEFAULT_RESTART } from '../daemon/store/vm-definitions.js';
import { resolveSpec, type VmSpec } from '../launch/spec.js';
import { FleetUnavailableError } from './errors.js';
import type { Fleet } from './fleet.js';
import { placeVm } from './placement.js';
import { FleetVmView, fleetVmView, requireHostUp } from './views.js';
import type { CatalogEntry, FleetVm } from './vm-catalog.js';

export const FleetDefinition = Type.Composite(
  [
    Definition,
    Type.Object({
      host: Type.Optional(Type.String({ description: 'pin the VM to this host (name or id)' })),
      ha: Type.Optional(
        Type.Boolean({ description: 'restart it on another host when its host goes down' }),
      ),
    }),
  ],
  { additionalProperties: false },
);

const running = (state: string) => !['stopped', 'exited', 'crashed', 'shutdown'].includes(state);

/** Runs a lifecycle action on this host, under the VM's lock. */
export async function localAction(fleet: Fleet, id: string, action: VmAction): Promise<unknown> {
  const entry = await fleet.catalog.fresh(id);
  if (entry.vm.host !== fleet.hostId)
    throw new ConflictError(`VM ${entry.vm.name} is placed on host ${fleet.nameOf(entry.vm.host)}`);
  fleet.cache.put(entry.vm, entry.revision);
  if (action === 'start') {
    await fleet.locks.acquire(entry.vm.id);
    try {
      await runAction(fleet.ctx, entry.vm.id, action);
    } catch (error) {
      if (!fleet.ctx.owner.managed(entry.vm.id))
        await fleet.locks.release(entry.vm.id).catch(() => {});
      throw error;
    }
  } else {
    // A write at the held revision: a host that lost the lock or the quorum acts on nothing.
    await fleet.locks.confirm(entry.vm.id);
    await runAction(fleet.ctx, entry.vm.id, action);
    if (action === 'stop' || action === 'kill') await fleet.locks.release(entry.vm.id);
  }
  return fleetVmView(fleet, entry);
}

/** A lifecycle action wherever the VM is placed. */
export async function fleetAction(
  fleet: Fleet,
  principal: Principal,
  idOrName: string,
  action: VmAction,
): Promise<unknown> {
  const entry = await fleet.catalog.fresh(idOrName);
  if (entry.vm.host === fleet.hostId) return localAction(fleet, entry.vm.id, action);
  requireHostUp(fleet, entry.vm.host);
  return fleet.forwarder.call(entry.vm.host, fleet.nameOf(entry.vm.host), {
    route: 'POST /vms/:id/:action',
    params: { id: entry.vm.id, action },
    query: {},
    body: undefined,
    principal,
  });
}

function toFleetVm(
  body: RouteRequest<{ body: typeof FleetDefinition }>['body'],
  base: Partial<FleetVm>,
): Omit<FleetVm, 'host' | 'id' | 'createdAt'> {
  resolveSpec(body.spec as VmSpec);
  return {
    name: body.spec.name,
    spec: body.spec as VmSpec,
    autostart: body.autostart ?? base.autostart ?? false,
    restart: { ...DEFAULT_RESTART, ...base.restart, ...body.restart },
    ha: body.ha ?? base.ha ?? false,
    updatedAt: new Date().toISOString(),
  };
}

function isRunning(fleet: Fleet, entry: CatalogEntry): boolean {
  return running(fleetVmView(fleet, entry).state) || fleet.locks.holder(entry.vm.id) !== undefined;
}

export function fleetVmRoutes(fleet: Fleet): RouteSpec[] {
  return [
    route({
      method: 'GET',
      url: '/vms',
      summary: "Every VM of the fleet, with its host and state, then this host's libvirt domains",
      access: 'vm.read',
      schema: { response: Type.Array(FleetVmView) },
      handler: () => [
        ...fleet.catalog.list().map((entry) => fleetVmView(fleet, entry)),
        ...libvirtVmViews(fleet.ctx).map((view) => ({
          ...view,
          host: fleet.hostName,
          hostUp: true,
          ha: false,
        })),
      ],
    }),
    route({
      method: 'GET',
      url: '/vms/:id',
      summary: 'One VM of the fleet, by id or name',
      access: 'vm.read',
      schema: { params: VmId, response: FleetVmView },
      handler: async ({ params }) => fleetVmView(fleet, await fleet.catalog.fresh(params.id)),
    }),
    route({
      method: 'POST',
      url: '/vms',
      summary:
        'Define a VM, placed on the live host with the most free memory, or pinned by `host`',
      access: 'vm.define',
      schema: { body: FleetDefinition, response: FleetVmView },
      audit: 'vm.define',
      async handler({ body, reply }) {
        // This host's own heartbeats failing: the store is the problem, not the hosts.
        if (fleet.heartbeat.lastError !== undefined)
          throw new FleetUnavailableError('placing a VM', fleet.heartbeat.lastError);
        const fields = toFleetVm(body, {});
        const placed = fleet.catalog
          .list()
          .map((entry) => ({ vm: entry.vm, running: isRunning(fleet, entry) }));
        const host = placeVm(fleet.directory.list(), placed, body.spec.memoryMiB ?? 128, body.host);
        const now = new Date().toISOString();
        const entry = await fleet.catalog.define({
          ...fields,
          id: crypto.randomUUID(),
          host: host.id,
          createdAt: now,
          updatedAt: now,
        });
        reply.status(201);
        return fleetVmView(fleet, entry);
      },
    }),
    route({
      method: 'PUT',
      url: '/vms/:id',
      summary: "Replace a VM's definition (compare-and-set on the revision it was read at)",
      access: 'vm.define',
      schema: { params: VmId, body: FleetDefinition, response: FleetVmView },
      audit: 'vm.update',
      async handler({ params, body }) {
        const current = await fleet.catalog.fresh(params.id);
        if (body.spec.name !== current.vm.name && isRunning(fleet, current))
          throw new ConflictError('a running VM cannot be renamed');
        let host = current.vm.host;
        if (body.host !== undefined && body.host !== host) {
          if (isRunning(fleet, current))
            throw new ConflictError('a running VM moves with `qmon vm migrate`');
          host = placeVm(fleet.directory.list(), [], 0, body.host).id;
        }
        const next = { ...current.vm, ...toFleetVm(body, current.vm), host };
        return fleetVmView(fleet, await fleet.catalog.update(current, next));
      },
    }),
    route({
      method: 'DELETE',
      url: '/vms/:id',
      summary: 'Undefine a VM that is not running',
      access: 'vm.define',
      schema: { params: VmId },
      audit: 'vm.undefine',
      async handler({ params }) {
        const current = await fleet.catalog.fresh(params.id);
        if (isRunning(fleet, current)) throw new ConflictError('stop the VM before undefining it');
        await fleet.catalog.remove(current);
        return {};
      },
    }),
    route({
      method: 'POST',
      url: '/vms/:id/:action',
      summary: 'start, stop, kill, pause, resume or reset a VM, on whichever host it is placed',
      access: 'vm.control',
      schema: { params: VmActionParams, response: FleetVmView },
      audit: 'vm.action',
      handler: ({ params, principal }) => fleetAction(fleet, principal, params.id, params.action),
    }),
    route({
      method: 'POST',
      url: '/vm-actions',
      summary: 'One action on many VMs of the fleet at once; each result is reported',
      access: 'vm.control',
      schema: { body: BulkAction, response: BulkResult },
      audit: 'vm.bulk-action',
      async handler({ body, principal }) {
        const results = await Promise.all(
          body.ids.map((id) =>
            fleetAction(fleet, principal, id, body.action).then(
              () => ({ id, ok: true }),
              (error: unknown) => ({ id, ok: false, error: toHttpError(error).body.error }),
            ),
          ),
        );
        return { results };
      },
    }),
  ];
}
