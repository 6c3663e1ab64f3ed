export type { FleetConnectionOptions } from './connection.js';
export {
  FleetJoinError,
  FleetUnavailableError,
  HostUnreachableError,
  InvalidFleetHostError,
  RemoteError,
  VmLockedError,
} from './errors.js';
export { Fleet, type FleetOptions } from './fleet.js';
export { DOWN_AFTER_MS, HEARTBEAT_MS, type HostView } from './hosts.js';
export { fleetExtension } from './join.js';
export {
  type FleetHostUser,
  hashPassword,
  hostPermissions,
  type NatsPermissions,
  natsAuthorization,
} from './nats-authorization.js';
