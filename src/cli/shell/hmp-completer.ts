import { HmpHelpCompleter, type HmpHelpLine } from '../../hmp/help-completion.js';

export type LineCompleter = (
  line: string,
  callback: (error: null, result: [string[], string]) => void,
) => void;

/**
 * A readline completer for HMP lines: command names from `help`, and `info`
 * topics from `help info`, each asked of QEMU once through `runHelp`.
 */
export function hmpCompleter(runHelp: (line: HmpHelpLine) => Promise<string>): LineCompleter {
  const completer = new HmpHelpCompleter(runHelp);
  return (line, callback) => {
    void completer.complete(line).then(
      ({ word, completions }) => callback(null, [completions, word]),
      () => callback(null, [[], line]),
    );
  };
}
