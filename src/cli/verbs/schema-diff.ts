/**
 * `qmon schema diff TARGET`: a running QEMU against the bundled types of its
 * version (the nearest older one when qmon bundles none for it).
 * `qmon schema diff --from 7.2 --to 10.0`: what upgrading between two bundled
 * versions removes, renames, changes and deprecates.
 */
import { bundledSchema, bundledSchemaFor, bundledSchemas } from '../../schema/bundled.js';
import { diffSchema, type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import { diffVersions, type VersionDiff } from '../../schema/version-diff.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { connectQmp } from '../qmp-connection.js';
import type { Options } from '../verb.js';
import type { schemaDiffOptions } from '../verb-options.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Options<typeof schemaDiffOptions>,
) {
  if (options.from !== undefined || options.to !== undefined) {
    if (target !== undefined) throw new UserError('give either a TARGET or --from and --to', 2);
    return upgrade(context, options.from, options.to, options.json);
  }
  if (target === undefined)
    throw new UserError('schema diff needs a TARGET, or --from and --to', 2);
  const client = await connectQmp(context, target);
  try {
    const live = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
    const { major, minor, micro } = client.greeting.version.qemu;
    const match = bundledSchemaFor({ major, minor });
    const bundled = match.schema;
    const diff = diffSchema(live, {
      commands: bundled.qmpCommandNames,
      events: bundled.qmpEventNames,
    });
    if (match.note) context.err(`qmon: ${match.note}`);
    if (options.json) {
      context.out(
        JSON.stringify(
          { qemu: `${major}.${minor}.${micro}`, bundled: bundled.version, ...diff },
          null,
          2,
        ),
      );
      return 0;
    }
    context.out(
      `QEMU ${major}.${minor}.${micro} compared with qmon's bundled types (QEMU ${bundled.version}):`,
    );
    const list = (title: string, names: string[]) => {
      context.out(`  ${title}: ${names.length === 0 ? 'none' : ''}`);
      for (const name of names) context.out(`    ${name}`);
    };
    list('commands only in this QEMU', diff.onlyInQemu.commands);
    list('events only in this QEMU', diff.onlyInQemu.events);
    list('commands only in the bundled types', diff.onlyInBundled.commands);
    list('events only in the bundled types', diff.onlyInBundled.events);
    return 0;
  } finally {
    await client.close();
  }
}

function bundledOrFail(option: string, version: string | undefined) {
  const known = bundledSchemas.map((schema) => schema.version).join(', ');
  if (version === undefined)
    throw new UserError(`${option} is needed too (bundled versions: ${known})`, 2);
  const schema = bundledSchema(version);
  if (!schema) throw new UserError(`${option} ${version}: qmon bundles QEMU ${known}`, 2);
  return schema;
}

async function upgrade(
  context: CliContext,
  fromVersion: string | undefined,
  toVersion: string | undefined,
  json: boolean,
) {
  const from = bundledOrFail('--from', fromVersion);
  const to = bundledOrFail('--to', toVersion);
  const [a, b] = await Promise.all([from.loadShape(), to.loadShape()]);
  const qmp = diffVersions(
    { version: from.version, shape: a.qmpShape },
    { version: to.version, shape: b.qmpShape },
  );
  const qga = diffVersions(
    { version: from.version, shape: a.qgaShape },
    { version: to.version, shape: b.qgaShape },
  );
  if (json) {
    context.out(
      JSON.stringify(
        { from: from.version, to: to.version, renamesAreGuessed: true, qmp, qga },
        null,
        2,
      ),
    );
    return 0;
  }
  context.out(`Upgrading from QEMU ${from.version} to ${to.version} (Debian's x86_64 builds):`);
  printDiff(context, 'QMP', qmp);
  printDiff(context, 'Guest agent', qga);
  return 0;
}

function printDiff(context: CliContext, title: string, diff: VersionDiff) {
  const { added } = diff;
  context.out('');
  context.out(
    `${title}: ${diff.removed.length} removed, ${diff.renamed.length} renamed, ${diff.changed.length} changed, ` +
      `${diff.deprecated.length} newly deprecated; added ${added.commands} commands, ${added.events} events, ${added.types} types`,
  );
  const section = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    context.out(`  ${heading}:`);
    for (const line of lines) context.out(`    ${line}`);
  };
  section(
    'removed',
    diff.removed.map(
      (r) => `${r.kind} ${r.name}${r.wasDeprecated ? ` (deprecated in ${diff.from})` : ''}`,
    ),
  );
  section(
    'renamed (a best-effort guess from names and contents)',
    diff.renamed.map((r) => `${r.kind} ${r.from} → ${r.to}`),
  );
  section(
    'changed',
    diff.changed.map((c) => `${c.name}: ${c.what}`),
  );
  section(
    `deprecated in ${diff.to}`,
    diff.deprecated.map((d) => `${d.kind} ${d.name}`),
  );
}
