export {
  CommandAbortedError,
  CommandTimeoutError,
  DisconnectedError,
  ProtocolError,
  QapiCommandError,
  QmonError,
  ReplyTooLargeError,
} from './errors.js';
export type {
  CallOptions,
  QapiErrorBody,
  QapiSessionOptions,
  QapiSessionStats,
  RequestOptions,
} from './qapi-session.js';
export { DEFAULT_COMMAND_TIMEOUT_MS, QapiSession } from './qapi-session.js';
export type { OpenSessionOptions } from './session-client.js';
export { openSession, SessionClient } from './session-client.js';
export type { TrafficDirection, TrafficLogTarget } from './traffic-log.js';
export { createTrafficLogger, parseTrafficLine } from './traffic-log.js';
