/**
 * Compares a generated schema shape with QEMU's `query-qmp-schema`, following
 * every command's arguments and result and every event's data down through
 * the types they use: member names and optionality, enum values, union
 * variants, list elements, alternates. Introspection hides type names behind
 * numbers and folds the integer types into `int`, so types are matched by
 * position, not by name.
 */
import type { SchemaShape, ShapeMembers } from '../../src/schema/shape-types.js';

export interface IntrospectionEntry {
  name: string;
  'meta-type': string;
  'arg-type'?: string;
  'ret-type'?: string;
  'json-type'?: string;
  'element-type'?: string;
  members?: { name?: string; type: string; default?: null }[];
  tag?: string;
  variants?: { case: string; type: string }[];
  values?: string[];
}

const JSON_TYPES: Readonly<Record<string, string>> = {
  str: 'string',
  number: 'number',
  bool: 'boolean',
  any: 'value',
  null: 'null',
};

function jsonTypeOf(builtin: string): string | undefined {
  if (/^u?int(8|16|32|64)?$|^size$/.test(builtin)) return 'int';
  return JSON_TYPES[builtin];
}

/** Every structural difference found, as readable lines; empty when the two agree. */
export function structuralDifferences(
  shape: SchemaShape,
  introspection: readonly IntrospectionEntry[],
): string[] {
  const byName = new Map(introspection.map((entry) => [entry.name, entry]));
  const problems: string[] = [];
  const seen = new Set<string>();

  const compareMembers = (where: string, ours: ShapeMembers, theirs: IntrospectionEntry) => {
    const real = new Map((theirs.members ?? []).map((member) => [member.name!, member]));
    const names = (list: Iterable<string>) => [...list].sort().join(', ');
    if (names(Object.keys(ours)) !== names(real.keys())) {
      problems.push(
        `${where}: members [${names(Object.keys(ours))}], QEMU has [${names(real.keys())}]`,
      );
      return;
    }
    for (const [name, member] of Object.entries(ours)) {
      const theirsMember = real.get(name)!;
      if ((member.optional === true) !== 'default' in theirsMember) {
        problems.push(`${where}.${name}: optional ${member.optional === true} here, not in QEMU`);
      }
      compareType(`${where}.${name}`, member.type, theirsMember.type);
    }
  };

  const compareType = (where: string, ours: string, theirsName: string) => {
    const key = `${ours} ${theirsName}`;
    if (seen.has(key)) return;
    seen.add(key);
    const theirs = byName.get(theirsName);
    if (!theirs) return void problems.push(`${where}: QEMU's type ${theirsName} is missing`);
    const list = /^\[(.*)\]$/.exec(ours);
    if (list) {
      if (theirs['meta-type'] !== 'array')
        return void problems.push(`${where}: a list here, not in QEMU`);
      return compareType(`${where}[]`, list[1]!, theirs['element-type']!);
    }
    const type = shape.types[ours];
    if (type === undefined) {
      const json = jsonTypeOf(ours);
      if (
        json !== undefined &&
        (theirs['meta-type'] !== 'builtin' || theirs['json-type'] !== json)
      ) {
        problems.push(
          `${where}: ${ours} here, ${theirs['json-type'] ?? theirs['meta-type']} in QEMU`,
        );
      }
      return;
    }
    const meta = type.kind === 'struct' || type.kind === 'union' ? 'object' : type.kind;
    if (theirs['meta-type'] !== meta) {
      return void problems.push(
        `${where} (${ours}): ${type.kind} here, ${theirs['meta-type']} in QEMU`,
      );
    }
    if (type.kind === 'enum') {
      const [a, b] = [[...type.values!].sort().join(), [...theirs.values!].sort().join()];
      if (a !== b) problems.push(`${where} (${ours}): values [${a}], QEMU has [${b}]`);
      return;
    }
    if (type.kind === 'alternate') {
      const branches = Object.values(type.variants ?? {});
      if (branches.length !== theirs.members?.length) {
        problems.push(
          `${where} (${ours}): ${branches.length} alternatives, QEMU has ${theirs.members?.length}`,
        );
      }
      return;
    }
    compareMembers(`${where} (${ours})`, type.members ?? {}, theirs);
    for (const [value, branch] of Object.entries(type.variants ?? {})) {
      const variant = theirs.variants?.find((candidate) => candidate.case === value);
      if (!variant) {
        problems.push(`${where} (${ours}): variant ${value} missing in QEMU`);
      } else if (branch !== '') {
        const branchType = shape.types[branch];
        const real = byName.get(variant.type);
        if (branchType?.members && real)
          compareMembers(`${where} (${ours}) ${value}`, branchType.members, real);
      }
    }
  };

  for (const [kind, entries] of [
    ['command', shape.commands],
    ['event', shape.events],
  ] as const) {
    for (const [name, ours] of Object.entries(entries)) {
      const theirs = byName.get(name);
      if (!theirs || theirs['meta-type'] !== kind) continue; // name lists are compared elsewhere
      const argType = theirs['arg-type'];
      if (ours.boxed !== undefined) compareType(`${name}`, ours.boxed, argType!);
      else if (argType) compareMembers(name, ours.members ?? {}, byName.get(argType)!);
      if (kind === 'command' && ours.returns !== undefined) {
        compareType(`${name} returns`, ours.returns, theirs['ret-type']!);
      }
    }
  }
  return problems;
}
