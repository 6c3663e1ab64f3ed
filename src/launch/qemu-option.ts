/**
 * Turning values into QEMU option arguments without letting them change the
 * option's meaning. QEMU's `key=value,...` parsers (QemuOpts) end a value at a
 * comma unless it is doubled, so `,` becomes `,,`; everything else (`=`,
 * spaces, quotes, newlines, a leading dash) is literal inside a value. Options
 * that accept JSON in QEMU 7.2 (`-device`, `-blockdev`, `-object`, `-netdev`)
 * get JSON, which needs no escaping rules of our own.
 */
import { InvalidSpecError } from './errors.js';

export type OptionScalar = string | number | boolean;

/** Checks a string can travel in an argv element unchanged: no NUL, valid UTF-16 (so valid UTF-8). */
export function checkArgString(field: string, value: string): string {
  if (typeof value !== 'string') throw new InvalidSpecError(field, 'must be a string');
  if (value.includes('\0')) throw new InvalidSpecError(field, 'contains a NUL byte');
  // A lone surrogate would be written as U+FFFD: the round trip shows it.
  if (Buffer.from(value, 'utf8').toString('utf8') !== value) {
    throw new InvalidSpecError(field, 'contains a lone UTF-16 surrogate (not valid UTF-8)');
  }
  return value;
}

/** One value for a QemuOpts option: commas doubled, booleans as on/off. */
export function optionValue(field: string, value: OptionScalar): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidSpecError(field, 'must be a finite number');
    return String(value);
  }
  return checkArgString(field, value).replaceAll(',', ',,');
}

/**
 * `key=value,key=value` from pairs; pairs whose value is undefined are left
 * out. Keys are qmon's own constants, checked anyway.
 */
export function keyValueOption(
  field: string,
  pairs: readonly (readonly [string, OptionScalar | undefined])[],
): string {
  const parts: string[] = [];
  for (const [key, value] of pairs) {
    if (value === undefined) continue;
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new InvalidSpecError(`${field}.${key}`, 'bad key');
    parts.push(`${key}=${optionValue(`${field}.${key}`, value)}`);
  }
  return parts.join(',');
}

/** The JSON form of an option; every string inside is checked like any argv string. */
export function jsonOption(field: string, value: Record<string, unknown>): string {
  checkJsonStrings(field, value);
  return JSON.stringify(value);
}

function checkJsonStrings(field: string, value: unknown): void {
  if (typeof value === 'string') {
    checkArgString(field, value);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkJsonStrings(`${field}[${i}]`, item);
    });
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new InvalidSpecError(field, 'must be a finite number');
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      checkArgString(`${field}.${key}`, key);
      checkJsonStrings(`${field}.${key}`, item);
    }
  }
}

/** QEMU's rule for ids (`id_wellformed`): a letter, then letters, digits, `-`, `.`, `_`. */
export function checkQemuId(field: string, value: string): string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(value)) {
    throw new InvalidSpecError(
      field,
      `${JSON.stringify(value)} is not a QEMU id (a letter, then letters, digits, '-', '.', '_')`,
    );
  }
  if (value.startsWith('qmon-')) {
    throw new InvalidSpecError(field, `ids starting with "qmon-" are reserved`);
  }
  return value;
}
