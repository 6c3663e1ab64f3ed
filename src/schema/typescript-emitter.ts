/** Turns a resolved schema into the text of one generated TypeScript module. */
import type { ManualLinks } from './manual-links.js';
import type { QapiSchemaModel } from './qapi-model.js';
import { QapiSchemaError } from './qapi-syntax.js';
import { declarationLines, implicitTypeNames } from './typescript-declarations.js';
import { commandMapLines, eventMapLines, protocolNames } from './typescript-protocol.js';
import { isIdentifier } from './typescript-syntax.js';

export interface EmitOptions {
  /** `Qmp` or `Qga`: prefixes the exported maps and lists. */
  readonly prefix: string;
  readonly manual: ManualLinks;
  /** Comment lines for the top of the file (without `//`). */
  readonly header: readonly string[];
  /** Import path of command-metadata.ts, relative to the generated file. */
  readonly commandMetadataImport: string;
}

/** Names the generated code uses itself, which a schema type must not take. */
const namesUsedByEmitter = ['Record', 'CommandMetadata'];

function checkTypeNames(model: QapiSchemaModel, reserved: ReadonlySet<string>): void {
  for (const type of model.types) {
    if (!isIdentifier(type.name) || reserved.has(type.name)) {
      throw new QapiSchemaError(
        `type name '${type.name}' cannot be used in TypeScript`,
        type.location,
      );
    }
  }
}

export function emitTypeScript(model: QapiSchemaModel, options: EmitOptions): string {
  const names = protocolNames(options.prefix);
  checkTypeNames(model, new Set([...namesUsedByEmitter, ...Object.values(names)]));
  const inlineBaseNames = implicitTypeNames(model.types);

  const lines = [
    ...options.header.map((line) => (line === '' ? '//' : `// ${line}`)),
    '',
    `import type { CommandMetadata } from '${options.commandMetadataImport}';`,
  ];
  let module: string | undefined;
  for (const type of model.types) {
    if (type.module !== module) {
      module = type.module;
      lines.push('', `// ---- ${module} ----`);
    }
    lines.push('', ...declarationLines(type, inlineBaseNames));
  }
  lines.push(
    '',
    '// ---- commands ----',
    '',
    ...commandMapLines(model.commands, names, options.manual),
  );
  if (model.events.length > 0) {
    lines.push(
      '',
      '// ---- events ----',
      '',
      ...eventMapLines(model.events, names, options.manual),
    );
  }
  return `${lines.join('\n')}\n`;
}
