export { encodeMessage, RESET_BYTE } from './encoder.js';
export type { WireDecodeErrorReason } from './errors.js';
export { excerptOf, MessageTooLargeError, WireDecodeError } from './errors.js';
export type { JsonStreamDecoderOptions } from './json-stream-decoder.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  JsonStreamDecoder,
} from './json-stream-decoder.js';
