/** `qmon agent NAME COMMAND [ARGS]` through a daemon's API (its agent client serialises every caller). */
import type { CliContext } from '../../context.js';
import { daemonClient } from '../../daemon/connection.js';
import { UserError } from '../../errors.js';
import { formatJson } from '../../format-json.js';
import { parseJsonCommand } from '../../json-command.js';

export async function run(
  context: CliContext,
  [name, ...words]: string[],
  options: Record<string, unknown>,
) {
  const parsed = parseJsonCommand(words);
  if (!parsed)
    throw new UserError(
      'give the command as JSON ({"execute":...}), or as a name and one JSON object of arguments',
      2,
    );
  // Typed options hand `--timeout` over in milliseconds.
  const timeout = options.timeout as number | undefined;
  // The HTTP request outlives the agent's own time limit a little.
  const api = await daemonClient(
    context.daemon!,
    timeout === undefined ? {} : { timeout: timeout + 5_000 },
  );
  const result = await api.agent(name!, parsed.command, parsed.args, timeout);
  const pretty = options.pretty === true;
  context.out(formatJson({ return: result }, { pretty, color: context.color && pretty }));
  return 0;
}
