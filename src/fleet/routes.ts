/** Every route a daemon in a fleet adds or replaces, and the answering of forwarded calls. */
import { Type } from '@sinclair/typebox';
import type { RouteRequest, RouteSpec } from '../daemon/api/route.js';
import { ROUTES } from '../daemon/api/routes.js';
import type { VmAction } from '../daemon/api/schemas.js';
import { NotFoundError } from '../daemon/errors.js';
import type { Fleet } from './fleet.js';
import type { ForwardedCall } from './forwarding.js';
import { historyRoutes } from './history.js';
import { migrationRoutes } from './migration-routes.js';
import { CONSOLE_OPEN, openConsoleHere } from './remote-consoles.js';
import { requireHostUp } from './views.js';
import { fleetVmRoutes, localAction } from './vm-routes.js';

const key = (spec: { method: string; url: string }) => `${spec.method} ${spec.url}`;

export const HostView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  up: Type.Boolean(),
  lastSeenMs: Type.Integer(),
  cpus: Type.Integer(),
  memoryTotal: Type.Integer(),
  memoryFree: Type.Integer(),
  load1: Type.Number(),
  running: Type.Integer(),
  version: Type.String(),
  migrationAddress: Type.Optional(
    Type.String({ description: 'where other hosts send live migrations (TCP with TLS)' }),
  ),
});

/** A base route about one VM (`/vms/:id/...`), run on the VM's host. */
function forwardedRoute(fleet: Fleet, base: RouteSpec): RouteSpec {
  return {
    ...base,
    async handler(request, ctx) {
      const { params } = request as RouteRequest<{ params: ReturnType<typeof Type.Object> }> & {
        params: Record<string, string>;
      };
      const entry = await fleet.catalog.fresh(params.id as string);
      if (entry.vm.host === fleet.hostId) {
        fleet.cache.put(entry.vm, entry.revision);
        return base.handler({ ...request, params: { ...params, id: entry.vm.id } as never }, ctx);
      }
      requireHostUp(fleet, entry.vm.host);
      return fleet.forwarder.call(entry.vm.host, fleet.nameOf(entry.vm.host), {
        route: key(base),
        params: { ...params, id: entry.vm.id },
        query: request.query,
        body: request.body,
        principal: request.principal,
      });
    },
  };
}

export function fleetRoutes(fleet: Fleet): RouteSpec[] {
  const own = fleetVmRoutes(fleet);
  const replaced = new Set(own.map(key));
  const perVm = ROUTES.filter(
    (spec) => spec.url.startsWith('/vms/:id/') && !replaced.has(key(spec)),
  );
  return [
    ...own,
    ...perVm.map((spec) => forwardedRoute(fleet, spec)),
    ...fleet.accounts.routes(),
    ...historyRoutes(fleet.store.js),
    ...migrationRoutes(fleet),
    {
      method: 'GET',
      url: '/hosts',
      summary: 'Every host of the fleet: up or down, capacity, running VMs',
      access: 'vm.read',
      schema: { response: Type.Array(HostView) },
      handler: () => fleet.directory.list(),
    },
  ];
}

/** Runs a call another host forwarded here, as the base route would for that principal. */
export function answerForwardedCall(fleet: Fleet): (call: ForwardedCall) => Promise<unknown> {
  const base = new Map(ROUTES.map((spec) => [key(spec), spec]));
  return async (call) => {
    const id = call.params.id as string;
    switch (call.route) {
      case 'POST /vms/:id/:action':
        return localAction(fleet, id, call.params.action as VmAction);
      case 'POST /vms/:id/migrate':
        return fleet.migrations.send(id, (call.body as { to: string }).to);
      case 'GET /vms/:id/migration':
        return { progress: fleet.migrations.progress(id) };
      case 'DELETE /vms/:id/migration':
        return { cancelled: fleet.migrations.cancel(id) };
      case 'MIGRATE-IN prepare':
        return fleet.migrations.prepare(id, call.params.transport === 'tls' ? 'tls' : 'unix');
      case 'MIGRATE-IN finish':
        return fleet.migrations.finish(id, call.params.from as string);
      case 'MIGRATE-IN abort':
        return fleet.migrations.abort(id);
      case CONSOLE_OPEN:
        return openConsoleHere(fleet, call.params);
    }
    const spec = base.get(call.route);
    if (!spec?.url.startsWith('/vms/:id/')) throw new NotFoundError('route', call.route);
    const entry = await fleet.catalog.fresh(call.params.id as string);
    fleet.cache.put(entry.vm, entry.revision);
    return spec.handler(
      {
        params: call.params as never,
        query: call.query as never,
        body: call.body as never,
        principal: call.principal,
        cookies: {},
        reply: { header: () => {}, status: () => {} },
      },
      fleet.ctx,
    );
  };
}
