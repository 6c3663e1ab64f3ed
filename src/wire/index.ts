export { encodeMessage, lineOf, RESET_BYTE } from './encoder.js';
export type { WireDecodeErrorReason } from './errors.js';
export { excerptOf, MessageTooLargeError, WireDecodeError } from './errors.js';
export { hasLongDigitRun, parseJson, stringifyJson } from './exact-json.js';
export type { JsonStreamDecoderOptions } from './json-stream-decoder.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  JsonStreamDecoder,
} from './json-stream-decoder.js';
export {
  QEMU_MAX_NESTING,
  QEMU_MAX_TOKEN_BYTES,
  QEMU_MAX_TOKEN_COUNT,
  qemuJsonLimitExceeded,
} from './qemu-json-limits.js';
