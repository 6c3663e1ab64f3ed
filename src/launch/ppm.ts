import type { RgbImage } from './png.js';

/** Parses a binary PPM (`P6`, maxval 255), the format QEMU's screendump writes by default. */
export function parsePpm(bytes: Uint8Array): RgbImage {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (at < data.length && /\s/.test(String.fromCharCode(data[at]!))) at++;
    if (data[at] === 0x23) {
      while (at < data.length && data[at] !== 0x0a) at++;
      continue;
    }
    const start = at;
    while (at < data.length && !/\s/.test(String.fromCharCode(data[at]!))) at++;
    if (start === at) throw new RangeError('truncated PPM header');
    fields.push(data.toString('latin1', start, at));
  }
  const [magic, w, h, max] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P6' || max !== '255' || !(width > 0) || !(height > 0)) {
    throw new RangeError(`unsupported PPM header: ${fields.join(' ')}`);
  }
  const rgb = data.subarray(at + 1, at + 1 + width * height * 3);
  if (rgb.length !== width * height * 3) throw new RangeError('truncated PPM pixel data');
  return { width, height, rgb };
}
