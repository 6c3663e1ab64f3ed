import type { CliContext } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { formatJson } from '../format-json.js';
import { parseJsonCommand } from '../json-command.js';
import { callTimeout, withAgent } from '../qga-connection.js';
import type { Options } from '../verb.js';
import type { agentOptions } from '../verb-options.js';

/** `qmon agent ping TARGET` and its siblings, easily written the other way round. */
const SUB_COMMANDS: ReadonlySet<string> = new Set([
  'ping',
  'info',
  'osinfo',
  'ifaces',
  'users',
  'fsinfo',
  'time',
  'exec',
]);

/** `qmon agent TARGET COMMAND [ARGS]`: one raw agent command, like virsh qemu-agent-command. */
export async function run(
  context: CliContext,
  [target, ...words]: string[],
  options: Options<typeof agentOptions>,
) {
  if (words.length === 1 && SUB_COMMANDS.has(words[0]!)) {
    throw new UsageError(`${words[0]} is a sub-command: qmon agent ${words[0]} ${target}`);
  }
  const parsed = parseJsonCommand(words);
  if (!parsed) {
    throw new UserError(
      'give the command as JSON ({"execute":...}), or as a name and one JSON object of arguments',
      2,
    );
  }
  const result = await withAgent(context, target!, options, (client) =>
    client.executeUntyped(parsed.command, parsed.args, callTimeout(options)),
  );
  const pretty = options.pretty;
  context.out(formatJson({ return: result }, { pretty, color: context.color && pretty }));
  return 0;
}
