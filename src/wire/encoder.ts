const NEWLINE = '\n';

/** One JSON message as the bytes QEMU expects: compact JSON and a newline. */
export function encodeMessage(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message) + NEWLINE, 'utf8');
}

/** The byte that makes QEMU's guest agent (and our decoder) drop any partial message. */
export const RESET_BYTE = Buffer.from([0xff]);
