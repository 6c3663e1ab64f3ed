import { type IntrospectionEntry, LiveSchema } from '../schema/live-schema.js';
import { QmonError } from '../session/errors.js';

/** A command or argument the running QEMU does not know; raised before anything is sent. */
export class SchemaMismatchError extends QmonError {
  constructor(
    code: 'UNKNOWN_COMMAND' | 'UNKNOWN_ARGUMENT',
    readonly command: string,
    readonly qemuVersion: string,
    readonly unknownArguments: string[] = [],
  ) {
    super(
      code,
      code === 'UNKNOWN_COMMAND'
        ? `${command}: QEMU ${qemuVersion} has no such command`
        : `${command}: QEMU ${qemuVersion} does not accept ${unknownArguments.map((a) => `'${a}'`).join(', ')}`,
    );
  }
}

export interface SchemaCheckOptions {
  /** Called once per deprecated command used. */
  onDeprecated?: (command: string) => void;
}

/** Live schemas by QEMU version and package, fetched once per process. */
const cache = new Map<string, Promise<LiveSchema>>();

export function cachedLiveSchema(key: string, fetch: () => Promise<unknown>): Promise<LiveSchema> {
  let schema = cache.get(key);
  if (!schema) {
    schema = fetch().then((entries) => new LiveSchema(entries as IntrospectionEntry[]));
    schema.catch(() => cache.delete(key));
    cache.set(key, schema);
  }
  return schema;
}

/** Checks each command against the running QEMU's schema before it is sent. */
export class SchemaCheck {
  private readonly warned = new Set<string>();

  constructor(
    readonly schema: LiveSchema,
    private readonly qemuVersion: string,
    private readonly options: SchemaCheckOptions,
  ) {}

  /** The error to raise instead of sending, if any. */
  problemWith(command: string, args: unknown): SchemaMismatchError | undefined {
    if (!this.schema.commands.has(command)) {
      return new SchemaMismatchError('UNKNOWN_COMMAND', command, this.qemuVersion);
    }
    const unknown = this.schema.unknownArguments(command, args);
    if (unknown.length > 0)
      return new SchemaMismatchError('UNKNOWN_ARGUMENT', command, this.qemuVersion, unknown);
    if (this.schema.isDeprecated(command) && !this.warned.has(command)) {
      this.warned.add(command);
      this.options.onDeprecated?.(command);
    }
    return undefined;
  }
}
