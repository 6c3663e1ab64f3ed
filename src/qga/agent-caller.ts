import type { QgaCommandMap } from '../schema/generated/qemu-10.0/qga.js';
import type { CallOptions } from '../session/qapi-session.js';

/**
 * What the high-level helpers (file copy, exec, fsfreeze) need from a client:
 * the standard qemu-ga commands, typed, whatever command map the client itself uses.
 */
export interface AgentCaller {
  call<Name extends keyof QgaCommandMap>(
    command: Name,
    args: QgaCommandMap[Name]['args'],
    options?: CallOptions,
  ): Promise<QgaCommandMap[Name]['returns']>;
  /** The client's default per-call timeout, in ms. */
  readonly defaultTimeout: number;
  /** False once the connection is gone. */
  isOpen(): boolean;
}
