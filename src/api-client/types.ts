/** The API's shapes, as plain types (type-only imports: nothing of Node reaches a browser bundle). */
import type { Static } from '@sinclair/typebox';
import type {
  AuditEntry,
  BulkResult,
  CreatedToken,
  Definition,
  GrantView,
  Host,
  StoredEvent,
  Ticket,
  TokenInfo,
  User,
  VmAction,
  VmMetrics,
  VmSummary,
  VmView,
  Whoami,
} from '../daemon/api/schemas.js';
import type {
  DiskImage,
  NewDisk,
  NewNic,
  Snapshot,
  Template,
} from '../daemon/api/schemas-resources.js';
// A daemon in a fleet serves these shapes too (type-only: no fleet code reaches a client).
import type { HostView } from '../fleet/routes.js';
import type { FleetVmView } from '../fleet/views.js';
import type { MigrationProgress } from '../jobs/migration.js';

export type VmInfo = Static<typeof VmView>;
export type VmSummaryInfo = Static<typeof VmSummary>;
export type VmMetricsInfo = Static<typeof VmMetrics>;
export type VmDefinitionInput = Static<typeof Definition>;
export type WhoamiInfo = Static<typeof Whoami>;
export type UserInfo = Static<typeof User>;
export type ApiTokenInfo = Static<typeof TokenInfo>;
export type CreatedApiToken = Static<typeof CreatedToken>;
export type HostInfo = Static<typeof Host>;
export type ApiEvent = Static<typeof StoredEvent>;
export type GrantInfo = Static<typeof GrantView>;
export type ApiAuditEntry = Static<typeof AuditEntry>;
export type BulkActionResult = Static<typeof BulkResult>;
export type { VmAction };
export type Role = 'admin' | 'operator' | 'viewer';
export type StreamTicket = Static<typeof Ticket>;
/** What a ticket may be for. */
export type StreamKind = 'serial' | 'hmp' | 'qmp' | 'vnc' | 'events';
/** The console streams (`GET /vms/{id}/console/{kind}`). */
export type ConsoleKind = 'serial' | 'hmp' | 'qmp' | 'vnc';
export type DiskImageInfo = Static<typeof DiskImage>;
export type NewDiskInput = Static<typeof NewDisk>;
export type SnapshotInfo = Static<typeof Snapshot>;
export type NewNicInput = Static<typeof NewNic>;
export type TemplateInput = Static<typeof Template>;
/** A host of the fleet (`GET /hosts`, a daemon in a fleet only). */
export type FleetHostInfo = Static<typeof HostView>;
/** A VM as a daemon in a fleet lists it: with its host's name, whether that host is up, `ha`. */
export type FleetVmInfo = Static<typeof FleetVmView>;
export type MigrationProgressInfo = MigrationProgress;
