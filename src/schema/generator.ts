/**
 * Generates the TypeScript modules of one QEMU version from its QAPI schema
 * sources: `qmp.ts` (from qapi/qapi-schema.json), `qga.ts` (from
 * qga/qapi-schema.json), an `index.ts` exporting both, and `shape.ts` (the
 * schema's shape as data, for `qmon schema diff --from --to`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildProfile, isDefinedIn, undecidedSymbols } from './build-profiles.js';
import { qgaManual, qmpManual } from './manual-links.js';
import { loadQapiSchema, type SchemaFileReader } from './qapi-loader.js';
import { buildSchemaModel, type QapiSchemaModel } from './qapi-model.js';
import { schemaShape, shapeModuleText } from './schema-shape.js';
import { emitTypeScript } from './typescript-emitter.js';
import { versionIndexText } from './version-index.js';

export interface GenerateOptions {
  /** The QEMU source tree (or any folder holding `qapi/` and `qga/` schema files). */
  readonly sourceDir: string;
  /** The QEMU version, e.g. `7.2`: names the output folder `qemu-<version>` and goes in the headers. */
  readonly version: string;
  /** Without one, conditional definitions are all kept. */
  readonly profile?: BuildProfile;
  /** Where the sources came from, for the headers, e.g. a distribution's package version. */
  readonly sourceLabel?: string;
  /** Reads a schema file; defaults to the file system. Tests pass an in-memory one. */
  readonly readFile?: SchemaFileReader;
}

export interface GeneratedSchema {
  /** File name → text, for the files of `src/schema/generated/qemu-<version>/`. */
  readonly files: ReadonlyMap<string, string>;
  readonly qmp: QapiSchemaModel;
  readonly qga: QapiSchemaModel;
}

export const qmpSchemaEntry = 'qapi/qapi-schema.json';
export const qgaSchemaEntry = 'qga/qapi-schema.json';

/** From a generated file to src/schema/command-metadata.ts. */
const commandMetadataImport = '../../command-metadata.js';

function loadModel(options: GenerateOptions, entry: string): QapiSchemaModel {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const expressions = loadQapiSchema(join(options.sourceDir, entry), readFile);
  const { profile } = options;
  if (profile === undefined) return buildSchemaModel(expressions);
  const model = buildSchemaModel(expressions, { isDefined: isDefinedIn(profile) });
  const undecided = undecidedSymbols(profile, model.conditionSymbols);
  if (undecided.length > 0) {
    throw new Error(
      `build profile '${profile.name}' does not say whether these are defined: ${undecided.join(', ')}; ` +
        'add them to src/schema/build-profiles.ts',
    );
  }
  return model;
}

function headerLines(options: GenerateOptions, entry: string): string[] {
  const build = options.profile
    ? [
        `Build: ${options.profile.name}, ${options.profile.description}.`,
        'Definitions whose `if` condition is false for that build are left out.',
      ]
    : ['Build: not chosen; conditional definitions are all kept and show their condition.'];
  return [
    `Generated from the QAPI schema of QEMU ${options.version}, ${entry}.`,
    ...(options.sourceLabel ? [`Sources: ${options.sourceLabel}.`] : []),
    ...build,
    'Do not edit: regenerate with `bash scripts/generate-schema.sh`.',
  ];
}

function indexHeader(options: GenerateOptions): string[] {
  return [
    `Generated types for QEMU ${options.version}: QMP and the guest agent (QGA).`,
    'Do not edit: regenerate with `bash scripts/generate-schema.sh`.',
  ];
}

function shapeHeader(options: GenerateOptions): string[] {
  return [
    `Generated shape of QEMU ${options.version}'s schema (QMP and QGA) as data, for comparing versions.`,
    'Do not edit: regenerate with `bash scripts/generate-schema.sh`.',
  ];
}

export function generateSchema(options: GenerateOptions): GeneratedSchema {
  const qmp = loadModel(options, qmpSchemaEntry);
  const qga = loadModel(options, qgaSchemaEntry);
  const qmpText = emitTypeScript(qmp, {
    prefix: 'Qmp',
    manual: qmpManual,
    header: headerLines(options, qmpSchemaEntry),
    commandMetadataImport,
  });
  const qgaText = emitTypeScript(qga, {
    prefix: 'Qga',
    manual: qgaManual,
    header: headerLines(options, qgaSchemaEntry),
    commandMetadataImport,
  });
  const files = new Map([
    ['index.ts', versionIndexText(indexHeader(options), qmpText, qgaText)],
    ['qga.ts', qgaText],
    ['qmp.ts', qmpText],
    ['shape.ts', shapeModuleText(shapeHeader(options), schemaShape(qmp), schemaShape(qga))],
  ]);
  return { files, qmp, qga };
}
