import { Type } from '@sinclair/typebox';
import type { VmSpec } from '../../launch/spec.js';
import { permits } from '../auth/roles.js';
import type { DaemonContext } from '../context.js';
import { ConflictError } from '../errors.js';
import { findLibvirtDomain, libvirtVmView, libvirtVmViews } from '../libvirt/libvirt-vms.js';
import { toHttpError } from './http-errors.js';
import { forbidden } from './request-auth.js';
import { type RouteSpec, route } from './route.js';
import {
  BulkAction,
  BulkResult,
  Definition,
  type DefinitionT,
  type VmAction,
  VmActionParams,
  VmId,
  VmView,
} from './schemas.js';
import { vmView } from './vm-view.js';

function input(body: DefinitionT) {
  return {
    spec: body.spec as VmSpec,
    ...(body.autostart !== undefined ? { autostart: body.autostart } : {}),
    ...(body.restart ? { restart: body.restart } : {}),
  };
}

/** Runs one lifecycle action; resolves once it is done (stop: once QEMU is gone). */
export function runAction(ctx: DaemonContext, idOrName: string, action: VmAction): Promise<void> {
  const domain = findLibvirtDomain(ctx, idOrName);
  if (domain) return domain.source.action(domain.entry, action);
  const { id } = ctx.definitions.get(resolveId(ctx, idOrName));
  return ctx.owner[action](id);
}

/** A VM is named by id or by name in every URL. */
export function resolveId(ctx: DaemonContext, idOrName: string): string {
  return ctx.definitions.idOf(idOrName) ?? idOrName;
}

function currentView(ctx: DaemonContext, idOrName: string) {
  const domain = findLibvirtDomain(ctx, idOrName);
  if (domain) return libvirtVmView(domain.source.find(domain.entry.id) ?? domain.entry, ctx);
  return vmView(ctx.definitions.get(resolveId(ctx, idOrName)), ctx);
}

export const vmRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms',
    summary: "Every VM defined on this host, with its state, then the libvirt connections' domains",
    access: 'vm.read',
    schema: { response: Type.Array(VmView) },
    handler: (_request, ctx) => [
      ...ctx.definitions.list().map((def) => vmView(def, ctx)),
      ...libvirtVmViews(ctx),
    ],
  }),
  route({
    method: 'POST',
    url: '/vms',
    summary: 'Define a VM',
    access: 'vm.define',
    schema: { body: Definition, response: VmView },
    audit: 'vm.define',
    handler({ body, reply }, ctx) {
      reply.status(201);
      return vmView(ctx.definitions.define(input(body)), ctx);
    },
  }),
  route({
    method: 'GET',
    url: '/vms/:id',
    summary: 'One VM, by id or name',
    access: 'vm.read',
    schema: { params: VmId, response: VmView },
    handler: ({ params }, ctx) => currentView(ctx, params.id),
  }),
  route({
    method: 'PUT',
    url: '/vms/:id',
    summary: "Replace a VM's definition (its name only while it is not running)",
    access: 'vm.define',
    schema: { params: VmId, body: Definition, response: VmView },
    audit: 'vm.update',
    handler({ params, body }, ctx) {
      const current = ctx.definitions.get(resolveId(ctx, params.id));
      if (body.spec.name !== current.name && ctx.owner.managed(current.id))
        throw new ConflictError('a running VM cannot be renamed');
      return vmView(ctx.definitions.update(current.id, input(body)), ctx);
    },
  }),
  route({
    method: 'DELETE',
    url: '/vms/:id',
    summary: 'Undefine a VM that is not running',
    access: 'vm.define',
    schema: { params: VmId },
    audit: 'vm.undefine',
    handler({ params }, ctx) {
      const { id } = ctx.definitions.get(resolveId(ctx, params.id));
      if (ctx.owner.managed(id)) throw new ConflictError('stop the VM before undefining it');
      ctx.definitions.undefine(id);
      return {};
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/:action',
    summary: 'start, stop (powerdown, then quit, then kill), kill, pause, resume or reset a VM',
    access: 'vm.control',
    schema: { params: VmActionParams, response: VmView },
    audit: 'vm.action',
    async handler({ params }, ctx) {
      await runAction(ctx, params.id, params.action);
      return currentView(ctx, params.id);
    },
  }),
  route({
    method: 'POST',
    url: '/vm-actions',
    summary: 'One action on many VMs at once; each result is reported',
    access: 'vm.control',
    schema: { body: BulkAction, response: BulkResult },
    audit: 'vm.bulk-action',
    judgesEachVm: true,
    async handler({ body, principal }, ctx) {
      const allowed = async (id: string) => {
        const vmId = resolveId(ctx, id);
        if (!permits(principal, 'vm.control', vmId)) throw forbidden(principal, 'vm.control', vmId);
        await runAction(ctx, id, body.action);
      };
      const results = await Promise.all(
        body.ids.map((id) =>
          allowed(id).then(
            () => ({ id, ok: true }),
            (error: unknown) => ({ id, ok: false, error: toHttpError(error).body.error }),
          ),
        ),
      );
      return { results };
    },
  }),
];
