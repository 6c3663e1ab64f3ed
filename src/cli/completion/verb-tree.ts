import type { OptionSpec, VerbSpec } from '../verb.js';

/** What a positional argument completes to. */
export type WordKind = 'vm' | 'target' | 'file' | 'qmp-command' | 'none';

/** One verb as a shell completes it: its path of names, and what follows it. */
export interface CompletionNode {
  /** `vm start` (the empty string for `qmon` itself). */
  path: string;
  children: string[];
  /** Every flag, long and short (`-H`, `--hmp`). */
  flags: string[];
  /** The flags that take a value, with what the value completes to. */
  valued: { flag: string; kind: WordKind }[];
  /** What each positional argument completes to. */
  positionals: WordKind[];
  /** What the arguments after those complete to (a variadic `<names...>` goes on). */
  rest: WordKind;
}

const GLOBAL_OPTIONS: OptionSpec[] = [
  { flags: '--debug', kind: 'flag', description: '' },
  { flags: '-c, --connect <uri>', kind: 'string', description: '' },
  { flags: '-V, --version', kind: 'flag', description: '' },
];

/** What `qmon exec`'s and `qmon agent`'s arguments, and flags' values, complete to. */
function wordKind(placeholder: string, path: string): WordKind {
  const name = placeholder.replace(/[<>[\].]/g, '');
  if (name === 'command') return path === 'exec' ? 'qmp-command' : 'none';
  if (name === 'target') return 'target';
  if (name === 'name' || name === 'names') return 'vm';
  if (/^(file|spec|log|source|destination|dir|path)$/.test(name)) return 'file';
  return 'none';
}

function restKind(args: readonly string[], path: string): WordKind {
  const last = args.at(-1);
  if (!last?.endsWith('...>') && !last?.endsWith('...]')) return 'none';
  const kind = wordKind(last, path);
  // `qmon exec VM query-block ...`: only the first word is a command name.
  return kind === 'qmp-command' ? 'none' : kind;
}

function flagsOf(option: OptionSpec): string[] {
  return option.flags.split(/[ ,]+/).filter((word) => word.startsWith('-'));
}

/** Every verb of the table, depth first, as the shells' scripts need them. */
export function completionNodes(verbs: readonly VerbSpec[]): CompletionNode[] {
  const nodes: CompletionNode[] = [];
  const visit = (path: string, spec: VerbSpec | undefined, children: readonly VerbSpec[]) => {
    const options = [...(spec?.options ?? []), ...(spec ? [] : GLOBAL_OPTIONS)];
    nodes.push({
      path,
      children: children.map((child) => child.name),
      flags: [...options.flatMap(flagsOf), '--help'],
      valued: options
        .filter((option) => /[<[]/.test(option.flags))
        .flatMap((option) => {
          const kind = wordKind(/[<[][^>\]]+[>\]]/.exec(option.flags)![0], path);
          return flagsOf(option).map((flag) => ({ flag, kind }));
        }),
      positionals: (spec?.arguments ?? []).map((argument) => wordKind(argument, path)),
      rest: restKind(spec?.arguments ?? [], path),
    });
    for (const child of children)
      visit(path ? `${path} ${child.name}` : child.name, child, child.verbs ?? []);
  };
  visit('', undefined, verbs);
  return nodes;
}
