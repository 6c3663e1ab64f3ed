export type { ClientLimits, ClientStats } from './client-connection.js';
export { InvalidOptionError, MuxListenError, MuxUpstreamError } from './errors.js';
export type { ListenerSecurityOptions } from './listener-security.js';
export { formatListenAddress, parseListenAddress } from './listeners.js';
export type {
  MuxCloseReason,
  MuxHandle,
  MuxListener,
  MuxListenerOptions,
  MuxOptions,
  MuxReconnectOptions,
  MuxStats,
} from './mux.js';
export { DEFAULT_CLIENT_LIMITS, STATS_COMMAND, startMux } from './mux.js';
export type { MuxCommandMap, MuxEventMap, MuxEventName } from './mux-protocol.js';
export type { MuxTrafficLog } from './mux-traffic.js';
export { createMuxTrafficLog, parseMuxTrafficLine } from './mux-traffic.js';
export type { ListenerPolicy, Refusal } from './policy.js';
export { refuseHmp, refuseQmp } from './policy.js';
export type { PolicyGroup } from './policy-groups.js';
export { POLICY_GROUPS } from './policy-groups.js';
export { formatQemuJson } from './qemu-json.js';
