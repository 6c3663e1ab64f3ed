import readline from 'node:readline';
import { appendHistory, historyFile, loadHistory } from './history.js';
import type { LineCompleter } from './hmp-completer.js';

/**
 * The line editor of the interactive verbs: on a terminal it keeps a history
 * file (`historyName` under qmon's state folder) across sessions; off one it
 * reads plain lines with no prompt echo and no history.
 */
export function createLineReader(options: {
  interactive: boolean;
  historyName: string;
  completer: LineCompleter;
}): readline.Interface {
  const { interactive } = options;
  const history = historyFile(options.historyName);
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
    history: interactive ? loadHistory(history) : [],
    historySize: 1000,
    removeHistoryDuplicates: true,
    completer: options.completer,
  });
  if (interactive) {
    rl.on('line', (input) => {
      const line = input.trim();
      if (line) appendHistory(history, line);
    });
  }
  return rl;
}
