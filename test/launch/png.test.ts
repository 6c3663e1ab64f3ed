import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { encodePng, parsePpm, pngSize } from '../../src/launch/index.js';

describe('PPM to PNG', () => {
  it('parses a P6 header with a comment and encodes a valid PNG', () => {
    const pixels = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9, 1, 2, 3, 4, 5, 6]);
    const ppm = Buffer.concat([Buffer.from('P6\n# made by a test\n3 2\n255\n'), pixels]);
    const image = parsePpm(ppm);
    assert.deepEqual([image.width, image.height], [3, 2]);
    assert.deepEqual(Buffer.from(image.rgb), pixels);
    const png = encodePng(image);
    assert.deepEqual(pngSize(png), { width: 3, height: 2 });
    // IHDR of 13 bytes; its CRC as zlib computes it for a 3x2 8-bit RGB header.
    assert.equal(png.readUInt32BE(8), 13);
    assert.equal(png.readUInt32BE(29), 0x1216f14d);
    const idatLength = png.readUInt32BE(33);
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    assert.deepEqual(
      raw,
      Buffer.concat([
        Buffer.from([0]),
        pixels.subarray(0, 9),
        Buffer.from([0]),
        pixels.subarray(9),
      ]),
    );
    assert.equal(png.toString('latin1', png.length - 8, png.length - 4), 'IEND');
  });

  it('rejects truncated or unsupported PPM', () => {
    assert.throws(() => parsePpm(Buffer.from('P6\n3 2\n255\n\x00')), /truncated/);
    assert.throws(() => parsePpm(Buffer.from('P3\n1 1\n255\n1 2 3')), /unsupported/);
    assert.throws(() => pngSize(Buffer.from('not a png at all, really not')), /not a PNG/);
  });
});
