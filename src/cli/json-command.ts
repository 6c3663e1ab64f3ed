import { parseJson as parseExactJson } from '../wire/exact-json.js';
import { UserError } from './errors.js';

export interface ParsedCommand {
  command: string;
  args: Record<string, unknown> | undefined;
}

/**
 * A command given as a whole JSON message (`{"execute": ..., "arguments": ...}`),
 * as a bare name, or as a name and one JSON object of arguments. Returns
 * undefined for any other shape (e.g. qmp-shell style `key=value` words).
 */
export function parseJsonCommand(words: readonly string[]): ParsedCommand | undefined {
  const [first, ...rest] = words;
  if (first === undefined) throw new UserError('no command given', 2);
  if (first.trimStart().startsWith('{')) {
    const message = parseJson(words.join(' '), 'the command') as {
      execute?: unknown;
      arguments?: unknown;
    };
    if (typeof message !== 'object' || message === null || typeof message.execute !== 'string')
      throw new UserError('the JSON command needs an "execute" member', 2);
    return { command: message.execute, args: objectOrUndefined(message.arguments, 'arguments') };
  }
  if (rest.length === 0) return { command: first, args: undefined };
  if (rest.length === 1 && rest[0]!.trimStart().startsWith('{')) {
    return { command: first, args: objectOrUndefined(parseJson(rest[0]!, 'the arguments'), '') };
  }
  return undefined;
}

/** JSON text given by the user, integers beyond 2^53 kept exact (as bigints). */
export function parseJson(text: string, what: string): unknown {
  try {
    return parseExactJson(text);
  } catch (error) {
    throw new UserError(`${what} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

function objectOrUndefined(value: unknown, member: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = member ? `"${member}"` : 'the arguments';
    throw new UserError(`${what} must be a JSON object`, 2);
  }
  return value as Record<string, unknown>;
}
