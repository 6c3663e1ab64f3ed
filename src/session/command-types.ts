/** Types shared by every QAPI protocol (QMP and QGA): command names, arguments, results. */
import type { CallOptions } from './qapi-session.js';

/** A command's argument object and return value. */
export interface CommandSpec {
  args: unknown;
  returns: unknown;
}

/** Any command, untyped: what a client speaks when it has no schema for its peer. */
export type UntypedCommandMap = Record<
  string,
  { args: Record<string, unknown> | undefined; returns: unknown }
>;
export type UntypedEventMap = Record<string, unknown>;

/** A command's parameters: the arguments may be left out when none are required. */
export type CommandParameters<Args> =
  Record<string, never> extends Args
    ? [args?: Args, options?: CallOptions]
    : [args: Args, options?: CallOptions];

export type CommandName<Commands> = keyof Commands & string;
export type ArgsOf<Commands, Name extends keyof Commands> = Commands[Name] extends CommandSpec
  ? Commands[Name]['args']
  : never;
export type ReturnOf<Commands, Name extends keyof Commands> = Commands[Name] extends CommandSpec
  ? Commands[Name]['returns']
  : never;
