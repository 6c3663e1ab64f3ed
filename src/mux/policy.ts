/** What clients of one listener may run. */
export interface ListenerPolicy {
  /** Only commands that change nothing: `query-*`, `qom-get`, `info ...` and the like. */
  readOnly?: boolean;
  /** Commands refused, by name; a trailing `*` matches a prefix (`migrate*`). HMP listeners match the command word. */
  deny?: readonly string[];
  /** When set, only these commands run (same patterns as `deny`). */
  allow?: readonly string[];
  /** Let clients stop QEMU with `quit` (QMP or HMP). Off by default: one client would end the VM for all. */
  allowQuit?: boolean;
}

/** QMP commands that change nothing, beyond every `query-*` and `x-query-*`. */
const READ_ONLY_QMP = new Set([
  'qom-get',
  'qom-list',
  'qom-list-types',
  'qom-list-properties',
  'device-list-properties',
  'trace-event-get-state',
  'x-qmon-mux-stats',
]);

/** HMP commands that change nothing. */
const READ_ONLY_HMP = new Set(['info', 'help', '?']);
const QUIT_HMP = new Set(['quit', 'q']);

function matches(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name,
  );
}

/** Why `command` is refused on a listener with this policy, or undefined when it may run. */
export function refuseQmp(
  policy: ListenerPolicy,
  command: string,
  args: unknown,
): string | undefined {
  if (command === 'quit' && !policy.allowQuit) return 'allowQuit is off';
  if (policy.allow && !matches(policy.allow, command)) return 'not in the allow-list';
  if (policy.deny && matches(policy.deny, command)) return 'in the deny-list';
  if (command === 'human-monitor-command') {
    const line = (args as { 'command-line'?: unknown } | undefined)?.['command-line'];
    return typeof line === 'string' ? refuseHmp(policy, line, false) : undefined;
  }
  if (policy.readOnly && !isReadOnlyQmp(command)) return 'read-only';
  return undefined;
}

/**
 * Why an HMP command line is refused, or undefined. `ownListener` is false when
 * the line came through QMP's `human-monitor-command`: the allow-list then names
 * QMP commands and was applied to that; the deny-list still applies to the HMP
 * command word, so denying `stop` also denies HMP's `stop`.
 */
export function refuseHmp(
  policy: ListenerPolicy,
  line: string,
  ownListener = true,
): string | undefined {
  const word = hmpCommandWord(line);
  if (QUIT_HMP.has(word) && !policy.allowQuit) return 'allowQuit is off';
  if (ownListener && policy.allow && !matches(policy.allow, word)) return 'not in the allow-list';
  if (policy.deny && matches(policy.deny, word)) return 'in the deny-list';
  if (policy.readOnly && !READ_ONLY_HMP.has(word)) return 'read-only';
  return undefined;
}

export function isReadOnlyQmp(command: string): boolean {
  return (
    command.startsWith('query-') || command.startsWith('x-query-') || READ_ONLY_QMP.has(command)
  );
}

/** The command word of an HMP line: `info` in `info status`. */
export function hmpCommandWord(line: string): string {
  return /^\s*(\S*)/.exec(line)![1]!;
}
