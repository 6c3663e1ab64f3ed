/** `qmon exec NAME ...` and `qmon exec --hmp NAME ...` through a daemon's API (its role's policy applies). */
import { type IntrospectionEntry, LiveSchema } from '../../../schema/live-schema.js';
import type { CliContext } from '../../context.js';
import { daemonClient } from '../../daemon/connection.js';
import { formatJson } from '../../format-json.js';
import { parseJsonCommand } from '../../json-command.js';
import { parseKeyValueArgs } from '../../qmp-shell-args.js';

export async function run(
  context: CliContext,
  [name, ...words]: string[],
  options: Record<string, unknown>,
) {
  const api = await daemonClient(context.daemon!);
  if (options.hmp) {
    process.stdout.write(await api.hmp(name!, words.join(' ')));
    return 0;
  }
  let parsed = parseJsonCommand(words);
  if (!parsed) {
    // qmp-shell style key=value words, typed by the VM's own schema.
    const schema = (await api.qmp(name!, 'query-qmp-schema')) as IntrospectionEntry[];
    const [command, ...rest] = words;
    parsed = { command: command!, args: parseKeyValueArgs(command!, rest, new LiveSchema(schema)) };
  }
  const result = await api.qmp(name!, parsed.command, parsed.args);
  const pretty = options.pretty === true;
  context.out(
    formatJson(options.returnValue ? result : { return: result }, {
      pretty,
      color: context.color && pretty,
    }),
  );
  return 0;
}
