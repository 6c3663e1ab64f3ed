/**
 * Command line: generate the TypeScript modules of one QEMU version.
 *
 *   node --import tsx src/schema/generate.ts --source QEMU_SOURCE_DIR \
 *     --out src/schema/generated/qemu-7.2 --version 7.2 \
 *     [--profile debian-bookworm-amd64] [--source-label TEXT]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildProfiles } from './build-profiles.js';
import { generateSchema } from './generator.js';

function fail(message: string): never {
  process.stderr.write(`generate-schema: ${message}\n`);
  process.exit(2);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      source: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
      profile: { type: 'string' },
      'source-label': { type: 'string' },
    },
    strict: true,
  });
  const { source, out, version } = values;
  if (source === undefined || out === undefined || version === undefined) {
    fail(
      'usage: generate.ts --source DIR --out DIR --version X.Y [--profile NAME] [--source-label TEXT]',
    );
  }
  const profile = values.profile === undefined ? undefined : buildProfiles.get(values.profile);
  if (values.profile !== undefined && profile === undefined) {
    fail(
      `unknown build profile '${values.profile}'; known: ${[...buildProfiles.keys()].join(', ')}`,
    );
  }

  const started = performance.now();
  const generated = generateSchema({
    sourceDir: source,
    version,
    ...(profile ? { profile } : {}),
    ...(values['source-label'] ? { sourceLabel: values['source-label'] } : {}),
  });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of generated.files) writeFileSync(join(out, name), text);
  const { qmp, qga } = generated;
  const elapsed = Math.round(performance.now() - started);
  process.stderr.write(
    `generate-schema: QEMU ${version}: ${qmp.commands.length} QMP commands, ${qmp.events.length} events, ` +
      `${qmp.types.length} types; ${qga.commands.length} QGA commands, ${qga.types.length} types; ` +
      `written to ${out} in ${elapsed} ms\n`,
  );
}

try {
  main();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
