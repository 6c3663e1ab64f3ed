/** Per-VM grants, managed by admins: a user's role on one VM (see auth/grants.ts). */
import { Type } from '@sinclair/typebox';
import type { DaemonContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { GrantBody, GrantParams, GrantView, VmId } from './schemas.js';

/** A user named by id or by name. */
function userId(ctx: DaemonContext, idOrName: string): string {
  const user = ctx.accounts.listUsers().find((u) => u.id === idOrName || u.name === idOrName);
  if (!user) throw new NotFoundError('user', idOrName);
  return user.id;
}

export const grantRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/grants',
    summary: 'Every per-VM grant',
    access: 'users.manage',
    schema: { response: Type.Array(GrantView) },
    handler: (_request, ctx) => ctx.grants.list(),
  }),
  route({
    method: 'GET',
    url: '/users/:id/grants',
    summary: "One user's per-VM grants (user by id or name)",
    access: 'users.manage',
    schema: { params: VmId, response: Type.Array(GrantView) },
    handler: ({ params }, ctx) => ctx.grants.list(userId(ctx, params.id)),
  }),
  route({
    method: 'PUT',
    url: '/users/:id/grants/:vm',
    summary: 'Give a user a role on one VM (it counts where it is above their own role)',
    access: 'users.manage',
    schema: { params: GrantParams, body: GrantBody, response: GrantView },
    audit: 'grant.set',
    handler({ params, body }, ctx) {
      const vmId = ctx.definitions.get(resolveId(ctx, params.vm)).id;
      return ctx.grants.set(userId(ctx, params.id), vmId, body.role);
    },
  }),
  route({
    method: 'DELETE',
    url: '/users/:id/grants/:vm',
    summary: "Revoke a user's grant on one VM",
    access: 'users.manage',
    schema: { params: GrantParams },
    audit: 'grant.revoke',
    handler({ params }, ctx) {
      ctx.grants.revoke(userId(ctx, params.id), resolveId(ctx, params.vm));
      return {};
    },
  }),
];
