import { HMP_COMMANDS, HMP_INFO_COMMANDS } from './command-table.js';

/** Which command QEMU's monitor runs for an HMP command line. */
export type HmpCommandName =
  /** A blank line: QEMU runs nothing. */
  | { kind: 'blank' }
  /**
   * A command of QEMU's table: `name` is its canonical name (`stop` for `s`),
   * `aliases` every name of the entry, `word` the name as typed, `sub` the
   * `info` sub-command when there is one.
   */
  | {
      kind: 'command';
      name: string;
      aliases: readonly string[];
      word: string;
      sub?: HmpSubCommand;
    }
  /** A word QEMU's table does not know (QEMU answers "unknown command"). */
  | { kind: 'unknown'; word: string };

export interface HmpSubCommand {
  name: string;
  aliases: readonly string[];
  /** True when QEMU's `info` table does not know it. */
  unknown: boolean;
}

/** cmdname[256] in QEMU's monitor_parse_command: longer names are cut to 255 bytes. */
const MAX_NAME = 255;

interface Entry {
  aliases: readonly string[];
}

function index(table: readonly string[]): Map<string, Entry> {
  const byName = new Map<string, Entry>();
  for (const names of table) {
    const entry = { aliases: names.split('|') };
    // QEMU searches the table in order and takes the first match.
    for (const alias of entry.aliases) if (!byName.has(alias)) byName.set(alias, entry);
  }
  return byName;
}

const COMMANDS = index(HMP_COMMANDS);
const INFO_COMMANDS = index(HMP_INFO_COMMANDS);

/** C's isspace() in the C locale, as qemu_isspace() applies it. */
function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/**
 * QEMU 7.2's get_command_name: skip blanks, then the name runs to the next
 * blank, `/` (the start of a format, as in `x/4x`) or the end. Returns the
 * name and where the rest of the line starts, or undefined for a blank line.
 */
function commandWord(line: string, from: number): { word: string; end: number } | undefined {
  let p = from;
  while (isSpace(line[p])) p++;
  if (p >= line.length) return undefined;
  const start = p;
  while (p < line.length && line[p] !== '/' && !isSpace(line[p])) p++;
  return { word: line.slice(start, Math.min(p, start + MAX_NAME)), end: p };
}

/**
 * Finds the command QEMU 7.2's monitor runs for `line`, exactly as its
 * monitor_parse_command does: the name ends at a blank or `/` (so
 * `logfile/x` is `logfile`), aliases are resolved through QEMU's table (`s` is
 * `stop`), and `info` looks its next word up in the `info` table. The line is a
 * C string to QEMU: it ends at the first NUL.
 */
export function parseHmpCommandName(text: string): HmpCommandName {
  const nul = text.indexOf('\0');
  const line = nul < 0 ? text : text.slice(0, nul);
  const first = commandWord(line, 0);
  if (!first) return { kind: 'blank' };
  const entry = COMMANDS.get(first.word);
  if (!entry) return { kind: 'unknown', word: first.word };
  const name = entry.aliases[0]!;
  const command = { kind: 'command', name, aliases: entry.aliases, word: first.word } as const;
  if (name !== 'info') return command;
  // QEMU skips the blanks after the name, then descends only when something follows.
  let p = first.end;
  while (isSpace(line[p])) p++;
  if (p >= line.length) return command;
  const second = commandWord(line, p);
  const word = second?.word ?? '';
  const sub = INFO_COMMANDS.get(word);
  return {
    ...command,
    sub: sub
      ? { name: sub.aliases[0]!, aliases: sub.aliases, unknown: false }
      : { name: word, aliases: [word], unknown: true },
  };
}

/** Every name of the HMP command `name` is one of (`['stop', 's']` for `s`), or undefined. */
export function hmpAliases(name: string): readonly string[] | undefined {
  return COMMANDS.get(name)?.aliases;
}
