/** Request and response shapes of the API (TypeBox: validation and the OpenAPI document). */
import { type Static, Type } from '@sinclair/typebox';
import { VmSpecSchema } from './spec-schema.js';

export { VmSpecSchema };

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});

export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('operator'),
  Type.Literal('viewer'),
]);

export const User = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  createdAt: Type.String(),
});

export const Whoami = Type.Object({
  user: Type.Object({ id: Type.String(), name: Type.String(), role: Role }),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
});

export const Login = Type.Object(
  { name: Type.String({ minLength: 1 }), password: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const LoginLink = Type.Object(
  { secret: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const NewUser = Type.Object(
  { name: Type.String({ minLength: 1 }), password: Type.String({ minLength: 8 }), role: Role },
  { additionalProperties: false },
);

export const TokenInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
});

export const NewToken = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const CreatedToken = Type.Object({ token: Type.String(), info: TokenInfo });

export const RestartPolicy = Type.Object(
  {
    policy: Type.Optional(Type.Union([Type.Literal('never'), Type.Literal('on-crash')])),
    maxRetries: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    backoffMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 3_600_000 })),
  },
  { additionalProperties: false },
);

export const Definition = Type.Object(
  {
    spec: VmSpecSchema,
    autostart: Type.Optional(Type.Boolean()),
    restart: Type.Optional(RestartPolicy),
  },
  { additionalProperties: false },
);

export const VmState = Type.Union(
  ['stopped', 'starting', 'running', 'paused', 'shutdown', 'crashed', 'exited'].map((s) =>
    Type.Literal(s),
  ),
);

export const VmView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  hostId: Type.String(),
  /** `qmon` for the daemon's own VMs, the libvirt URI for a libvirt domain. */
  source: Type.String(),
  state: Type.String(),
  pid: Type.Union([Type.Integer(), Type.Null()]),
  /** When the running QEMU started (null when none runs). */
  startedAt: Type.Union([Type.String(), Type.Null()]),
  spec: VmSpecSchema,
  autostart: Type.Boolean(),
  restart: Type.Object({
    policy: Type.String(),
    maxRetries: Type.Integer(),
    backoffMs: Type.Integer(),
  }),
  revision: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const VmId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) });

export const VM_ACTIONS = ['start', 'stop', 'kill', 'pause', 'resume', 'reset'] as const;
export type VmAction = (typeof VM_ACTIONS)[number];
export const VmActionName = Type.Union(VM_ACTIONS.map((a) => Type.Literal(a)));

export const VmActionParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  action: VmActionName,
});

export const BulkAction = Type.Object(
  { action: VmActionName, ids: Type.Array(Type.String(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

export const BulkResult = Type.Object({
  results: Type.Array(
    Type.Object({
      id: Type.String(),
      ok: Type.Boolean(),
      error: Type.Optional(ErrorBody.properties.error),
    }),
  ),
});

export const QmpCommand = Type.Object(
  {
    execute: Type.String({ minLength: 1, maxLength: 200 }),
    arguments: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

export const HmpCommand = Type.Object(
  { command: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);

export const AgentCommand = Type.Object(
  {
    execute: Type.String({ minLength: 1, maxLength: 200 }),
    arguments: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000 })),
  },
  { additionalProperties: false },
);

export const ReturnValue = Type.Object({ return: Type.Unknown() });

export const Page = Type.Object(
  {
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const StoredEvent = Type.Object({
  seq: Type.Integer(),
  vmId: Type.String(),
  name: Type.String(),
  data: Type.Unknown(),
  qemuTime: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  user: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Unknown(),
  result: Type.String(),
});

export const Host = Type.Object({
  hostId: Type.String(),
  hostname: Type.String(),
  version: Type.String(),
  schemaVersion: Type.Integer(),
  /** Logical CPUs, and the 1, 5 and 15 minute load averages. */
  cpus: Type.Integer(),
  loadAverage: Type.Array(Type.Number()),
  memoryBytes: Type.Object({ total: Type.Integer(), free: Type.Integer() }),
  /** The file system holding the state folder (database, disk images). */
  stateDiskBytes: Type.Object({ total: Type.Integer(), free: Type.Integer() }),
});

export const TicketRequest = Type.Object(
  {
    kind: Type.Union(['serial', 'hmp', 'qmp', 'vnc', 'events'].map((k) => Type.Literal(k))),
  },
  { additionalProperties: false },
);

export const Ticket = Type.Object({
  ticket: Type.String(),
  expiresAt: Type.Integer(),
  /** Kind `vnc` only: the one-time VNC password, valid as long as the ticket. */
  password: Type.Optional(Type.String()),
});

export type VmViewT = Static<typeof VmView>;
export type DefinitionT = Static<typeof Definition>;

export const MetricsQuery = Type.Object(
  {
    range: Type.Optional(
      Type.Union([
        Type.Literal('hour'),
        Type.Literal('day'),
        Type.Literal('week'),
        Type.Literal('year'),
      ]),
    ),
  },
  { additionalProperties: false },
);

export const VmMetrics = Type.Object({
  latest: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
  points: Type.Array(
    Type.Object({ t: Type.Number(), values: Type.Record(Type.String(), Type.Number()) }),
  ),
});

export const GrantView = Type.Object({
  userId: Type.String(),
  userName: Type.String(),
  vmId: Type.String(),
  vmName: Type.String(),
  role: Role,
  createdAt: Type.String(),
});

export const GrantParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 255 }),
  vm: Type.String({ minLength: 1, maxLength: 255 }),
});

export const GrantBody = Type.Object({ role: Role }, { additionalProperties: false });

export const VmSummary = Type.Object({
  cpus: Type.Integer(),
  memoryMiB: Type.Integer(),
  /** A fraction of one core (null while the VM does not run). */
  cpuUsage: Type.Union([Type.Number(), Type.Null()]),
  rssBytes: Type.Union([Type.Integer(), Type.Null()]),
  /** From the guest agent; null when it does not answer. */
  guest: Type.Union([
    Type.Object({
      os: Type.Union([Type.String(), Type.Null()]),
      addresses: Type.Array(Type.String()),
    }),
    Type.Null(),
  ]),
});
