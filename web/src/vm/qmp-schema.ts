/** Command and argument completion from the VM's own `query-qmp-schema`. */
import { api } from '../lib/api.js';

interface SchemaEntry {
  name: string;
  'meta-type': string;
  'arg-type'?: string;
  members?: { name: string; type: string; default?: unknown }[];
}

export interface QmpArgument {
  name: string;
  type: string;
  optional: boolean;
}

export class QmpSchema {
  private readonly byName = new Map<string, SchemaEntry>();
  readonly commands: string[];

  constructor(entries: SchemaEntry[]) {
    for (const entry of entries) this.byName.set(entry.name, entry);
    this.commands = entries
      .filter((entry) => entry['meta-type'] === 'command')
      .map((entry) => entry.name)
      .sort();
  }

  static async load(vmId: string): Promise<QmpSchema> {
    return new QmpSchema((await api.qmpSchema(vmId)) as SchemaEntry[]);
  }

  /** Commands starting with `prefix`, then those containing it. */
  complete(prefix: string): string[] {
    if (!prefix) return [];
    const starts = this.commands.filter((name) => name.startsWith(prefix));
    const contains = this.commands.filter((n) => !n.startsWith(prefix) && n.includes(prefix));
    return [...starts, ...contains];
  }

  arguments(command: string): QmpArgument[] {
    const entry = this.byName.get(command);
    if (entry?.['meta-type'] !== 'command' || !entry['arg-type']) return [];
    const members = this.byName.get(entry['arg-type'])?.members ?? [];
    return members.map((member) => ({
      name: member.name,
      type: this.typeName(member.type),
      optional: 'default' in member,
    }));
  }

  private typeName(name: string): string {
    const entry = this.byName.get(name);
    if (!entry) return name;
    if (entry['meta-type'] === 'builtin') return name;
    if (entry['meta-type'] === 'enum') {
      const values = (entry as unknown as { values?: string[] }).values ?? [];
      return values.map((value) => JSON.stringify(value)).join(' | ');
    }
    return entry['meta-type'];
  }
}
