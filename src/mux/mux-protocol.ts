import type { MuxStats } from './mux.js';

/**
 * The command the mux answers itself. Merge it into a client's map to type it:
 * `QmpClient.connect<QmpCommandMap & MuxCommandMap>(...)`.
 */
export interface MuxCommandMap {
  'x-qmon-mux-stats': {
    args: Record<string, never>;
    returns: MuxStats;
  };
}

/** The events the mux sends its clients itself, just before it closes their connection. */
export interface MuxEventMap {
  /** The mux lost QEMU; `reconnecting` says whether it is trying to get it back. */
  QMON_MUX_UPSTREAM_LOST: { reason: string; reconnecting: boolean };
  /** The mux is shutting down. */
  QMON_MUX_SHUTDOWN: { reason: string };
}

export type MuxEventName = keyof MuxEventMap;
