/**
 * Network cards plugged into a running VM: a user-mode backend (`ID-user`)
 * and the card on it, in a free hotplug port; unplugging waits for
 * DEVICE_DELETED (bounded), then removes the backend. The spec is unchanged:
 * a plugged card lasts until QEMU stops.
 */
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId } from './schemas.js';
import { Detach, DeviceId, NewNic, NicParams } from './schemas-resources.js';

function timeoutOf(body: { timeoutMs?: number } | undefined): { timeout?: number } {
  return body?.timeoutMs !== undefined ? { timeout: body.timeoutMs } : {};
}

let generated = 0;

export const nicRoutes: RouteSpec[] = [
  route({
    method: 'POST',
    url: '/vms/:id/nics',
    summary: 'Plug a network card (user-mode networking) into the running VM',
    access: 'vm.control',
    schema: { params: VmId, body: NewNic, response: DeviceId },
    audit: 'vm.nic.add',
    async handler({ params, body, reply }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      const id = body.id ?? `hnic${Date.now().toString(36)}${++generated}`;
      const netdev = `${id}-user`;
      const { qmp } = managed.vm;
      await qmp.execute('netdev_add', { type: 'user', id: netdev }, timeoutOf(body));
      try {
        await managed.vm.addDevice(
          {
            driver: body.model ?? 'virtio-net-pci',
            id,
            netdev,
            ...(body.mac ? { mac: body.mac } : {}),
          },
          timeoutOf(body),
        );
      } catch (error) {
        await qmp.execute('netdev_del', { id: netdev }).catch(() => {});
        throw error;
      }
      reply.status(201);
      return { id };
    },
  }),
  route({
    method: 'DELETE',
    url: '/vms/:id/nics/:nic',
    summary: 'Unplug a network card; returns once QEMU reports it gone (DEVICE_DELETED)',
    access: 'vm.control',
    schema: { params: NicParams, querystring: Detach },
    audit: 'vm.nic.remove',
    async handler({ params, query }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      await managed.vm.removeDevice(params.nic, timeoutOf(query));
      // A backend the card was plugged on by hand may be named otherwise: then there is none to drop.
      await managed.vm.qmp.execute('netdev_del', { id: `${params.nic}-user` }).catch(() => {});
      return { id: params.nic };
    },
  }),
];
