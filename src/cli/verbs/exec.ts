import { QmpCommandError } from '../../qmp/errors.js';
import { type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { formatJson } from '../format-json.js';
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
    const { command, args } = await parseCommand(words, () => client.execute('query-qmp-schema'));
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
      return 1;
    }
  } finally {
    await client.close();
  }
}

/** A command given as full JSON, as a name with JSON arguments, or qmp-shell style. */
async function parseCommand(
  words: string[],
  fetchSchema: () => Promise<unknown>,
): Promise<{ command: string; args: Record<string, unknown> | undefined }> {
  const [first, ...rest] = words;
  if (first === undefined) throw new UserError('no command given', 2);
  if (first.trimStart().startsWith('{')) {
    const message = parseJson(words.join(' '), 'the command') as {
      execute?: unknown;
      arguments?: unknown;
    };
    if (typeof message.execute !== 'string')
      throw new UserError('the JSON command needs an "execute" member', 2);
    return {
      command: message.execute,
      args: message.arguments as Record<string, unknown> | undefined,
    };
  }
  if (rest.length === 0) return { command: first, args: undefined };
  if (rest.length === 1 && rest[0]!.trimStart().startsWith('{')) {
    return {
      command: first,
      args: parseJson(rest[0]!, 'the arguments') as Record<string, unknown>,
    };
  }
  const schema = new LiveSchema((await fetchSchema()) as IntrospectionEntry[]);
  return { command: first, args: parseKeyValueArgs(first, rest, schema) };
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${what} is not valid JSON: ${(error as Error).message}`, 2);
  }
}
