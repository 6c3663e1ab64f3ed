/** QEMU's JSON streamer limits (qobject/json-streamer.c), shared by QMP and the guest agent. */
export const QEMU_MAX_NESTING = 1024;
export const QEMU_MAX_TOKEN_COUNT = 2 * 1024 * 1024;
export const QEMU_MAX_TOKEN_BYTES = 64 * 1024 * 1024;

/**
 * Why QEMU's JSON streamer would refuse this compact JSON text (as
 * `JSON.stringify` writes it), in QEMU's own words, or `undefined`.
 *
 * This matters more than the one error QEMU answers: the streamer then starts
 * over in the middle of the message and answers every remaining token with an
 * error of its own, hundreds of replies that belong to no request.
 */
export function qemuJsonLimitExceeded(json: string): string | undefined {
  // Each token is at least one character: short texts cannot reach any limit.
  if (json.length <= QEMU_MAX_NESTING) return undefined;
  if (Buffer.byteLength(json) >= QEMU_MAX_TOKEN_BYTES) return 'JSON token size limit exceeded';
  let depth = 0;
  let tokens = 0;
  let inScalar = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    switch (c) {
      case 0x22: // a string: skip to its closing quote
        for (i++; i < json.length && json.charCodeAt(i) !== 0x22; i++) {
          if (json.charCodeAt(i) === 0x5c) i++;
        }
        tokens++;
        inScalar = false;
        break;
      case 0x7b:
      case 0x5b:
        if (++depth > QEMU_MAX_NESTING) return 'JSON nesting depth limit exceeded';
        tokens++;
        inScalar = false;
        break;
      case 0x7d:
      case 0x5d:
        depth--;
        tokens++;
        inScalar = false;
        break;
      case 0x3a:
      case 0x2c:
        tokens++;
        inScalar = false;
        break;
      default: // a number, true, false or null
        if (!inScalar) tokens++;
        inScalar = true;
    }
    if (tokens >= QEMU_MAX_TOKEN_COUNT) return 'JSON token count limit exceeded';
  }
  return undefined;
}
