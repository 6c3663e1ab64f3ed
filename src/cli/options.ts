import { Option } from 'commander';
import { UsageError } from './errors.js';
import type { OptionSpec, Options } from './verb.js';

/** The commander Option for a declared option. */
export function commanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flags, spec.description);
  if (spec.kind === 'strings')
    option.argParser((value: string, previous: string[] = []) => [...previous, value]);
  return option;
}

/**
 * Commander's parsed values as the typed object the verb declared, validated
 * before the verb's code loads or anything connects (a bad value exits 2).
 */
export function typedOptions<const T extends readonly OptionSpec[]>(
  list: T,
  parsed: Record<string, unknown>,
): Options<T> {
  const typed: Record<string, unknown> = {};
  for (const spec of list) {
    const name = new Option(spec.flags).attributeName();
    const value = parsed[name];
    switch (spec.kind) {
      case 'flag':
        typed[name] = value === true;
        break;
      case 'strings':
        typed[name] = (value as string[] | undefined) ?? [];
        break;
      case 'seconds':
        typed[name] = value === undefined ? undefined : milliseconds(longFlag(spec), value);
        break;
      default:
        typed[name] = value as string | true | undefined;
    }
  }
  return typed as Options<T>;
}

/** A positive number of seconds given on the command line, in milliseconds. */
export function milliseconds(flag: string, value: unknown): number {
  const number = Number(value);
  if (typeof value === 'boolean' || !Number.isFinite(number) || number <= 0)
    throw new UsageError(`${flag} expects a number of seconds, got ${JSON.stringify(value)}`);
  return number * 1000;
}

function longFlag(spec: OptionSpec): string {
  return /--[\w-]+/.exec(spec.flags)?.[0] ?? spec.flags;
}
