export type { FleetConnectionOptions } from './connection.js';
export {
  FleetJoinError,
  FleetUnavailableError,
  HostUnreachableError,
  RemoteError,
  VmLockedError,
} from './errors.js';
export { Fleet, type FleetOptions } from './fleet.js';
export { DOWN_AFTER_MS, HEARTBEAT_MS, type HostView } from './hosts.js';
export { fleetExtension } from './join.js';
