import type { CompletionNode } from './verb-tree.js';

/** A word safe inside single quotes in any POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The bash completion script (zsh runs it through bashcompinit). The verb
 * table is written into it as data; VM names come from the runtime folder
 * each time, found as qmon finds it.
 */
export function bashScript(
  nodes: readonly CompletionNode[],
  qmpCommands: readonly string[],
): string {
  const table = (name: string, value: (node: CompletionNode) => string) =>
    `${name}=(\n${nodes.map((node) => `  [${shellQuote(node.path || '.')}]=${shellQuote(value(node))}`).join('\n')}\n)`;
  return `# qmon completion for bash: eval "$(qmon completion bash)", or save it as
# /etc/bash_completion.d/qmon. Generated from qmon's verb table.
declare -gA _qmon_children _qmon_flags _qmon_valued _qmon_positionals _qmon_rest
${table('_qmon_children', (node) => node.children.join(' '))}
${table('_qmon_flags', (node) => node.flags.join(' '))}
${table('_qmon_valued', (node) => node.valued.map(({ flag, kind }) => `${flag}=${kind}`).join(' '))}
${table('_qmon_positionals', (node) => node.positionals.join(' '))}
${table('_qmon_rest', (node) => node.rest)}
_qmon_qmp_commands=${shellQuote(qmpCommands.join(' '))}

_qmon_vms() {
  local root=\${QMON_RUNTIME_DIR:-}
  if [[ -z $root && -n \${XDG_RUNTIME_DIR:-} ]]; then root=$XDG_RUNTIME_DIR/qmon; fi
  if [[ -z $root ]]; then local tmp=\${TMPDIR:-/tmp}; root=\${tmp%/}/qmon-$(id -u); fi
  local dir
  for dir in "$root"/*/; do [[ -d $dir ]] && basename "$dir"; done
}

_qmon_complete_kind() {
  local kind=$1 cur=$2
  case $kind in
    vm) COMPREPLY+=($(compgen -W "$(_qmon_vms)" -- "$cur")) ;;
    target) COMPREPLY+=($(compgen -W "$(_qmon_vms)" -- "$cur") $(compgen -f -- "$cur")) ;;
    file) COMPREPLY+=($(compgen -f -- "$cur")) ;;
    qmp-command) COMPREPLY+=($(compgen -W "$_qmon_qmp_commands" -- "$cur")) ;;
  esac
}

_qmon_value_kind() {
  local entry
  for entry in \${_qmon_valued[$1]}; do
    if [[ \${entry%%=*} == "$2" ]]; then echo "\${entry#*=}"; return 0; fi
  done
  return 1
}

_qmon() {
  local cur=\${COMP_WORDS[COMP_CWORD]} path=. word kind i=1 count=0
  COMPREPLY=()
  while (( i < COMP_CWORD )); do
    word=\${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      _qmon_value_kind "$path" "$word" >/dev/null && (( i++ ))
    elif (( count == 0 )) && [[ " \${_qmon_children[$path]} " == *" $word "* ]]; then
      if [[ $path == . ]]; then path=$word; else path="$path $word"; fi
    else
      (( count++ ))
    fi
    (( i++ ))
  done
  if (( COMP_CWORD > 1 )) && kind=$(_qmon_value_kind "$path" "\${COMP_WORDS[COMP_CWORD-1]}"); then
    _qmon_complete_kind "$kind" "$cur"
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "\${_qmon_flags[$path]}" -- "$cur"))
    return
  fi
  if (( count == 0 )); then COMPREPLY=($(compgen -W "\${_qmon_children[$path]}" -- "$cur")); fi
  local positionals=(\${_qmon_positionals[$path]})
  if (( count < \${#positionals[@]} )); then kind=\${positionals[count]}; else kind=\${_qmon_rest[$path]}; fi
  _qmon_complete_kind "$kind" "$cur"
}
complete -o filenames -F _qmon qmon
`;
}

/** The same script for zsh, through its bash compatibility (bashcompinit). */
export function zshScript(
  nodes: readonly CompletionNode[],
  qmpCommands: readonly string[],
): string {
  return `# qmon completion for zsh: eval "$(qmon completion zsh)" in ~/.zshrc.
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(nodes, qmpCommands).replace(/^# qmon completion for bash.*\n.*\n/, '')}`;
}
