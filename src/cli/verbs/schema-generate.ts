import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProfiles } from '../../schema/build-profiles.js';
import { generateSchema } from '../../schema/generator.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Options } from '../verb.js';
import type { schemaGenerateOptions } from '../verb-options.js';

export async function run(
  context: CliContext,
  _args: string[],
  options: Options<typeof schemaGenerateOptions>,
) {
  const { source, out, version, profile } = options as {
    source?: string;
    out?: string;
    version?: string;
    profile?: string;
  };
  if (!source || !out || !version)
    throw new UserError('schema generate needs --source, --out and --version', 2);
  const chosen = buildProfiles.get(profile ?? 'debian-bookworm-amd64');
  if (!chosen) {
    throw new UserError(
      `unknown build profile '${profile}'; known: ${[...buildProfiles.keys()].join(', ')}`,
      2,
    );
  }
  const generated = generateSchema({ sourceDir: source, version, profile: chosen });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of generated.files) writeFileSync(join(out, name), text);
  context.err(
    `generated QEMU ${version}: ${generated.qmp.commands.length} QMP commands, ${generated.qmp.events.length} events, ${generated.qga.commands.length} QGA commands → ${out}`,
  );
  return 0;
}
