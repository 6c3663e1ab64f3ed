import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { formatJson } from '../format-json.js';
import { parseJsonCommand } from '../json-command.js';
import { callTimeout, withAgent } from '../qga-connection.js';

/** `qmon agent TARGET COMMAND [ARGS]`: one raw agent command, like virsh qemu-agent-command. */
export async function run(
  context: CliContext,
  [target, ...words]: string[],
  options: Record<string, unknown>,
) {
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
  const pretty = options.pretty === true;
  context.out(formatJson({ return: result }, { pretty, color: context.color && pretty }));
  return 0;
}
