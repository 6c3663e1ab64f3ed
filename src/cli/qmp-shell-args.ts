import type { LiveSchema } from '../schema/live-schema.js';
import { parseJson } from '../wire/exact-json.js';
import { UserError } from './errors.js';

const DECIMAL_INTEGER = /^-?\d+$/;

/**
 * Turns qmp-shell style `key=value` words into a QMP arguments object. `a.b=c`
 * nests; each value takes the JSON type the schema gives its member (so
 * `id=123` stays a string where the member is a string); where the schema says
 * nothing (device properties, `any`), a value that parses as JSON is taken as
 * JSON and anything else as a string. Integers beyond 2^53 stay exact (bigints).
 */
export function parseKeyValueArgs(
  command: string,
  words: string[],
  schema?: LiveSchema,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) throw new UserError(`${JSON.stringify(word)}: expected key=value`, 2);
    const path = word.slice(0, at).split('.');
    const raw = word.slice(at + 1);
    let target = args;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (next !== undefined && (typeof next !== 'object' || next === null)) {
        throw new UserError(`${word}: ${key} already has a value`, 2);
      }
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    target[path.at(-1)!] = raw;
  }
  const argType = schema?.entry(command)?.['arg-type'];
  return convert(args, argType, schema, command) as Record<string, unknown>;
}

function convert(
  value: unknown,
  typeName: string | undefined,
  schema: LiveSchema | undefined,
  where: string,
): unknown {
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const members = typeName && schema ? schema.membersOf(typeName, object) : [];
    const typeOf = new Map(members.map((member) => [member.name, member.type]));
    // The discriminator decides which members exist, so convert it first.
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(object)) {
      out[key] = convert(child, typeOf.get(key), schema, `${where}.${key}`);
    }
    return out;
  }
  const text = value as string;
  const type = typeName ? schema?.entry(typeName) : undefined;
  const kind =
    type?.['meta-type'] === 'builtin'
      ? (type as { 'json-type'?: string })['json-type']
      : type?.['meta-type'];
  switch (kind) {
    case 'string':
    case 'enum':
      return text;
    case 'int':
    case 'number': {
      const number = Number(text);
      if (text.trim() === '' || !Number.isFinite(number))
        throw new UserError(`${where}: expected a number, got ${JSON.stringify(text)}`, 2);
      // Integers beyond 2^53 (QAPI's 64-bit ones) travel exactly, as bigints.
      return kind === 'int' && !Number.isSafeInteger(number) && DECIMAL_INTEGER.test(text)
        ? BigInt(text)
        : number;
    }
    case 'boolean':
      if (/^(true|on|yes)$/i.test(text)) return true;
      if (/^(false|off|no)$/i.test(text)) return false;
      throw new UserError(`${where}: expected true or false, got ${JSON.stringify(text)}`, 2);
    default:
      try {
        return parseJson(text);
      } catch {
        return text;
      }
  }
}
