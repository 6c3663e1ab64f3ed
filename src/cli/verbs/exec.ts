import { QmpCommandError } from '../../qmp/errors.js';
import type { QmpClient } from '../../qmp/qmp-client.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { formatJson } from '../format-json.js';
import { type ParsedCommand, parseJsonCommand } from '../json-command.js';
import { connectQmp } from '../qmp-connection.js';
import type { Options } from '../verb.js';
import type { execOptions } from '../verb-options.js';

export async function run(
  context: CliContext,
  [target, ...words]: string[],
  options: Options<typeof execOptions>,
) {
  const client = await connectQmp(context, target!, options);
  const callOptions = options.timeout === undefined ? {} : { timeout: options.timeout };
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
          pretty: options.pretty,
          color: context.color && options.pretty,
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

/** A command given as full JSON or a name with JSON arguments; else qmp-shell style (loaded only then). */
async function parseCommand(words: string[], client: QmpClient): Promise<ParsedCommand> {
  const parsed = parseJsonCommand(words);
  if (parsed) return parsed;
  const { parseKeyValueCommand } = await import('../key-value-command.js');
  return parseKeyValueCommand(words, client);
}
