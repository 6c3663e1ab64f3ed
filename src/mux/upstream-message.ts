/** What one message from QEMU is, found without parsing all of it. */
export type UpstreamMessage = UpstreamReply | { kind: 'event'; text: string } | UpstreamOther;

export interface UpstreamReply {
  kind: 'reply';
  id: number;
  isError: boolean;
  text: string;
  /** Where the digits of the id are. */
  digitsStart: number;
  digitsEnd: number;
  /** What to cut to drop the id member altogether. */
  cutStart: number;
  cutEnd: number;
}

export interface UpstreamOther {
  kind: 'other';
  text: string;
  value: unknown;
}

const TAIL = 96;
// The mux's ids are plain integers, so `"id": N` is the only form to look for.
const ID_LAST = /,\s*"id": (\d+)\s*\}$/;
const ID_FIRST = /^\{\s*"id": (\d+),\s*/;
const ERROR_FIRST = /^\{\s*(?:"id": \d+,\s*)?"error"/;
const ID_KEY = '"id": ';

/**
 * Classifies a raw message from QEMU. QEMU writes a reply's `id` last after a
 * `return` and first before an `error`; when the id sits where expected it is
 * found at the edge of the text, so a reply of any size is passed on without
 * being parsed. Anything else is parsed.
 */
export function classifyUpstream(text: string): UpstreamMessage {
  const head = text.slice(0, TAIL);
  if (/^\{\s*"timestamp"/.test(head)) return { kind: 'event', text };
  const first = ID_FIRST.exec(head);
  if (first) {
    const digitsStart = head.indexOf(ID_KEY) + ID_KEY.length;
    return {
      kind: 'reply',
      id: Number(first[1]),
      isError: ERROR_FIRST.test(head),
      text,
      digitsStart,
      digitsEnd: digitsStart + first[1]!.length,
      // Up to the next member, so the cut leaves `{"error": ...}`.
      cutStart: digitsStart - ID_KEY.length,
      cutEnd: first[0].length,
    };
  }
  const tailStart = Math.max(0, text.length - TAIL);
  const last = ID_LAST.exec(text.slice(tailStart));
  if (last) {
    const cutStart = tailStart + last.index;
    const digitsStart = cutStart + last[0].indexOf(ID_KEY) + ID_KEY.length;
    const digitsEnd = digitsStart + last[1]!.length;
    return {
      kind: 'reply',
      id: Number(last[1]),
      isError: ERROR_FIRST.test(head),
      text,
      digitsStart,
      digitsEnd,
      // From the comma before it, so the cut leaves `{"return": ...}`.
      cutStart,
      cutEnd: digitsEnd,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'other', text, value: undefined };
  }
  if (typeof value === 'object' && value !== null && 'event' in value)
    return { kind: 'event', text };
  return { kind: 'other', text, value };
}

/**
 * The reply as the client must see it: the mux's id replaced by the client's
 * (`idText`, already in QEMU's spelling) or, when the client sent none,
 * removed, which is how QEMU answers a command without an id.
 */
export function rewriteReplyId(reply: UpstreamReply, idText: string | undefined): string {
  const { text } = reply;
  if (idText === undefined) return text.slice(0, reply.cutStart) + text.slice(reply.cutEnd);
  return text.slice(0, reply.digitsStart) + idText + text.slice(reply.digitsEnd);
}
