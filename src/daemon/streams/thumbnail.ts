/**
 * A small PNG of a screenshot for the VM list: decoded with fast-png (pure
 * JavaScript, typed, maintained; QEMU has no scaled screendump), scaled down
 * by averaging boxes of pixels, encoded with qmon's own PNG encoder.
 */
import { convertIndexedToRgb, decode } from 'fast-png';
import { encodePng } from '../../launch/png.js';

export const THUMBNAIL_MAX_WIDTH = 320;

export function thumbnail(png: Uint8Array, maxWidth = THUMBNAIL_MAX_WIDTH): Buffer {
  const image = decode(png);
  const { width, height } = image;
  const palette = image.palette;
  const data = palette ? convertIndexedToRgb(image) : image.data;
  const channels = palette ? (palette[0]?.length ?? 3) : image.channels;
  // 16-bit samples: keep the high byte.
  const shift = !palette && image.depth === 16 ? 8 : 0;
  const scale = Math.max(1, width / maxWidth);
  const outWidth = Math.max(1, Math.floor(width / scale));
  const outHeight = Math.max(1, Math.floor(height / scale));
  const rgb = new Uint8Array(outWidth * outHeight * 3);
  const colour = channels >= 3;
  for (let y = 0; y < outHeight; y++) {
    const y0 = Math.floor(y * scale);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * scale));
    for (let x = 0; x < outWidth; x++) {
      const x0 = Math.floor(x * scale);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * scale));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const at = (sy * width + sx) * channels;
          r += data[at]! >> shift;
          g += data[at + (colour ? 1 : 0)]! >> shift;
          b += data[at + (colour ? 2 : 0)]! >> shift;
        }
      }
      const count = (y1 - y0) * (x1 - x0);
      const out = (y * outWidth + x) * 3;
      rgb[out] = r / count;
      rgb[out + 1] = g / count;
      rgb[out + 2] = b / count;
    }
  }
  return encodePng({ width: outWidth, height: outHeight, rgb });
}
