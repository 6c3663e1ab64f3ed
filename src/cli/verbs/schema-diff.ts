import { qmpCommandNames, qmpEventNames } from '../../schema/index.js';
import { diffSchema, type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import type { CliContext } from '../context.js';
import { connectQmp } from '../qmp-connection.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Record<string, unknown>,
) {
  const client = await connectQmp(context, target!);
  try {
    const live = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
    const diff = diffSchema(live, { commands: qmpCommandNames, events: qmpEventNames });
    if (options.json) {
      context.out(JSON.stringify(diff, null, 2));
      return 0;
    }
    const { major, minor, micro } = client.greeting.version.qemu;
    context.out(`QEMU ${major}.${minor}.${micro} compared with qmon's bundled types (QEMU 7.2):`);
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
