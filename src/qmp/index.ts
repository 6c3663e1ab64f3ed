export type { DefaultQemu, Qemu72, Qemu100, QemuTypes } from '../schema/qemu-versions.js';
export {
  CommandDroppedError,
  EventOverflowError,
  HmpCommandError,
  NoGreetingError,
  NotQmpError,
  QmpCommandError,
} from './errors.js';
export type { EventStreamOptions, QmpEvent, QmpEventOf, WaitForEventOptions } from './event-hub.js';
export type { QemuVersion, QmpGreeting } from './greeting.js';
export { formatVersion, parseGreeting } from './greeting.js';
export { isHmpErrorOutput } from './hmp-error-text.js';
export type { ExecuteAndWaitOptions, QmpConnectOptions } from './qmp-client.js';
export { DEFAULT_GREETING_TIMEOUT_MS, QmpClient } from './qmp-client.js';
export type { ConnectionState, ReconnectOptions } from './reconnecting-qmp-client.js';
export { ReconnectingQmpClient } from './reconnecting-qmp-client.js';
export type { SchemaCheckOptions } from './schema-check.js';
export { SchemaMismatchError } from './schema-check.js';
export type {
  CommandParameters,
  CommandSpec,
  UntypedCommandMap,
  UntypedEventMap,
} from './types.js';
