/**
 * The VM spec as a JSON schema (TypeBox), for request validation and the
 * OpenAPI document. It checks shapes and types; the launcher's `resolveSpec`
 * then checks meaning (names, ids, ports), so there is one set of rules.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { VmSpec } from '../../launch/spec.js';

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

const DiskSpec = Type.Object(
  {
    id: Type.Optional(Type.String()),
    path: Type.String({ minLength: 1 }),
    format: Type.Optional(Type.Union([Type.Literal('qcow2'), Type.Literal('raw')])),
    readOnly: Type.Optional(Type.Boolean()),
    model: Type.Optional(
      Type.Union([Type.Literal('virtio-blk-pci'), Type.Literal('ide-hd'), Type.Literal('ide-cd')]),
    ),
  },
  { additionalProperties: false },
);

const HostForward = Type.Object(
  {
    protocol: Type.Optional(Type.Union([Type.Literal('tcp'), Type.Literal('udp')])),
    hostAddress: Type.Optional(Type.String()),
    hostPort: Type.Integer({ minimum: 0, maximum: 65535 }),
    guestPort: Type.Integer({ minimum: 1, maximum: 65535 }),
  },
  { additionalProperties: false },
);

const NicSpec = Type.Object(
  {
    id: Type.Optional(Type.String()),
    model: Type.Optional(Type.String()),
    mac: Type.Optional(Type.String()),
    hostForwards: Type.Optional(Type.Array(HostForward)),
  },
  { additionalProperties: false },
);

const DeviceSpec = Type.Object(
  { driver: Type.String(), id: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

export const VmSpecSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255 }),
    machine: Type.Optional(Type.String()),
    machineOptions: Type.Optional(Type.Record(Type.String(), Scalar)),
    accel: Type.Optional(Type.Union([Type.Literal('tcg'), Type.Literal('kvm')])),
    cpu: Type.Optional(Type.String()),
    cpus: Type.Optional(Type.Integer({ minimum: 1 })),
    memoryMiB: Type.Optional(Type.Integer({ minimum: 0 })),
    kernel: Type.Optional(Type.String()),
    initrd: Type.Optional(Type.String()),
    append: Type.Optional(Type.String()),
    disks: Type.Optional(Type.Array(DiskSpec)),
    nics: Type.Optional(Type.Array(NicSpec)),
    devices: Type.Optional(Type.Array(DeviceSpec)),
    hotplugPorts: Type.Optional(Type.Integer({ minimum: 0, maximum: 32 })),
    vga: Type.Optional(
      Type.Union([
        Type.Literal('std'),
        Type.Literal('virtio'),
        Type.Literal('cirrus'),
        Type.Literal('none'),
      ]),
    ),
    vnc: Type.Optional(Type.Boolean()),
    serial: Type.Optional(Type.Boolean()),
    guestAgent: Type.Optional(Type.Boolean()),
    balloon: Type.Optional(Type.Boolean()),
    paused: Type.Optional(Type.Boolean()),
    noReboot: Type.Optional(Type.Boolean()),
    extraArgs: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

// The schema and the launcher's type must not drift apart.
type SchemaSpec = Static<typeof VmSpecSchema>;
const _schemaFitsSpec = (spec: SchemaSpec): VmSpec => spec;
const _specFitsSchema = (spec: Required<Omit<VmSpec, 'devices'>>): SchemaSpec => spec;
void _schemaFitsSpec;
void _specFitsSchema;
