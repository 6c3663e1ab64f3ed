import { QmonError } from '../errors.js';

/** Why a stretch of bytes was not turned into a message. */
export type WireDecodeErrorReason = 'invalid-json' | 'garbage' | 'truncated' | 'too-large';

/**
 * Bytes the decoder could not turn into a JSON message. Decoding carries on at the
 * next message; this only reports what was dropped and where.
 */
export class WireDecodeError extends QmonError {
  constructor(
    readonly reason: WireDecodeErrorReason,
    /** Offset of the first dropped byte, counted from the start of the stream. */
    readonly offset: number,
    /** The first bytes that were dropped, made printable. */
    readonly excerpt: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('WIRE_DECODE', `${detail} at byte ${offset}${excerpt ? `: ${excerpt}` : ''}`, options);
  }
}

/** A message that grew past the decoder's size cap; it is skipped whole. */
export class MessageTooLargeError extends WireDecodeError {
  constructor(
    offset: number,
    excerpt: string,
    readonly maxMessageBytes: number,
  ) {
    super('too-large', offset, excerpt, `message larger than the ${maxMessageBytes}-byte cap`);
  }
}

const EXCERPT_BYTES = 48;

/** Up to 48 bytes of `bytes`, with control and non-ASCII bytes escaped. */
export function excerptOf(bytes: Uint8Array): string {
  let text = '';
  const end = Math.min(bytes.length, EXCERPT_BYTES);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    text +=
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return bytes.length > EXCERPT_BYTES ? `${text}…` : text;
}
