/**
 * The QEMU versions qmon bundles generated types for, and the command and
 * event lists of each, to compare a running QEMU with the release it is (or
 * is nearest to). Adding a version: a build profile, `bash
 * scripts/generate-schema.sh X.Y`, and an entry here.
 */
import type { CommandMetadata } from './command-metadata.js';
import * as qemu72 from './generated/qemu-7.2/index.js';
import * as qemu100 from './generated/qemu-10.0/index.js';
import type { SchemaShape } from './shape-types.js';

export interface BundledSchema {
  /** `7.2`, `10.0`: the folder `generated/qemu-<version>/` and the subpath `qmon/schema/qemu-<version>`. */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  readonly qmpCommandNames: readonly string[];
  readonly qmpEventNames: readonly string[];
  readonly qmpCommandMetadata: Readonly<Record<string, CommandMetadata>>;
  readonly qgaCommandNames: readonly string[];
  readonly qgaCommandMetadata: Readonly<Record<string, CommandMetadata>>;
  /** The whole schema's shape, loaded on demand (it is large): for comparing versions. */
  loadShape(): Promise<{ qmpShape: SchemaShape; qgaShape: SchemaShape }>;
}

function bundled(
  version: string,
  module: typeof qemu72 | typeof qemu100,
  loadShape: BundledSchema['loadShape'],
): BundledSchema {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return {
    version,
    major,
    minor,
    qmpCommandNames: module.qmpCommandNames,
    qmpEventNames: module.qmpEventNames,
    qmpCommandMetadata: module.qmpCommandMetadata,
    qgaCommandNames: module.qgaCommandNames,
    qgaCommandMetadata: module.qgaCommandMetadata,
    loadShape,
  };
}

/** Oldest first. */
export const bundledSchemas: readonly BundledSchema[] = [
  bundled('7.2', qemu72, () => import('./generated/qemu-7.2/shape.js')),
  bundled('10.0', qemu100, () => import('./generated/qemu-10.0/shape.js')),
];

/** The version the bare `QmpClient`, `QgaClient` and `qmon/schema` are typed for: the newest. */
export const defaultQemuVersion = '10.0';

export interface BundledMatch {
  readonly schema: BundledSchema;
  /** The running QEMU is exactly this release line (major.minor). */
  readonly exact: boolean;
  /** For a version qmon does not bundle, what was picked instead, in a sentence. */
  readonly note?: string;
}

/**
 * The bundled schema for a QEMU version: the same major.minor, else the
 * nearest older one, else (older than every bundled one) the oldest.
 */
export function bundledSchemaFor(version: { major: number; minor: number }): BundledMatch {
  const rank = (v: { major: number; minor: number }) => v.major * 1000 + v.minor;
  const wanted = rank(version);
  const exact = bundledSchemas.find((schema) => rank(schema) === wanted);
  if (exact) return { schema: exact, exact: true };
  const older = bundledSchemas.filter((schema) => rank(schema) < wanted).at(-1);
  const schema = older ?? bundledSchemas[0]!;
  const which = older ? 'the nearest older bundled version' : 'the oldest bundled version';
  return {
    schema,
    exact: false,
    note: `qmon bundles no types for QEMU ${version.major}.${version.minor}; using QEMU ${schema.version}'s, ${which}`,
  };
}

/** A bundled schema by its version (`7.2`, `10.0`), or undefined. */
export function bundledSchema(version: string): BundledSchema | undefined {
  return bundledSchemas.find((schema) => schema.version === version);
}
