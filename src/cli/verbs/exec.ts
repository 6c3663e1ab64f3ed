import { devicePropertyTypes, typedPropertyValue } from '../../launch/device-properties.js';
import { QmpCommandError } from '../../qmp/errors.js';
import type { QmpClient } from '../../qmp/qmp-client.js';
import { type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { formatJson } from '../format-json.js';
import { type ParsedCommand, parseJsonCommand } from '../json-command.js';
import { connectQmp, seconds } from '../qmp-connection.js';
import { parseKeyValueArgs } from '../qmp-shell-args.js';

export async function run(
  context: CliContext,
  [target, ...words]: string[],
  options: Record<string, unknown>,
) {
  const client = await connectQmp(context, target!, options);
  const callOptions = options.timeout === undefined ? {} : { timeout: seconds(options.timeout) };
  try {
    if (options.hmp) {
      const output = await client.hmp(words.join(' '), callOptions);
      process.stdout.write(output);
      return 0;
    }
    const { command, args } = await parseCommand(words, client);
    try {
      const result = await client.executeUntyped(command, args, callOptions);
      const reply = options.returnValue ? result : { return: result };
      context.out(
        formatJson(reply, {
          pretty: options.pretty === true,
          color: context.color && options.pretty === true,
        }),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof QmpCommandError)) throw error;
      context.err(`qmon: ${command}: ${error.desc} (${error.errorClass})`);
      return EXIT.failure;
    }
  } finally {
    await client.close();
  }
}

/**
 * A command given as full JSON, as a name with JSON arguments, or qmp-shell
 * style. device_add's device properties are not in the schema: they take the
 * types the device declares (QEMU 10.0 refuses `"on"` for a bool property).
 */
async function parseCommand(words: string[], client: QmpClient): Promise<ParsedCommand> {
  const parsed = parseJsonCommand(words);
  if (parsed) return parsed;
  const [first, ...rest] = words;
  const schema = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
  const args = parseKeyValueArgs(first!, rest, schema);
  const properties = rest.filter((word) => !/^(driver|id|bus)=/.test(word) && word.includes('='));
  if (first === 'device_add' && typeof args.driver === 'string' && properties.length > 0) {
    const types = await devicePropertyTypes(client, args.driver);
    for (const word of properties) {
      const key = word.slice(0, word.indexOf('='));
      const type = types.get(key);
      if (type !== undefined) args[key] = typedPropertyValue(key, type, word.slice(key.length + 1));
    }
  }
  return { command: first!, args };
}
