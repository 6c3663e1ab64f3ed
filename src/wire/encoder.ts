import { stringifyJson } from './exact-json.js';

const NEWLINE = '\n';

/** Compact JSON text as the line QEMU expects: the text and a newline. */
export function lineOf(json: string): string {
  return json + NEWLINE;
}

/** One JSON message as the bytes QEMU expects: compact JSON (bigints as integers) and a newline. */
export function encodeMessage(message: unknown): Buffer {
  return Buffer.from(lineOf(stringifyJson(message)!), 'utf8');
}

/** The byte that makes QEMU's guest agent (and our decoder) drop any partial message. */
export const RESET_BYTE = Buffer.from([0xff]);
