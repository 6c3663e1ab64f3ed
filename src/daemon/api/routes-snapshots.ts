/**
 * Internal snapshots of a running VM (VM state and disks, inside its qcow2
 * images) through QEMU's `snapshot-save/load/delete` jobs. A call returns when
 * its job has concluded; the job's JOB_STATUS_CHANGE events (`qmon-snapshot-*`)
 * are stored and reach the event WebSocket as it goes.
 */
import { Type } from '@sinclair/typebox';
import type { Snapshot as LaunchSnapshot } from '../../launch/snapshots.js';
import { resolveSpec } from '../../launch/spec.js';
import { type RouteSpec, route } from './route.js';
import { resolveId } from './routes-vms.js';
import { VmId } from './schemas.js';
import {
  NewSnapshot,
  Snapshot,
  SnapshotParams,
  type SnapshotT,
  SnapshotTimeout,
} from './schemas-resources.js';

function view(snapshot: LaunchSnapshot): SnapshotT {
  return {
    id: snapshot.id,
    tag: snapshot.tag,
    vmStateBytes: snapshot.vmStateSize,
    date: snapshot.date.toISOString(),
    vmClockNs: snapshot.vmClockNs,
  };
}

function timeoutOf(body: { timeoutMs?: number } | undefined): { timeout?: number } {
  return body?.timeoutMs !== undefined ? { timeout: body.timeoutMs } : {};
}

export const snapshotRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/vms/:id/snapshots',
    summary:
      "The VM's internal snapshots (of its first writable qcow2 disk; from qemu-img when it is stopped)",
    access: 'vm.read',
    schema: { params: VmId, response: Type.Array(Snapshot) },
    async handler({ params }, ctx) {
      const def = ctx.definitions.get(resolveId(ctx, params.id));
      const managed = ctx.owner.managed(def.id);
      if (managed) return (await managed.vm.listSnapshots()).map(view);
      const disk = resolveSpec(def.spec).disks.find((d) => d.format === 'qcow2' && !d.readOnly);
      if (!disk) return [];
      return (await ctx.disks.snapshots(disk.path)).map((info) => ({
        id: info.id,
        tag: info.name,
        vmStateBytes: Number(info['vm-state-size']),
        date: new Date(info['date-sec'] * 1000 + Math.floor(info['date-nsec'] / 1e6)).toISOString(),
        vmClockNs: info['vm-clock-sec'] * 1e9 + info['vm-clock-nsec'],
      }));
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/snapshots',
    summary: 'Save a snapshot of the running VM (its state and every writable qcow2 disk)',
    access: 'vm.control',
    schema: { params: VmId, body: NewSnapshot, response: Snapshot },
    audit: 'vm.snapshot.save',
    async handler({ params, body, reply }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      await managed.vm.saveSnapshot(body.tag, timeoutOf(body));
      const saved = (await managed.vm.listSnapshots()).find((s) => s.tag === body.tag);
      reply.status(201);
      return view(saved!);
    },
  }),
  route({
    method: 'POST',
    url: '/vms/:id/snapshots/:tag/revert',
    summary: 'Bring the running VM back to a snapshot (its state and disks)',
    access: 'vm.control',
    schema: { params: SnapshotParams, body: SnapshotTimeout },
    audit: 'vm.snapshot.revert',
    async handler({ params, body }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      await managed.vm.loadSnapshot(params.tag, timeoutOf(body));
      return {};
    },
  }),
  route({
    method: 'DELETE',
    url: '/vms/:id/snapshots/:tag',
    summary: 'Delete a snapshot from every writable qcow2 disk of the running VM',
    access: 'vm.control',
    schema: { params: SnapshotParams },
    audit: 'vm.snapshot.delete',
    async handler({ params }, ctx) {
      const managed = ctx.owner.requireRunning(resolveId(ctx, params.id));
      await managed.vm.deleteSnapshot(params.tag);
      return {};
    },
  }),
];
