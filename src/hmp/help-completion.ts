/**
 * Completion of HMP command lines from HMP's own `help`: command names from
 * `help` (lines like `name|alias args -- description`) and `info` topics from
 * `help info`, each asked of QEMU once, so completion offers exactly what the
 * running QEMU has.
 */

/** HMP command names from the output of `help`. */
export function hmpCommandNames(helpText: string): string[] {
  const names = new Set<string>();
  for (const line of helpText.split('\n')) {
    const head = /^(\S+)/.exec(line)?.[1];
    if (!head) continue;
    for (const name of head.split('|')) if (/^[a-z_][\w-]*$/i.test(name)) names.add(name);
  }
  return [...names].sort();
}

export type HmpHelpLine = 'help' | 'help info';

export interface HmpCompletion {
  /** The word being completed: the command name, or the topic after `info `. */
  word: string;
  /** Every name that starts with `word`, sorted. */
  completions: string[];
}

export class HmpHelpCompleter {
  private readonly cache = new Map<HmpHelpLine, Promise<string[]>>();

  constructor(private readonly runHelp: (line: HmpHelpLine) => Promise<string>) {}

  /** Completes the command name of `line`, or its `info` topic; nothing after a complete word. */
  async complete(line: string): Promise<HmpCompletion> {
    const topic = /^\s*info\s+(\S*)$/.exec(line);
    if (topic) return this.matching('help info', topic[1]!);
    const word = line.trimStart();
    if (/\s/.test(word)) return { word: '', completions: [] };
    return this.matching('help', word);
  }

  private async matching(helpLine: HmpHelpLine, word: string): Promise<HmpCompletion> {
    const names = await this.names(helpLine);
    return { word, completions: names.filter((name) => name.startsWith(word)) };
  }

  private names(helpLine: HmpHelpLine): Promise<string[]> {
    let names = this.cache.get(helpLine);
    if (!names) {
      // `help info` lists `info balloon  -- ...`: the topic is the second word.
      const topics = helpLine === 'help info';
      names = this.runHelp(helpLine).then(
        (text) => hmpCommandNames(topics ? text.replace(/^info\s+/gm, '') : text),
        (error: unknown) => {
          this.cache.delete(helpLine);
          throw error;
        },
      );
      this.cache.set(helpLine, names);
    }
    return names;
  }
}
