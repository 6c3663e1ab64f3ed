import { type HmpCommandName, hmpAliases, parseHmpCommandName } from '../hmp/command-line.js';
import { InvalidOptionError } from './errors.js';
import {
  HOST_ACCESS_COMMANDS,
  isPolicyGroup,
  isReadOnlyHmp,
  isReadOnlyQmp,
  POLICY_GROUPS,
} from './policy-groups.js';

/** What clients of one listener may run. */
export interface ListenerPolicy {
  /** Only commands that change nothing: `query-*`, `qom-get`, `info ...` and the like. */
  readOnly?: boolean;
  /**
   * Commands refused: a QMP or HMP name (an HMP alias stands for its command:
   * `s` is `stop`), a prefix (`migrate*`), `info NAME` for one `info` sub-command,
   * or a group (`@host-access`, `@read-only`).
   */
  deny?: readonly string[];
  /** When set, only these commands run (same patterns as `deny`). */
  allow?: readonly string[];
  /** Let clients stop QEMU with `quit` (QMP or HMP). Off by default: one client would end the VM for all. */
  allowQuit?: boolean;
}

/** Why a command was refused, and how to name it in the error. */
export interface Refusal {
  /** The command as judged: `stop`, `info status`, `stop (typed as 's')`. */
  command: string;
  /** `read-only`, `in the deny-list`, `not in the allow-list`, `allowQuit is off`, `unknown command`. */
  reason: string;
}

type Target =
  | { protocol: 'qmp'; name: string }
  | { protocol: 'hmp'; parsed: Extract<HmpCommandName, { kind: 'command' | 'unknown' }> };

/** Throws InvalidOptionError when a pattern names no group or is empty. */
export function checkPolicy(policy: ListenerPolicy, listener: string): void {
  for (const pattern of [...(policy.deny ?? []), ...(policy.allow ?? [])]) {
    if (pattern.trim() === '')
      throw new InvalidOptionError(`${listener}: an empty command pattern in allow or deny`);
    if (pattern.startsWith('@') && !isPolicyGroup(pattern.slice(1)))
      throw new InvalidOptionError(
        `${listener}: unknown command group ${pattern} (groups: ${Object.keys(POLICY_GROUPS)
          .map((group) => `@${group}`)
          .join(', ')})`,
      );
  }
}

/**
 * Why a QMP command is refused, or undefined when it may run. The command line
 * of `human-monitor-command` is judged as an HMP listener judges a line, so one
 * policy holds whichever way a command arrives.
 */
export function refuseQmp(
  policy: ListenerPolicy,
  command: string,
  args: unknown,
): Refusal | undefined {
  // The common case (every command of an unrestricted listener) decides at once.
  if (!isRestricted(policy) && command !== 'human-monitor-command')
    return command === 'quit' && !policy.allowQuit
      ? { command, reason: 'allowQuit is off' }
      : undefined;
  if (command === 'human-monitor-command') {
    if (policy.deny && matchesAny(policy.deny, { protocol: 'qmp', name: command }))
      return { command, reason: 'in the deny-list' };
    const line = (args as { 'command-line'?: unknown } | undefined)?.['command-line'];
    // Anything else QEMU refuses itself, running nothing.
    return typeof line === 'string' ? refuseHmp(policy, line) : undefined;
  }
  return judge(policy, { protocol: 'qmp', name: command }, command);
}

/** Why an HMP command line is refused, or undefined when it may run. */
export function refuseHmp(policy: ListenerPolicy, line: string): Refusal | undefined {
  const parsed = parseHmpCommandName(line);
  if (parsed.kind === 'blank') return undefined;
  return judge(policy, { protocol: 'hmp', parsed }, describeHmp(parsed));
}

function judge(policy: ListenerPolicy, target: Target, command: string): Refusal | undefined {
  const refuse = (reason: string) => ({ command, reason });
  const name = target.protocol === 'qmp' ? target.name : canonical(target);
  if (name === 'quit' && !policy.allowQuit) return refuse('allowQuit is off');
  // A name QEMU's table does not know runs nothing on 7.2, but may be a command
  // of another QEMU: a restricted listener cannot judge it, so it refuses it.
  if (isRestricted(policy) && target.protocol === 'hmp' && isUnknown(target))
    return refuse('unknown command');
  if (policy.allow && !matchesAny(policy.allow, target)) return refuse('not in the allow-list');
  if (policy.deny && matchesAny(policy.deny, target)) return refuse('in the deny-list');
  if (policy.readOnly && !isReadOnly(target)) return refuse('read-only');
  return undefined;
}

/** Anything beyond `allowQuit`: read-only, a deny-list with entries, or an allow-list (even empty). */
function isRestricted(policy: ListenerPolicy): boolean {
  return policy.readOnly === true || (policy.deny?.length ?? 0) > 0 || policy.allow !== undefined;
}

function canonical(target: Extract<Target, { protocol: 'hmp' }>): string {
  return target.parsed.kind === 'command' ? target.parsed.name : target.parsed.word;
}

function isUnknown(target: Extract<Target, { protocol: 'hmp' }>): boolean {
  return target.parsed.kind === 'unknown' || target.parsed.sub?.unknown === true;
}

function isReadOnly(target: Target): boolean {
  return target.protocol === 'qmp' ? isReadOnlyQmp(target.name) : isReadOnlyHmp(canonical(target));
}

function matchesAny(patterns: readonly string[], target: Target): boolean {
  return patterns.some((pattern) => matches(pattern, target));
}

function matches(pattern: string, target: Target): boolean {
  if (pattern.startsWith('@')) {
    const group = pattern.slice(1);
    if (group === 'read-only') return isReadOnly(target);
    if (group === 'host-access')
      return HOST_ACCESS_COMMANDS.has(target.protocol === 'qmp' ? target.name : canonical(target));
    return false;
  }
  const names =
    target.protocol === 'qmp'
      ? [target.name]
      : target.parsed.kind === 'command'
        ? target.parsed.aliases
        : [target.parsed.word];
  const space = pattern.indexOf(' ');
  if (space > 0) {
    // `info status`: one sub-command of `info`.
    const sub = target.protocol === 'hmp' && target.parsed.kind === 'command' && target.parsed.sub;
    return (
      names.includes(pattern.slice(0, space)) &&
      !!sub &&
      sub.aliases.some((alias) => matchName(pattern.slice(space + 1).trim(), alias))
    );
  }
  if (pattern.endsWith('*')) return names.some((name) => matchName(pattern, name));
  // An HMP alias stands for its command, in both protocols: `s` is `stop`, `q` is `quit`.
  const spelled = hmpAliases(pattern) ?? [pattern];
  return names.some((name) => spelled.includes(name));
}

function matchName(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function describeHmp(parsed: Extract<HmpCommandName, { kind: 'command' | 'unknown' }>): string {
  if (parsed.kind === 'unknown') return parsed.word;
  const sub = parsed.sub && (parsed.sub.unknown ? `'${parsed.sub.name}'` : parsed.sub.name);
  const name = sub ? `${parsed.name} ${sub}` : parsed.name;
  return parsed.word === parsed.name ? name : `${name} (typed as '${parsed.word}')`;
}
