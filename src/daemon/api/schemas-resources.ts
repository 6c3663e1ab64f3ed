/** Shapes of a VM's parts: disk images, snapshots, hotplugged NICs, file copies. */
import { type Static, Type } from '@sinclair/typebox';

const Name = Type.String({ minLength: 1, maxLength: 22, pattern: '^[A-Za-z][A-Za-z0-9_-]*$' });
const Bytes = Type.Integer({ minimum: 512, maximum: 2 ** 50, multipleOf: 512 });

export const DiskParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  disk: Name,
});

export const DiskImage = Type.Object({
  name: Type.String(),
  format: Type.Union([Type.Literal('qcow2'), Type.Literal('raw')]),
  path: Type.String(),
  virtualBytes: Type.Integer(),
  actualBytes: Type.Integer(),
  /** Whether the VM's spec lists it (it is opened at the next start). */
  inSpec: Type.Boolean(),
});

export const NewDisk = Type.Object(
  {
    name: Name,
    sizeBytes: Bytes,
    format: Type.Optional(Type.Union([Type.Literal('qcow2'), Type.Literal('raw')])),
    /** Also list it in the VM's spec (default true), so the next start opens it. */
    addToSpec: Type.Optional(Type.Boolean()),
    model: Type.Optional(Type.Union([Type.Literal('virtio-blk-pci'), Type.Literal('ide-hd')])),
  },
  { additionalProperties: false },
);

export const DiskResize = Type.Object({ sizeBytes: Bytes }, { additionalProperties: false });

export const DiskAttach = Type.Object(
  { readOnly: Type.Optional(Type.Boolean()), timeoutMs: Type.Optional(Timeout()) },
  { additionalProperties: false },
);

export const Detach = Type.Object(
  { timeoutMs: Type.Optional(Timeout()) },
  { additionalProperties: false },
);

export const Template = Type.Object(
  {
    template: Type.Literal('demo'),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    memoryMiB: Type.Optional(Type.Integer({ minimum: 64, maximum: 1 << 20 })),
    cpus: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
    autostart: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Snapshot = Type.Object({
  id: Type.String(),
  tag: Type.String(),
  vmStateBytes: Type.Integer(),
  date: Type.String(),
  vmClockNs: Type.Number(),
});

const Tag = Type.String({ minLength: 1, maxLength: 200 });

export const SnapshotParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  tag: Tag,
});

export const NewSnapshot = Type.Object(
  { tag: Tag, timeoutMs: Type.Optional(Timeout()) },
  { additionalProperties: false },
);

export const SnapshotTimeout = Type.Object(
  { timeoutMs: Type.Optional(Timeout()) },
  { additionalProperties: false },
);

export const NewNic = Type.Object(
  {
    id: Type.Optional(Name),
    model: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64 })),
    mac: Type.Optional(Type.String({ pattern: '^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$' })),
    timeoutMs: Type.Optional(Timeout()),
  },
  { additionalProperties: false },
);

export const NicParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  nic: Name,
});

export const DeviceId = Type.Object({ id: Type.String() });

function Timeout() {
  return Type.Integer({ minimum: 1, maximum: 600_000 });
}

export type DiskImageT = Static<typeof DiskImage>;
export type SnapshotT = Static<typeof Snapshot>;
