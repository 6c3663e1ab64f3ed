/** HMP command names from the output of `help`: lines like `name|alias args -- description`. */
export function hmpCommandNames(helpText: string): string[] {
  const names = new Set<string>();
  for (const line of helpText.split('\n')) {
    const head = /^(\S+)/.exec(line)?.[1];
    if (!head) continue;
    for (const name of head.split('|')) if (/^[a-z_][\w-]*$/i.test(name)) names.add(name);
  }
  return [...names].sort();
}

export function completeHmp(names: readonly string[], line: string): [string[], string] {
  if (/\s/.test(line)) return [[], line];
  return [names.filter((name) => name.startsWith(line)), line];
}

export type LineCompleter = (
  line: string,
  callback: (error: null, result: [string[], string]) => void,
) => void;

/**
 * A readline completer for HMP lines: command names from `help`, and `info`
 * topics from `help info`, each asked of QEMU once through `runHelp`.
 */
export function hmpCompleter(
  runHelp: (line: 'help' | 'help info') => Promise<string>,
): LineCompleter {
  const cache = new Map<string, Promise<string[]>>();
  const namesFrom = (helpLine: 'help' | 'help info') => {
    let names = cache.get(helpLine);
    if (!names) {
      // `help info` lists `info balloon  -- ...`: the topic is the second word.
      const topics = helpLine === 'help info';
      names = runHelp(helpLine).then(
        (text) => hmpCommandNames(topics ? text.replace(/^info\s+/gm, '') : text),
        () => [],
      );
      cache.set(helpLine, names);
    }
    return names;
  };
  return (line, callback) => {
    const topic = /^(\s*info\s+)(\S*)$/.exec(line);
    if (topic) {
      void namesFrom('help info').then((list) =>
        callback(null, [completeHmp(list, topic[2]!)[0], topic[2]!]),
      );
      return;
    }
    void namesFrom('help').then((list) => callback(null, completeHmp(list, line)));
  };
}
