/**
 * A VM's disk images (created, resized and removed with qemu-img under
 * `STATE/disks/VMID/`), plugging them into a running VM, and VMs made from a
 * template. Images are named, never given as host paths, so an operator can
 * plug them without reaching the host's files.
 */
import { Type } from '@sinclair/typebox';
import { resize as resizeLive } from '../../jobs/disk-operations.js';
import { ensureDemoGuest } from '../../launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../launch/demo-vm-spec.js';
import type { DiskSpec, VmSpec } from '../../launch/spec.js';
import type { DaemonContext } from '../context.js';
import type { DiskImage as Image } from '../disks/disk-images.js';
import { ConflictError, NameTakenError } from '../errors.js';
import type { ManagedVm } from '../owner/managed-vm.js';
import type { VmDefinition } from '../store/vm-definitions.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId, VmView } from './schemas.js';
import {
  Detach,
  DeviceId,
  DiskAttach,
  DiskImage,
  type DiskImageT,
  DiskParams,
  DiskResize,
  NewDisk,
  Template,
} from './schemas-resources.js';
import { vmView } from './vm-view.js';

function definitionOf(ctx: DaemonContext, idOrName: string): VmDefinition {
  return ctx.definitions.get(resolveId(ctx, idOrName));
}

function view(def: VmDefinition, image: Image): DiskImageT {
  const inSpec = (def.spec.disks ?? []).some((disk) => disk.path === image.path);
  return { ...image, inSpec };
}

/** Whether a running QEMU has this disk open (from the spec or plugged in since). */
async function openIn(managed: ManagedVm | undefined, name: string): Promise<boolean> {
  if (!managed) return false;
  const blocks = await managed.vm.block();
  return blocks.some((block) => block.inserted?.['node-name'] === name);
}

/** Rewrites a VM's disk list (no await between reading and writing it: no lost update). */
function changeDisks(
  ctx: DaemonContext,
  id: string,
  change: (disks: DiskSpec[]) => DiskSpec[],
): void {
  const def = ctx.definitions.get(id);
  const disks = change([...(def.spec.disks ?? [])]);
  const { disks: _old, ...rest } = def.spec;
  const spec: VmSpec = disks.length > 0 ? { ...rest, disks } : rest;
  ctx.definitions.update(id, { spec, autostart: def.autostart, restart: def.restart });
}

export const diskRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms/:id/disks',
    summary: "The VM's disk images (under the state folder), with their sizes",
    access: 'vm.read',
    schema: { params: VmId, response: Type.Array(DiskImage) },
    async handler({ params }, ctx) {
      const def = definitionOf(ctx, params.id);
      return (await ctx.disks.list(def.id)).map((image) => view(def, image));
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/disks',
    summary: 'Create an empty qcow2 or raw disk image for the VM, and list it in its spec',
    access: 'vm.define',
    schema: { params: VmId, body: NewDisk, response: DiskImage },
    audit: 'vm.disk.create',
    async handler({ params, body, reply }, ctx) {
      const { id } = definitionOf(ctx, params.id);
      const addToSpec = body.addToSpec ?? true;
      const taken = () =>
        (ctx.definitions.get(id).spec.disks ?? []).some(
          (disk, i) => (disk.id ?? `disk${i}`) === body.name,
        );
      if (await ctx.disks.find(id, body.name)) throw new NameTakenError('disk', body.name);
      if (addToSpec && taken())
        throw new ConflictError(`the VM's spec has a disk with the id ${body.name} already`);
      const image = await ctx.disks.create(id, body.name, body.format ?? 'qcow2', body.sizeBytes);
      if (addToSpec) {
        try {
          if (taken())
            throw new ConflictError(`the VM's spec has a disk with the id ${body.name} already`);
          changeDisks(ctx, id, (disks) => [
            ...disks,
            {
              id: body.name,
              path: image.path,
              format: image.format,
              ...(body.model ? { model: body.model } : {}),
            },
          ]);
        } catch (error) {
          await ctx.disks.remove(id, body.name).catch(() => {});
          throw error;
        }
      }
      reply.status(201);
      return view(ctx.definitions.get(id), image);
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/disks/:disk/resize',
    summary: 'Grow a disk image: live (block_resize) while the VM has it open, else with qemu-img',
    access: 'vm.define',
    schema: { params: DiskParams, body: DiskResize, response: DiskImage },
    audit: 'vm.disk.resize',
    async handler({ params, body }, ctx) {
      const def = definitionOf(ctx, params.id);
      const managed = ctx.owner.managed(def.id);
      if (await openIn(managed, params.disk)) {
        const image = await ctx.disks.get(def.id, params.disk);
        if (body.sizeBytes < image.virtualBytes)
          throw new ConflictError(
            `${params.disk} is ${image.virtualBytes} bytes: shrinking is refused`,
          );
        await resizeLive(managed!.vm.qmp, params.disk, body.sizeBytes);
        return view(def, await ctx.disks.get(def.id, params.disk));
      }
      return view(def, await ctx.disks.resize(def.id, params.disk, body.sizeBytes));
    },
  }),
  route({
    method: 'DELETE',
    url: '/vms/:id/disks/:disk',
    summary: 'Delete a disk image no running QEMU has open, and drop it from the spec',
    access: 'vm.define',
    schema: { params: DiskParams },
    audit: 'vm.disk.delete',
    async handler({ params }, ctx) {
      const def = definitionOf(ctx, params.id);
      const image = await ctx.disks.get(def.id, params.disk);
      if (await openIn(ctx.owner.managed(def.id), params.disk))
        throw new ConflictError(`the running VM has ${params.disk} open: detach it or stop the VM`);
      changeDisks(ctx, def.id, (disks) => disks.filter((disk) => disk.path !== image.path));
      await ctx.disks.remove(def.id, params.disk);
      return {};
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/disks/:disk/attach',
    summary: 'Plug a disk image into the running VM (until it stops; the spec is unchanged)',
    access: 'vm.control',
    schema: { params: DiskParams, body: DiskAttach, response: DeviceId },
    audit: 'vm.disk.attach',
    async handler({ params, body }, ctx) {
      const def = definitionOf(ctx, params.id);
      const managed = ctx.owner.requireRunning(def.id);
      const image = await ctx.disks.get(def.id, params.disk);
      const id = await managed.vm.addDisk(
        {
          id: image.name,
          path: image.path,
          format: image.format,
          ...(body.readOnly !== undefined ? { readOnly: body.readOnly } : {}),
        },
        body.timeoutMs !== undefined ? { timeout: body.timeoutMs } : {},
      );
      return { id };
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/disks/:disk/detach',
    summary:
      'Unplug a disk from the running VM; returns once QEMU reports it gone (DEVICE_DELETED)',
    access: 'vm.control',
    schema: { params: DiskParams, body: Detach, response: DeviceId },
    audit: 'vm.disk.detach',
    async handler({ params, body }, ctx) {
      const managed = ctx.owner.requireRunning(definitionOf(ctx, params.id).id);
      await managed.vm.removeDisk(
        params.disk,
        body.timeoutMs !== undefined ? { timeout: body.timeoutMs } : {},
      );
      return { id: params.disk };
    },
  }),
  route({
    method: 'POST',
    url: '/vms/from-template',
    summary: "Define a VM from a template: `demo` is qmon's small test guest with the agent",
    access: 'vm.define',
    schema: { body: Template, response: VmView },
    audit: 'vm.define',
    async handler({ body, reply }, ctx) {
      const guest = await ensureDemoGuest();
      const spec = demoGuestVmSpec(guest, body.name, {
        ...(body.memoryMiB !== undefined ? { memoryMiB: body.memoryMiB } : {}),
        ...(body.cpus !== undefined ? { cpus: body.cpus } : {}),
      });
      const def = ctx.definitions.define({
        spec,
        ...(body.autostart !== undefined ? { autostart: body.autostart } : {}),
      });
      reply.status(201);
      return vmView(def, ctx);
    },
  }),
];
