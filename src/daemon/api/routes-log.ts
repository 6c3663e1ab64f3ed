import { Type } from '@sinclair/typebox';
import { findLibvirtDomain } from '../libvirt/libvirt-vms.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { AuditEntry, Page, StoredEvent, VmId } from './schemas.js';

const DEFAULT_PAGE = 100;

export const logRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/events',
    summary: "Every VM's events after `after` (a seq), oldest first",
    access: 'vm.read',
    schema: { querystring: Page, response: Type.Array(StoredEvent) },
    handler: ({ query }, ctx) => ctx.events.since(query.after ?? 0, query.limit ?? DEFAULT_PAGE),
  }),
  route({
    method: 'GET',
    url: '/vms/:id/events',
    summary: "One VM's events after `after` (a seq), oldest first",
    access: 'vm.read',
    schema: { params: VmId, querystring: Page, response: Type.Array(StoredEvent) },
    handler({ params, query }, ctx) {
      const id =
        findLibvirtDomain(ctx, params.id)?.entry.id ??
        ctx.definitions.get(resolveId(ctx, params.id)).id;
      return ctx.events.since(query.after ?? 0, query.limit ?? DEFAULT_PAGE, id);
    },
  }),
  route({
    method: 'GET',
    url: '/audit',
    summary: 'The audit log after `after` (a seq): who did what, when, and how it ended',
    access: 'audit.read',
    schema: { querystring: Page, response: Type.Array(AuditEntry) },
    handler: ({ query }, ctx) => ctx.audit.since(query.after ?? 0, query.limit ?? DEFAULT_PAGE),
  }),
];
