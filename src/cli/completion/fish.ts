import { shellQuote } from './bash.js';
import type { CompletionNode, WordKind } from './verb-tree.js';

/**
 * The fish completion script: `__qmon_path` walks the command line through
 * the verb table to the verb being typed; each verb's children, flags and
 * arguments are offered under a condition on that path.
 */
export function fishScript(
  nodes: readonly CompletionNode[],
  qmpCommands: readonly string[],
): string {
  const children = nodes
    .filter((node) => node.children.length > 0)
    .map(
      (node) => `    case ${shellQuote(node.path || '.')}\n      echo ${node.children.join(' ')}`,
    )
    .join('\n');
  const valued = nodes
    .flatMap((node) => node.valued.map(({ flag }) => `${node.path || '.'}=${flag}`))
    .map(shellQuote)
    .join(' ');
  const lines: string[] = [];
  for (const node of nodes) {
    const when = `'test (__qmon_path) = ${shellQuote(node.path || '.').slice(1, -1)}'`;
    if (node.children.length > 0)
      lines.push(`complete -c qmon -f -n ${when} -a ${shellQuote(node.children.join(' '))}`);
    for (const flag of node.flags) {
      const value = node.valued.find((entry) => entry.flag === flag);
      const name = flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      lines.push(
        `complete -c qmon -n ${when} ${name}${value ? ` -r${fishArguments(value.kind)}` : ''}`,
      );
    }
    const kind = node.positionals[0] ?? node.rest;
    if (kind !== 'none') lines.push(`complete -c qmon -n ${when}${fishArguments(kind)}`);
  }
  return `# qmon completion for fish: qmon completion fish > ~/.config/fish/completions/qmon.fish
# Generated from qmon's verb table.
function __qmon_children
  switch $argv[1]
${children}
  end
end

function __qmon_vms
  set -l root $QMON_RUNTIME_DIR
  if test -z "$root"; and test -n "$XDG_RUNTIME_DIR"; set root $XDG_RUNTIME_DIR/qmon; end
  if test -z "$root"; set -l tmp (string trim -r -c / -- (set -q TMPDIR; and echo $TMPDIR; or echo /tmp)); set root $tmp/qmon-(id -u); end
  for dir in $root/*/; basename $dir; end
end

set -g __qmon_valued ${valued}

function __qmon_path
  set -l words (commandline -opc)
  set -l path .
  set -l skip 0
  for word in $words[2..-1]
    if test $skip = 1; set skip 0; continue; end
    if string match -q -- '-*' $word
      contains -- "$path=$word" $__qmon_valued; and set skip 1
    else if contains -- $word (string split ' ' -- (__qmon_children $path))
      if test $path = .; set path $word; else; set path "$path $word"; end
    else
      break
    end
  end
  echo $path
end

${lines.join('\n')}
set -g __qmon_qmp_commands ${shellQuote(qmpCommands.join(' '))}
`;
}

function fishArguments(kind: WordKind): string {
  switch (kind) {
    case 'vm':
      return " -f -a '(__qmon_vms)'";
    case 'target':
      return " -a '(__qmon_vms)'";
    case 'file':
      return ' -F';
    case 'qmp-command':
      return ' -f -a \'(string split " " -- $__qmon_qmp_commands)\'';
    default:
      return ' -f';
  }
}
