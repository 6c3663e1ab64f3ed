/**
 * What upgrading from one QEMU version's schema to another's removes, renames,
 * changes and deprecates, from the two versions' generated shapes. Removals,
 * changes and deprecations are exact; renames are a best-effort guess (a
 * removed and an added name of the same kind whose names or contents are
 * close), and say so.
 */
import type { SchemaShape, ShapeEntry, ShapeMembers, ShapeType } from './shape-types.js';

export type DiffKind = 'command' | 'event' | 'type' | 'member' | 'enum value';

export interface Removal {
  readonly kind: DiffKind;
  /** `migrate`, `StatusInfo.singlestep`, `migrate.blk`, `MigrationCapability.block`. */
  readonly name: string;
  /** The old version had already marked it deprecated. */
  readonly wasDeprecated: boolean;
}

export interface Rename {
  readonly kind: DiffKind;
  readonly from: string;
  readonly to: string;
}

export interface Change {
  readonly name: string;
  readonly what: string;
}

export interface Deprecation {
  readonly kind: DiffKind;
  readonly name: string;
}

export interface VersionDiff {
  readonly from: string;
  readonly to: string;
  readonly removed: readonly Removal[];
  /** Best-effort: guessed from names and contents. */
  readonly renamed: readonly Rename[];
  /** Kept, but in a way that breaks existing callers: kind, type or optionality. */
  readonly changed: readonly Change[];
  /** Newly marked deprecated in `to`. */
  readonly deprecated: readonly Deprecation[];
  readonly added: { readonly commands: number; readonly events: number; readonly types: number };
}

/** Lower case, without separators: `compress-level` and `compress_level` compare equal. */
const plain = (name: string) => name.toLowerCase().replace(/[-_]/g, '');

/** Share of the shorter name that is a common prefix of both (0..1). */
function prefixSimilarity(a: string, b: string): number {
  const [x, y] = [plain(a), plain(b)];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n / Math.min(x.length, y.length);
}

/** Jaccard similarity of two name sets (0 when both are empty: nothing to go by). */
function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0;
  const set = new Set(a);
  const shared = b.filter((name) => set.has(name)).length;
  return shared / (a.length + b.length - shared);
}

function typeContent(type: ShapeType): string[] {
  return [
    ...Object.keys(type.members ?? {}),
    ...(type.values ?? []),
    ...Object.keys(type.variants ?? {}),
  ];
}

/**
 * Pairs removed names with added ones that look like their new names: same
 * kind, and a long shared prefix plus similar contents, or identical contents.
 */
function guessRenames<T>(
  removed: string[],
  added: string[],
  get: (side: 'from' | 'to', name: string) => T,
  content: (value: T) => string[],
  sameKind: (a: T, b: T) => boolean,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const free = new Set(added);
  for (const old of removed) {
    let best: { name: string; score: number } | undefined;
    for (const candidate of free) {
      const a = get('from', old);
      const b = get('to', candidate);
      if (!sameKind(a, b)) continue;
      const [contentA, contentB] = [content(a), content(b)];
      const contents = overlap(contentA, contentB);
      const names = prefixSimilarity(old, candidate);
      const nameContained =
        plain(candidate).includes(plain(old)) || plain(old).includes(plain(candidate));
      const score =
        contents === 1 && content(a).length >= 2
          ? 2 + names
          : names >= 0.6 && contents >= 0.5
            ? names + contents
            : nameContained && contents >= 0.5
              ? 1 + contents
              : 0;
      if (score > 0 && (best === undefined || score > best.score))
        best = { name: candidate, score };
    }
    if (best) {
      pairs.push([old, best.name]);
      free.delete(best.name);
    }
  }
  return pairs;
}

const only = (a: object, b: object) =>
  Object.keys(a)
    .filter((key) => !(key in b))
    .sort();
const both = (a: object, b: object) =>
  Object.keys(a)
    .filter((key) => key in b)
    .sort();

export function diffVersions(
  from: { version: string; shape: SchemaShape },
  to: { version: string; shape: SchemaShape },
): VersionDiff {
  const a = from.shape;
  const b = to.shape;
  const removed: Removal[] = [];
  const renamed: Rename[] = [];
  const changed: Change[] = [];
  const deprecated: Deprecation[] = [];

  // Filled in once types are compared; member type changes that only follow a type's rename are not news.
  const typeRenames = new Map<string, string>();
  const sameType = (was: string, is: string) =>
    was === is ||
    typeRenames.get(was.replace(/^\[(.*)\]$/, '$1')) === is.replace(/^\[(.*)\]$/, '$1');
  /** `arguments`: a new required member breaks callers; in returned data it is only an addition. */
  const compareMembers = (
    owner: string,
    old: ShapeMembers = {},
    now: ShapeMembers = {},
    arguments_ = false,
  ) => {
    const gone = only(old, now);
    const fresh = only(now, old);
    const pairs = guessRenames(
      gone,
      fresh,
      (side, name) => (side === 'from' ? old[name]! : now[name]!),
      (member) => [member.type],
      (x, y) => x.type === y.type,
    );
    const renamedFrom = new Set(pairs.map(([name]) => name));
    for (const [was, is] of pairs)
      renamed.push({ kind: 'member', from: `${owner}.${was}`, to: `${owner}.${is}` });
    for (const name of gone.filter((name) => !renamedFrom.has(name))) {
      removed.push({
        kind: 'member',
        name: `${owner}.${name}`,
        wasDeprecated: old[name]!.deprecated === true,
      });
    }
    const renamedTo = new Set(pairs.map(([, name]) => name));
    for (const name of fresh) {
      if (arguments_ && !renamedTo.has(name) && now[name]!.optional !== true) {
        changed.push({
          name: `${owner}.${name}`,
          what: `new required member (${now[name]!.type})`,
        });
      }
    }
    for (const name of both(old, now)) {
      const [x, y] = [old[name]!, now[name]!];
      if (!sameType(x.type, y.type))
        changed.push({ name: `${owner}.${name}`, what: `type ${x.type} → ${y.type}` });
      if (x.optional && !y.optional)
        changed.push({ name: `${owner}.${name}`, what: 'now required' });
      if (!x.optional && y.optional)
        changed.push({ name: `${owner}.${name}`, what: 'now optional' });
      if (y.deprecated && !x.deprecated)
        deprecated.push({ kind: 'member', name: `${owner}.${name}` });
    }
  };

  const compareEntries = (
    kind: 'command' | 'event',
    old: Record<string, ShapeEntry>,
    now: Record<string, ShapeEntry>,
  ) => {
    const gone = only(old, now);
    const pairs = guessRenames(
      gone,
      only(now, old),
      (side, name) => (side === 'from' ? old[name]! : now[name]!),
      (entry) => Object.keys(entry.members ?? {}),
      (x, y) => x.returns === y.returns && x.boxed === y.boxed,
    );
    const renamedFrom = new Set(pairs.map(([name]) => name));
    for (const [was, is] of pairs) renamed.push({ kind, from: was, to: is });
    for (const name of gone.filter((name) => !renamedFrom.has(name))) {
      removed.push({ kind, name, wasDeprecated: old[name]!.deprecated === true });
    }
    for (const name of both(old, now)) {
      const [x, y] = [old[name]!, now[name]!];
      if (y.deprecated && !x.deprecated) deprecated.push({ kind, name });
      if (x.returns !== y.returns)
        changed.push({
          name,
          what: `returns ${x.returns ?? 'nothing'} → ${y.returns ?? 'nothing'}`,
        });
      if (x.boxed !== undefined || y.boxed !== undefined) {
        if (x.boxed !== y.boxed)
          changed.push({ name, what: `arguments ${x.boxed ?? 'inline'} → ${y.boxed ?? 'inline'}` });
      } else {
        compareMembers(name, x.members, y.members, kind === 'command');
      }
    }
  };

  const goneTypes = only(a.types, b.types);
  const typePairs = guessRenames(
    goneTypes,
    only(b.types, a.types),
    (side, name) => (side === 'from' ? a.types[name]! : b.types[name]!),
    typeContent,
    (x, y) => x.kind === y.kind,
  );
  for (const [was, is] of typePairs) typeRenames.set(was, is);
  compareEntries('command', a.commands, b.commands);
  compareEntries('event', a.events, b.events);
  const renamedTypes = new Set(typePairs.map(([name]) => name));
  for (const [was, is] of typePairs) renamed.push({ kind: 'type', from: was, to: is });
  for (const name of goneTypes.filter((name) => !renamedTypes.has(name))) {
    removed.push({ kind: 'type', name, wasDeprecated: a.types[name]!.deprecated === true });
  }
  const typeMatches: Array<[string, string]> = [
    ...both(a.types, b.types).map((name): [string, string] => [name, name]),
    ...typePairs,
  ];
  for (const [was, is] of typeMatches) {
    const [x, y] = [a.types[was]!, b.types[is]!];
    if (x.kind !== y.kind) {
      changed.push({ name: is, what: `was ${articled(x.kind)}, is ${articled(y.kind)}` });
      continue;
    }
    if (y.deprecated && !x.deprecated) deprecated.push({ kind: 'type', name: is });
    if (x.kind === 'enum') {
      const now = new Set(y.values);
      for (const value of x.values ?? []) {
        if (!now.has(value)) {
          removed.push({
            kind: 'enum value',
            name: `${is}.${value}`,
            wasDeprecated: x.deprecatedValues?.includes(value) === true,
          });
        }
      }
      for (const value of y.deprecatedValues ?? []) {
        if (!x.deprecatedValues?.includes(value))
          deprecated.push({ kind: 'enum value', name: `${is}.${value}` });
      }
    } else if (x.kind === 'alternate') {
      for (const branch of only(x.variants ?? {}, y.variants ?? {})) {
        removed.push({ kind: 'member', name: `${is}.${branch}`, wasDeprecated: false });
      }
    } else {
      compareMembers(is, x.members, y.members);
    }
  }

  const byName = <T extends { name?: string; from?: string }>(list: T[]) =>
    list.sort((p, q) => ((p.name ?? p.from)! < (q.name ?? q.from)! ? -1 : 1));
  return {
    from: from.version,
    to: to.version,
    removed: byName(removed),
    renamed: byName(renamed),
    changed: byName(changed),
    deprecated: byName(deprecated),
    added: {
      commands:
        only(b.commands, a.commands).length - renamed.filter((r) => r.kind === 'command').length,
      events: only(b.events, a.events).length - renamed.filter((r) => r.kind === 'event').length,
      types: only(b.types, a.types).length - typePairs.length,
    },
  };
}

function articled(kind: string): string {
  return kind === 'enum' || kind === 'alternate' ? `an ${kind}` : `a ${kind}`;
}
