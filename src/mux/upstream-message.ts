import { parseJson } from '../wire/exact-json.js';

/** What one message from QEMU is, found without parsing all of it. */
export type UpstreamMessage = UpstreamReply | { kind: 'event'; text: string } | UpstreamOther;

/**
 * A reply. In-band commands go to QEMU without an id (QEMU answers them in
 * order), so their replies have none; `exec-oob` commands carry the mux's
 * integer id, found at the edge of the text where QEMU writes it.
 */
export interface UpstreamReply {
  kind: 'reply';
  /** The mux's id, for replies to `exec-oob` commands. */
  id: number | undefined;
  isError: boolean;
  text: string;
  /** Where the digits of the id are, and what to cut to drop the id member. */
  digitsStart: number;
  digitsEnd: number;
  cutStart: number;
  cutEnd: number;
}

export interface UpstreamOther {
  kind: 'other';
  text: string;
  value: unknown;
}

const HEAD = 96;
const ID_LAST = /,\s*"id": (\d+)\s*\}$/;
const ID_FIRST = /^\{\s*"id": (\d+),\s*/;
const ID_KEY = '"id": ';

/**
 * Classifies a raw message from QEMU. QEMU writes a reply's `id` last after a
 * `return` and first before an `error`, so a reply of any size is recognised
 * and passed on without being parsed. Anything else is parsed.
 */
export function classifyUpstream(text: string): UpstreamMessage {
  const head = text.slice(0, HEAD);
  if (/^\{\s*"timestamp"/.test(head)) return { kind: 'event', text };
  const first = ID_FIRST.exec(head);
  if (first) {
    const digitsStart = head.indexOf(ID_KEY) + ID_KEY.length;
    return {
      kind: 'reply',
      id: Number(first[1]),
      isError: /^\{\s*"id": \d+,\s*"error"/.test(head),
      text,
      digitsStart,
      digitsEnd: digitsStart + first[1]!.length,
      // Up to the next member, so the cut leaves `{"error": ...}`.
      cutStart: digitsStart - ID_KEY.length,
      cutEnd: first[0].length,
    };
  }
  const isReturn = /^\{\s*"return"/.test(head);
  if (isReturn || /^\{\s*"error"/.test(head)) {
    const tailStart = Math.max(0, text.length - HEAD);
    const last = isReturn ? ID_LAST.exec(text.slice(tailStart)) : null;
    if (!last)
      return {
        kind: 'reply',
        id: undefined,
        isError: !isReturn,
        text,
        digitsStart: 0,
        digitsEnd: 0,
        cutStart: 0,
        cutEnd: 0,
      };
    const cutStart = tailStart + last.index;
    const digitsStart = cutStart + last[0].indexOf(ID_KEY) + ID_KEY.length;
    const digitsEnd = digitsStart + last[1]!.length;
    // From the comma before it, so the cut leaves `{"return": ...}`.
    return {
      kind: 'reply',
      id: Number(last[1]),
      isError: false,
      text,
      digitsStart,
      digitsEnd,
      cutStart,
      cutEnd: digitsEnd,
    };
  }
  let value: unknown;
  try {
    value = parseJson(text);
  } catch {
    return { kind: 'other', text, value: undefined };
  }
  if (typeof value === 'object' && value !== null && 'event' in value)
    return { kind: 'event', text };
  return { kind: 'other', text, value };
}

/**
 * The reply as the client must see it, carrying the client's id (`idText`,
 * already in QEMU's spelling) where QEMU puts it, or none when the client sent
 * none, which is how QEMU answers a command without an id.
 */
export function rewriteReplyId(reply: UpstreamReply, idText: string | undefined): string {
  const { text } = reply;
  if (reply.id !== undefined) {
    if (idText === undefined) return text.slice(0, reply.cutStart) + text.slice(reply.cutEnd);
    return text.slice(0, reply.digitsStart) + idText + text.slice(reply.digitsEnd);
  }
  if (idText === undefined) return text;
  const pretty = text.charCodeAt(1) === 0x0d || text.charCodeAt(1) === 0x0a;
  if (reply.isError) {
    return pretty
      ? `{\r\n    "id": ${idText},${text.slice(1)}`
      : `{"id": ${idText}, ${text.slice(1)}`;
  }
  const close = pretty ? text.lastIndexOf('\r\n}') : text.length - 1;
  const member = pretty ? `,\r\n    "id": ${idText}` : `, "id": ${idText}`;
  return text.slice(0, close) + member + text.slice(close);
}
