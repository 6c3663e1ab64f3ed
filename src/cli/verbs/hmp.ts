import readline from 'node:readline';
import { HmpConsole } from '../../hmp/hmp-console.js';
import { QmonError } from '../../session/errors.js';
import type { CliContext } from '../context.js';
import { seconds } from '../qmp-connection.js';
import { appendHistory, historyFile, loadHistory } from '../shell/history.js';
import { completeHmp, hmpCommandNames } from '../shell/hmp-completer.js';

const PROMPT = '(qemu) ';

/**
 * `qmon hmp TARGET`: the `(qemu)` monitor with line editing and history on our
 * side. Each line goes to QEMU whole; what QEMU prints back is written as it is
 * (without its echo of the line and its prompt). Ctrl-D or the end of input leaves.
 */
export async function run(
  context: CliContext,
  [target]: string[],
  options: Record<string, unknown>,
) {
  const timeout = options.timeout === undefined ? undefined : seconds(options.timeout);
  const monitor = await HmpConsole.connect(
    context.resolveTarget(target!, 'hmp'),
    timeout === undefined ? {} : { timeout },
  );
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const history = historyFile('hmp_history');
  const helpCache = new Map<string, Promise<string[]>>();
  /** Command names from `help`, or `info` topics from `help info`, asked of QEMU once. */
  const namesFrom = (helpLine: 'help' | 'help info') => {
    let names = helpCache.get(helpLine);
    if (!names) {
      // `help info` lists `info balloon  -- ...`: the topic is the second word.
      const topics = helpLine === 'help info';
      names = monitor.run(helpLine, { allowErrorOutput: true }).then(
        (text) => hmpCommandNames(topics ? text.replace(/^info\s+/gm, '') : text),
        () => [],
      );
      helpCache.set(helpLine, names);
    }
    return names;
  };
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
    history: interactive ? loadHistory(history) : [],
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: (line: string, callback: (error: null, result: [string[], string]) => void) => {
      const topic = /^(\s*info\s+)(\S*)$/.exec(line);
      if (topic) {
        void namesFrom('help info').then((list) => {
          const [matches] = completeHmp(list, topic[2]!);
          callback(null, [matches, topic[2]!]);
        });
        return;
      }
      void namesFrom('help').then((list) => callback(null, completeHmp(list, line)));
    },
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
    if (line && interactive) appendHistory(history, line);
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
      exitCode = 1;
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
