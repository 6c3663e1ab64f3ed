import { parseJson } from '../wire/exact-json.js';
import { describeParseError, topLevelMembers, toStandardQuotes } from './json-text.js';
import { qemuIdText } from './qemu-json.js';

/** A well-formed command from a client. */
export interface QmpRequest {
  command: string;
  /** Sent as `exec-oob`. */
  oob: boolean;
  /** The `arguments` object exactly as the client wrote it (on one line), if any. */
  argsText: string | undefined;
  args: Record<string, unknown> | undefined;
  /** The id as QEMU would echo it back, or undefined when the command has none. */
  idText: string | undefined;
}

/** A message QEMU would answer with an error of class GenericError. */
export interface QmpRequestProblem {
  desc: string;
  /** The id to answer with, when the message had one QEMU would have read. */
  idText: string | undefined;
  /** QEMU runs `exec-oob`-shaped messages at once, so their errors are not queued behind in-band replies. */
  outOfBand: boolean;
}

export type ParsedRequest =
  | { ok: true; request: QmpRequest }
  | { ok: false; problem: QmpRequestProblem };

/**
 * Checks one framed message the way QEMU's dispatcher does
 * (qmp_dispatch_check_obj) and extracts what the mux needs, keeping the
 * arguments' text, so what the client wrote reaches QEMU unchanged (the
 * parsed `args`, for policies and replay, hold integers beyond 2^53 as bigints).
 */
export function parseRequest(raw: string, singleQuotes: boolean, allowOob: boolean): ParsedRequest {
  const text = singleQuotes || raw.includes("\\'") ? toStandardQuotes(raw) : raw;
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    return fail(describeParseError(text, error), undefined, false);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('QMP input must be a JSON object', undefined, false);

  const members = topLevelMembers(text);
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.key)) return fail('JSON parse error, duplicate key', undefined, false);
    seen.add(member.key);
  }
  const message = value as Record<string, unknown>;
  const outOfBand = 'exec-oob' in message && !('execute' in message);
  const idMember = members.find((member) => member.key === 'id');
  const idText = idMember ? qemuIdText(text.slice(idMember.start, idMember.end)) : undefined;

  let command: string | undefined;
  let argsText: string | undefined;
  for (const member of members) {
    const { key } = member;
    if (key === 'execute' || (key === 'exec-oob' && allowOob)) {
      if (typeof message[key] !== 'string')
        return fail(`QMP input member '${key}' must be a string`, idText, outOfBand);
      if (command !== undefined)
        return fail("QMP input member 'execute' clashes with 'exec-oob'", idText, outOfBand);
      command = message[key] as string;
    } else if (key === 'arguments') {
      const args = message.arguments;
      if (typeof args !== 'object' || args === null || Array.isArray(args))
        return fail("QMP input member 'arguments' must be an object", idText, outOfBand);
      argsText = oneLine(text.slice(member.start, member.end));
    } else if (key !== 'id') {
      return fail(`QMP input member '${key}' is unexpected`, idText, outOfBand);
    }
  }
  if (command === undefined) return fail("QMP input lacks member 'execute'", idText, outOfBand);
  return {
    ok: true,
    request: {
      command,
      oob: outOfBand,
      argsText,
      args: message.arguments as Record<string, unknown> | undefined,
      idText,
    },
  };
}

function fail(desc: string, idText: string | undefined, outOfBand: boolean): ParsedRequest {
  return { ok: false, problem: { desc, idText, outOfBand } };
}

/** Valid JSON never holds a raw line break inside a string, so they can all become blanks. */
function oneLine(text: string): string {
  return text.includes('\n') || text.includes('\r') ? text.replace(/[\r\n]/g, ' ') : text;
}
