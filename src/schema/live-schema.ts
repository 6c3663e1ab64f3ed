/** One entry of QEMU's `query-qmp-schema` (type names are hidden behind numbers). */
export interface IntrospectionEntry {
  name: string;
  'meta-type': string;
  'arg-type'?: string;
  'ret-type'?: string;
  members?: { name: string; type: string; default?: null }[];
  tag?: string;
  variants?: { case: string; type: string }[];
  features?: string[];
  'allow-oob'?: boolean;
  /** Enum values. */
  values?: string[];
  /** Array element type. */
  'element-type'?: string;
}

/**
 * Commands whose arguments are open-ended: QAPI declares them `gen: false` and
 * they take any extra key (`device_add` passes them on as device properties),
 * which introspection does not show.
 */
const OPEN_ARGUMENT_COMMANDS: ReadonlySet<string> = new Set(['device_add']);

/** What a running QEMU actually offers, read from its `query-qmp-schema`. */
export class LiveSchema {
  readonly commands: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  private readonly byName: ReadonlyMap<string, IntrospectionEntry>;

  constructor(entries: readonly IntrospectionEntry[]) {
    this.byName = new Map(entries.map((entry) => [entry.name, entry]));
    const named = (metaType: string) =>
      new Set(
        entries.filter((entry) => entry['meta-type'] === metaType).map((entry) => entry.name),
      );
    this.commands = named('command');
    this.events = named('event');
  }

  /** An entry by its (hidden, numeric) name or command/event name. */
  entry(name: string): IntrospectionEntry | undefined {
    return this.byName.get(name);
  }

  /** The members a value of object type `typeName` may have, given its discriminator value if it is a union. */
  membersOf(
    typeName: string,
    value: Record<string, unknown> = {},
  ): { name: string; type: string }[] {
    const type = this.byName.get(typeName);
    if (!type?.members) return [];
    const members = [...type.members];
    if (type.tag !== undefined) {
      const branch = type.variants?.find((variant) => variant.case === value[type.tag!]);
      if (branch) members.push(...(this.byName.get(branch.type)?.members ?? []));
    }
    return members;
  }

  isDeprecated(command: string): boolean {
    return this.byName.get(command)?.features?.includes('deprecated') === true;
  }

  isUnstable(command: string): boolean {
    return this.byName.get(command)?.features?.includes('unstable') === true;
  }

  /**
   * The top-level argument names `command` does not accept on this QEMU. For
   * unions (e.g. `blockdev-add`), the branch chosen by the discriminator counts.
   */
  unknownArguments(command: string, args: unknown): string[] {
    if (OPEN_ARGUMENT_COMMANDS.has(command) || typeof args !== 'object' || args === null) return [];
    const argType = this.byName.get(command)?.['arg-type'];
    const type = argType === undefined ? undefined : this.byName.get(argType);
    if (!type) return [];
    const allowed = new Set((type.members ?? []).map((member) => member.name));
    if (type.tag !== undefined) {
      const chosen = (args as Record<string, unknown>)[type.tag];
      const branch = type.variants?.find((variant) => variant.case === chosen);
      // An unknown discriminator value is QEMU's to reject, with its own message.
      if (!branch) return [];
      for (const member of this.byName.get(branch.type)?.members ?? []) allowed.add(member.name);
    }
    return Object.keys(args).filter((name) => !allowed.has(name));
  }
}

export interface SchemaDiff {
  /** In the running QEMU, not in the bundled types. */
  onlyInQemu: { commands: string[]; events: string[] };
  /** In the bundled types, not in the running QEMU (not built in, or removed). */
  onlyInBundled: { commands: string[]; events: string[] };
}

/** Compares what a running QEMU offers with the command and event names qmon was built with. */
export function diffSchema(
  live: LiveSchema,
  bundled: { commands: readonly string[]; events: readonly string[] },
): SchemaDiff {
  const missing = (from: Iterable<string>, inside: ReadonlySet<string>) =>
    [...from].filter((name) => !inside.has(name)).sort();
  return {
    onlyInQemu: {
      commands: missing(live.commands, new Set(bundled.commands)),
      events: missing(live.events, new Set(bundled.events)),
    },
    onlyInBundled: {
      commands: missing(bundled.commands, live.commands),
      events: missing(bundled.events, live.events),
    },
  };
}
