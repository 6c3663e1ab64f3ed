const NEWLINE = '\n';

/** One JSON message as the bytes QEMU expects: compact JSON and a newline. */
export function encodeMessage(message: unknown): Buffer {
  return encodeJson(JSON.stringify(message));
}

/** Compact JSON text as the bytes QEMU expects: followed by a newline. */
export function encodeJson(json: string): Buffer {
  return Buffer.from(json + NEWLINE, 'utf8');
}

/** The byte that makes QEMU's guest agent (and our decoder) drop any partial message. */
export const RESET_BYTE = Buffer.from([0xff]);
