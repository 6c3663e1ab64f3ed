import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { createContext } from './context.js';
import { daemonUrlOf } from './daemon/daemon-url.js';
import { EXIT, UsageError } from './errors.js';
import { commanderOption, typedOptions } from './options.js';
import { isClosedPipe, reportError } from './report-error.js';
import { registerCliStreamSchemes } from './stream-schemes.js';
import type { VerbSpec } from './verb.js';
import { verbs } from './verbs.js';

const { version } = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as {
  version: string;
};

// A reader that stops early (`qmon exec VM query-qmp-schema | head -c 1`) has what it wanted.
process.stdout.on('error', (error) => {
  if (!isClosedPipe(error)) throw error;
  process.exit(process.exitCode ?? EXIT.ok);
});

const program = new Command('qmon')
  .description('Control running QEMU virtual machines through QMP, HMP and the guest agent.')
  .version(version, '-V, --version')
  .option('--debug', 'print stack traces on errors')
  .option(
    '-c, --connect <url>',
    'a qmon daemon (http:// or https://; default: QMON_CONNECT), else the libvirt URI for libvirt:NAME targets (default: LIBVIRT_DEFAULT_URI)',
  )
  // A usage error is one line: what is wrong, and where the help is.
  .configureOutput({
    outputError: (text, write) =>
      write(`qmon: ${text.trim().replace(/^error: /, '')} (see --help)\n`),
  })
  // Each command parses only the options after its name, so `qmon agent --timeout` and
  // `qmon agent exec --timeout` stay apart; `--debug` is accepted everywhere (see below).
  .enablePositionalOptions()
  .exitOverride();

function register(parent: Command, spec: VerbSpec, path = ''): void {
  const fullName = `${path}${spec.name}`;
  const command = parent.command(spec.name).description(spec.summary);
  for (const argument of spec.arguments ?? []) command.argument(argument);
  for (const option of spec.options ?? []) command.addOption(commanderOption(option));
  if (spec.examples?.length) {
    command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}`);
  }
  if (spec.verbs) {
    for (const child of spec.verbs) register(command, child, `${fullName} `);
    if (!spec.load) return;
  }
  command.addOption(new Option('--debug', 'print stack traces on errors').hideHelp());
  command.action(async (...params: unknown[]) => {
    // Commander passes the positional arguments, then the options, then the command.
    const { debug, ...parsed } = params.at(-2) as Record<string, unknown>;
    const args = params
      .slice(0, -2)
      .flatMap((value) => (Array.isArray(value) ? value : [value])) as string[];
    const connect = program.opts().connect as string | undefined;
    const daemon = daemonUrlOf(connect);
    // As virsh -c: the URI every libvirt connection of this run uses.
    if (connect !== undefined && daemon === undefined) process.env.LIBVIRT_DEFAULT_URI = connect;
    const context = createContext({
      debug: program.opts().debug === true || debug === true,
      ...(daemon ? { daemon } : {}),
    });
    const options = typedOptions(spec.options ?? [], parsed);
    const remote = daemon !== undefined && !spec.local;
    if (remote && !spec.remote)
      throw new UsageError(
        `qmon ${fullName} does not work through a daemon (${daemon}); without --connect and QMON_CONNECT it acts on this host`,
      );
    const { run } = await (remote ? spec.remote! : spec.load!)();
    try {
      const code = await run(context, args, options);
      if (typeof code === 'number') process.exitCode = code;
    } catch (error) {
      if (!remote) throw error;
      const { explainDaemonError } = await import('./daemon/connection.js');
      throw explainDaemonError(error, daemon);
    }
  });
}

registerCliStreamSchemes();
for (const spec of verbs) register(program, spec);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit 0; anything else commander refuses is a usage error.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (isClosedPipe(error)) {
    process.exitCode ??= EXIT.ok;
  } else {
    process.exitCode = reportError(error, process.argv.includes('--debug'));
  }
}
