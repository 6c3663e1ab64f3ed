import type { CliContext } from './context.js';

export interface OptionSpec {
  /** Commander flags, e.g. `--timeout <seconds>` or `-H, --hmp`. */
  flags: string;
  description: string;
  /** Collects every occurrence into an array (e.g. `--event A --event B`). */
  repeatable?: boolean;
  defaultValue?: string | boolean;
}

export type VerbRun = (
  context: CliContext,
  args: string[],
  options: Record<string, unknown>,
) => Promise<number | undefined>;

/** A `qmon` sub-command, declared as data; its code is loaded only when it runs. */
export interface VerbSpec {
  name: string;
  summary: string;
  /** Commander argument syntax: `<target>`, `[args...]`. */
  arguments?: string[];
  options?: OptionSpec[];
  examples?: string[];
  /** Sub-commands (`qmon schema diff`); with `load` too, the verb also runs by itself. */
  verbs?: VerbSpec[];
  load?: () => Promise<{ run: VerbRun }>;
  /** The verb's work through a daemon's API, when `--connect URL` or `$QMON_CONNECT` names one. */
  remote?: () => Promise<{ run: VerbRun }>;
  /** Runs here whatever daemon is named (it is about this host, or handles the daemon itself). */
  local?: true;
}
