import type { CliContext } from './context.js';

/**
 * How an option's value reaches a verb:
 * - `flag`: a boolean (`--json`; `--no-replay` is true unless given);
 * - `string`: the value, or undefined when absent;
 * - `strings`: every occurrence in order (`--event A --event B`), [] when absent;
 * - `seconds`: a positive number of seconds, handed over in milliseconds;
 * - `optional`: `--wait-agent [seconds]`: true when given bare, else the value.
 */
export type OptionKind = 'flag' | 'string' | 'strings' | 'seconds' | 'optional';

export interface OptionSpec<K extends OptionKind = OptionKind> {
  /** Commander flags, e.g. `--timeout <seconds>` or `-H, --hmp`. */
  flags: string;
  kind: K;
  description: string;
}

/** The long flag's name of commander flags: `-H, --hmp` → `hmp`, `--timeout <s>` → `timeout`. */
type LongName<F extends string> = F extends `${string}--${infer Rest}`
  ? Rest extends `${infer Name} ${string}`
    ? Name
    : Rest
  : never;

/** Commander's property name for a long flag: `return-value` → `returnValue`, `no-case` → `case`. */
type Camel<S extends string> = S extends `${infer A}-${infer B}`
  ? `${A}${Capitalize<Camel<B>>}`
  : S;
type PropertyName<F extends string> =
  LongName<F> extends `no-${infer Rest}` ? Camel<Rest> : Camel<LongName<F>>;

type ValueOf<K extends OptionKind> = {
  flag: boolean;
  string: string | undefined;
  strings: string[];
  seconds: number | undefined;
  optional: string | true | undefined;
}[K];

/** The typed options object a verb's code gets, derived from its declared options. */
export type Options<T extends readonly OptionSpec[]> = {
  [O in T[number] as PropertyName<O['flags']>]: ValueOf<O['kind']>;
};

export type VerbRun<T extends readonly OptionSpec[] = readonly OptionSpec[]> = (
  context: CliContext,
  args: string[],
  options: Options<T>,
) => Promise<number | undefined> | number | undefined;

/** A `qmon` sub-command, declared as data; its code is loaded only when it runs. */
export interface VerbSpec<T extends readonly OptionSpec[] = readonly OptionSpec[]> {
  name: string;
  summary: string;
  /** Commander argument syntax: `<target>`, `[args...]`. */
  arguments?: string[];
  options?: T;
  examples?: string[];
  /** Sub-commands (`qmon schema diff`); with `load` too, the verb also runs by itself. */
  verbs?: VerbSpec[];
  // A method, so a spec with its own option table is a VerbSpec (bivariant parameters).
  load?(): Promise<{ run: VerbRun<T> }>;
  /** The verb's work through a daemon's API, when `--connect URL` or `$QMON_CONNECT` names one. */
  remote?(): Promise<{ run: VerbRun<T> }>;
  /** Runs here whatever daemon is named (it is about this host, or handles the daemon itself). */
  local?: true;
}

/** Declares a verb, checking that the code it loads takes the options it declares. */
export function verb<const T extends readonly OptionSpec[] = []>(spec: VerbSpec<T>): VerbSpec {
  return spec as unknown as VerbSpec;
}

/** Declares options shared by verbs, keeping their literal flags for `Options<typeof list>`. */
export function options<const T extends readonly OptionSpec[]>(list: T): T {
  return list;
}
