import type { LiveSchema } from '../../schema/live-schema.js';

/**
 * Completes a qmp-shell line from the live schema: the command name, then
 * `key=` argument names (nested `a.b=`, union branches by the values already
 * typed), then enum values after `key=`.
 */
export function completeQmp(schema: LiveSchema, line: string): [string[], string] {
  const words = line.split(/\s+/);
  const current = words.at(-1) ?? '';
  if (words.length === 1) {
    const names = [...schema.commands].filter((name) => name.startsWith(current)).sort();
    return [names.map((name) => `${name} `), current];
  }
  const command = words[0]!;
  const typed = typedArguments(words.slice(1, -1));
  const at = current.indexOf('=');
  const path = (at < 0 ? current : current.slice(0, at)).split('.');
  const typeName = memberTypeAt(
    schema,
    schema.entry(command)?.['arg-type'],
    path.slice(0, -1),
    typed,
  );
  if (at < 0) {
    const prefix = path
      .slice(0, -1)
      .map((key) => `${key}.`)
      .join('');
    const partial = path.at(-1) ?? '';
    const members = typeName ? schema.membersOf(typeName, valueAt(typed, path.slice(0, -1))) : [];
    const names = members
      .filter((member) => member.name.startsWith(partial))
      .map((member) => `${prefix}${member.name}${isObject(schema, member.type) ? '.' : '='}`);
    return [names.sort(), current];
  }
  const memberType = memberTypeAt(schema, typeName, path.slice(-1), typed);
  const values = memberType ? enumValues(schema, memberType) : [];
  const partial = current.slice(at + 1);
  return [
    values
      .filter((value) => value.startsWith(partial))
      .map((value) => `${current.slice(0, at + 1)}${value}`),
    current,
  ];
}

function typedArguments(words: string[]): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) continue;
    const path = word.slice(0, at).split('.');
    let target = args;
    for (const key of path.slice(0, -1)) {
      if (typeof target[key] !== 'object' || target[key] === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path.at(-1)!] = word.slice(at + 1);
  }
  return args;
}

function valueAt(args: Record<string, unknown>, path: string[]): Record<string, unknown> {
  let value: unknown = args;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function memberTypeAt(
  schema: LiveSchema,
  typeName: string | undefined,
  path: string[],
  typed: Record<string, unknown>,
): string | undefined {
  let current = typeName;
  for (let i = 0; i < path.length && current; i++) {
    const members = schema.membersOf(
      objectTypeOf(schema, current) ?? current,
      valueAt(typed, path.slice(0, i)),
    );
    current = members.find((member) => member.name === path[i])?.type;
  }
  return current && (objectTypeOf(schema, current) ?? current);
}

/** The object type behind an alternate (e.g. BlockdevRef: an object or a node name). */
function objectTypeOf(schema: LiveSchema, typeName: string): string | undefined {
  const entry = schema.entry(typeName);
  if (entry?.['meta-type'] === 'object') return typeName;
  if (entry?.['meta-type'] === 'alternate') {
    return entry.members
      ?.map((member) => member.type)
      .find((type) => schema.entry(type)?.['meta-type'] === 'object');
  }
  return undefined;
}

function isObject(schema: LiveSchema, typeName: string): boolean {
  return schema.entry(typeName)?.['meta-type'] === 'object';
}

function enumValues(schema: LiveSchema, typeName: string): string[] {
  const entry = schema.entry(typeName);
  if (entry?.['meta-type'] === 'enum') return entry.values ?? [];
  if (entry?.['meta-type'] === 'builtin' && typeName === 'bool') return ['true', 'false'];
  return [];
}
