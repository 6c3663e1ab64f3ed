import { HmpConsole } from '../../hmp/hmp-console.js';
import { QmonError } from '../../session/errors.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../errors.js';
import { hmpCompleter } from '../shell/hmp-completer.js';
import { createLineReader } from '../shell/line-reader.js';
import type { Options } from '../verb.js';
import type { hmpOptions } from '../verb-options.js';

const PROMPT = '(qemu) ';

/**
 * `qmon hmp TARGET`: the `(qemu)` monitor with line editing and history on our
 * side. Each line goes to QEMU whole; what QEMU prints back is written as it is
 * (without its echo of the line and its prompt). Ctrl-D or the end of input leaves.
 */
export async function run(
  context: CliContext,
  [target]: string[],
  options: Options<typeof hmpOptions>,
) {
  const timeout = options.timeout;
  const monitor = await HmpConsole.connect(
    context.resolveTarget(target!, 'hmp'),
    timeout === undefined ? {} : { timeout },
  );
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const rl = createLineReader({
    interactive,
    historyName: 'hmp_history',
    completer: hmpCompleter((line) => monitor.run(line, { allowErrorOutput: true })),
  });
  rl.setPrompt(interactive ? PROMPT : '');
  if (interactive) context.out(monitor.banner);

  let closed = false;
  let quitting = false;
  let running: AbortController | undefined;
  let queue = Promise.resolve();
  rl.once('close', () => {
    closed = true;
  });
  rl.on('line', (input) => {
    const line = input.trim();
    queue = queue.then(async () => {
      // QEMU's readline would take a tab as a completion request: send a space.
      if (line && !monitor.isClosed) await runLine(line.replaceAll('\t', ' '));
      if (interactive && !closed && !monitor.isClosed) rl.prompt();
    });
  });
  const runLine = async (line: string) => {
    quitting = /^(quit|q)$/.test(line);
    running = new AbortController();
    try {
      const output = await monitor.run(line, {
        allowErrorOutput: true,
        timeout: timeout ?? Number.POSITIVE_INFINITY,
        signal: running.signal,
      });
      process.stdout.write(output);
    } catch (error) {
      if (!(error instanceof QmonError)) throw error;
      context.err(`qmon: ${error.message}`);
    } finally {
      running = undefined;
    }
  };
  rl.on('SIGINT', () => {
    if (running) {
      running.abort(new Error('interrupted; QEMU still runs the command, its output is dropped'));
    } else if (rl.line.length > 0) {
      rl.write(null, { ctrl: true, name: 'u' });
      rl.write(null, { ctrl: true, name: 'k' });
    } else {
      process.stdout.write('\n(to leave, press Ctrl-D)\n');
      rl.prompt();
    }
  });

  let exitCode = 0;
  void monitor.closed.then(() => {
    if (closed) return;
    if (!quitting) {
      context.err('\nqmon: the monitor closed the connection');
      exitCode = EXIT.failure;
    }
    rl.close();
  });

  if (interactive) rl.prompt();
  await new Promise<void>((resolve) => rl.once('close', resolve));
  await queue;
  if (interactive && !monitor.isClosed) process.stdout.write('\n');
  await monitor.close();
  return exitCode;
}
