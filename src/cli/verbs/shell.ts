import readline from 'node:readline';
import { QmpCommandError } from '../../qmp/errors.js';
import type { QmpClient } from '../../qmp/qmp-client.js';
import { type IntrospectionEntry, LiveSchema } from '../../schema/live-schema.js';
import { QmonError } from '../../session/errors.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { formatJson } from '../format-json.js';
import { parseJson } from '../json-command.js';
import { connectQmp } from '../qmp-connection.js';
import { parseKeyValueArgs } from '../qmp-shell-args.js';
import { hmpCompleter } from '../shell/hmp-completer.js';
import { createLineReader } from '../shell/line-reader.js';
import { completeQmp } from '../shell/qmp-completer.js';
import type { Options } from '../verb.js';
import type { shellOptions } from '../verb-options.js';

const HELP = `Type a QMP command as qmp-shell does (query-status, device_add driver=e1000 id=n1),
or as JSON ({"execute": "query-status"}), or a name and JSON arguments.
  /hmp   switch to HMP command lines (info status, info network)
  /qmp   switch back to QMP
  /quit  leave (or Ctrl-D)`;

type Mode = 'qmp' | 'hmp';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Options<typeof shellOptions>,
) {
  const log = options.log;
  const client = await connectQmp(context, target!, log ? { trafficLog: log } : {});
  const schema = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const pretty = options.pretty || interactive;
  const color = interactive && context.color;
  let mode: Mode = options.hmp ? 'hmp' : 'qmp';
  const prompt = () => (mode === 'qmp' ? '(QEMU) ' : '(qemu) ');

  const completeHmpLine = hmpCompleter((line) => client.hmp(line));
  const rl = createLineReader({
    interactive,
    historyName: 'shell_history',
    completer: (line, callback) => {
      if (mode === 'qmp') callback(null, completeQmp(schema, line));
      else completeHmpLine(line, callback);
    },
  });
  rl.setPrompt(interactive ? prompt() : '');

  let busy = false;
  /** Prints a result, or (when idle) prints above the line being typed and redraws it. */
  const print = (text: string) => {
    if (!interactive || busy) {
      process.stdout.write(`${text}\n`);
      return;
    }
    readline.clearLine(process.stdout, 0);
    readline.cursorTo(process.stdout, 0);
    process.stdout.write(`${text}\n`);
    rl.prompt(true);
  };

  client.onAnyEvent((event) => print(`event ${formatJson(event, { pretty: false, color })}`));
  if (interactive)
    context.out(`Connected to QEMU ${formatVersion(client)}; /help for help, Ctrl-D to leave.`);

  let closed = false;
  rl.once('close', () => {
    closed = true;
  });
  let queue = Promise.resolve();
  let exitCode = 0;
  const runLine = async (line: string) => {
    if (line === '/quit' || line === '/exit') return rl.close();
    if (line === '/help') return print(HELP);
    if (line === '/hmp' || line === '/qmp') {
      mode = line.slice(1) as Mode;
      rl.setPrompt(interactive ? prompt() : '');
      return;
    }
    try {
      if (mode === 'hmp') print((await client.hmp(line)).replace(/\n$/, ''));
      else print(formatJson(await runQmp(client, schema, line), { pretty, color }));
    } catch (error) {
      if (error instanceof QmpCommandError) print(`error: ${error.errorClass}: ${error.desc}`);
      else if (error instanceof QmonError) print(`error: ${error.message}`);
      else throw error;
    }
  };

  rl.on('line', (input) => {
    const line = input.trim();
    queue = queue.then(async () => {
      busy = true;
      try {
        if (line) await runLine(line);
      } finally {
        busy = false;
      }
      if (interactive && !client.isClosed && !closed) rl.prompt();
    });
  });
  rl.on('SIGINT', () => {
    if (rl.line.length > 0) {
      rl.write(null, { ctrl: true, name: 'u' });
      rl.write(null, { ctrl: true, name: 'k' });
    } else print('(to leave, press Ctrl-D or type /quit)');
  });
  void client.closed.then((reason) => {
    if (closed) return;
    print(`qmon: ${reason.message}`);
    exitCode = EXIT.failure;
    rl.close();
  });

  if (interactive) rl.prompt();
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await queue;
  if (interactive) process.stdout.write('\n');
  await client.close();
  return exitCode;
}

async function runQmp(client: QmpClient, schema: LiveSchema, line: string): Promise<unknown> {
  const [command, ...rest] = line.split(/\s+/);
  if (line.startsWith('{')) {
    const message = parseJson(line, 'the command') as { execute: string; arguments?: unknown };
    return client.executeUntyped(message.execute, message.arguments);
  }
  const jsonArgs = rest.length > 0 && rest[0]!.startsWith('{');
  const args = jsonArgs
    ? parseJson(rest.join(' '), 'the arguments')
    : rest.length > 0
      ? parseKeyValueArgs(command!, rest, schema)
      : undefined;
  return client.executeUntyped(command!, args);
}

function formatVersion(client: QmpClient): string {
  const { major, minor, micro } = client.greeting.version.qemu;
  return `${major}.${minor}.${micro}`;
}
