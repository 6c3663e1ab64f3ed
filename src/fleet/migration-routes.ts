/** `POST /vms/{id}/migrate` to another host, its progress and its cancel, run on the VM's host. */
import { Type } from '@sinclair/typebox';
import type { RouteSpec } from '../daemon/api/route.js';
import { VmId } from '../daemon/api/schemas.js';
import type { Principal } from '../daemon/auth/roles.js';
import { BadRequestError } from '../daemon/errors.js';
import type { Fleet } from './fleet.js';
import { MIGRATE_TIMEOUT_MS } from './migration.js';
import { requireHostUp } from './views.js';

const MigrateBody = Type.Object(
  { to: Type.String({ minLength: 1, description: 'the destination host, by name or id' }) },
  { additionalProperties: false },
);

/** Runs `local` on the VM's host: here, or forwarded there as `route`. */
async function onVmHost(
  fleet: Fleet,
  idOrName: string,
  route: string,
  principal: Principal,
  body: unknown,
  local: (id: string) => Promise<unknown>,
): Promise<unknown> {
  const entry = await fleet.catalog.fresh(idOrName);
  if (entry.vm.host === fleet.hostId) return local(entry.vm.id);
  requireHostUp(fleet, entry.vm.host);
  return fleet.forwarder.call(
    entry.vm.host,
    fleet.nameOf(entry.vm.host),
    { route, params: { id: entry.vm.id }, query: {}, body, principal },
    MIGRATE_TIMEOUT_MS,
  );
}

export function migrationRoutes(fleet: Fleet): RouteSpec[] {
  return [
    {
      method: 'POST',
      url: '/vms/:id/migrate',
      summary: 'Live-migrate a running VM to another host (shared storage); resolves once done',
      access: 'vm.define',
      audit: 'vm.migrate',
      schema: { params: VmId, body: MigrateBody },
      handler: ({ params, body, principal }) => {
        const { to } = body as { to: string };
        const host = fleet.directory.find(to);
        if (!host)
          throw new BadRequestError('body.to', `no host ${JSON.stringify(to)} in the fleet`);
        requireHostUp(fleet, host.id);
        return onVmHost(
          fleet,
          (params as { id: string }).id,
          'POST /vms/:id/migrate',
          principal,
          { to: host.id },
          (id) => fleet.migrations.send(id, host.id),
        );
      },
    },
    {
      method: 'GET',
      url: '/vms/:id/migration',
      summary: "The VM's outgoing migration in progress (null when none)",
      access: 'vm.read',
      schema: { params: VmId },
      handler: ({ params, principal }) =>
        onVmHost(
          fleet,
          (params as { id: string }).id,
          'GET /vms/:id/migration',
          principal,
          undefined,
          async (id) => ({
            progress: fleet.migrations.progress(id),
          }),
        ),
    },
    {
      method: 'DELETE',
      url: '/vms/:id/migration',
      summary: "Cancel the VM's outgoing migration: it keeps running where it was",
      access: 'vm.define',
      audit: 'vm.migrate-cancel',
      schema: { params: VmId },
      handler: ({ params, principal }) =>
        onVmHost(
          fleet,
          (params as { id: string }).id,
          'DELETE /vms/:id/migration',
          principal,
          undefined,
          async (id) => ({
            cancelled: fleet.migrations.cancel(id),
          }),
        ),
    },
  ];
}
