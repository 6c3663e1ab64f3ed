import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  JsonStreamDecoder,
  MessageTooLargeError,
  parseJson,
  stringifyJson,
  type WireDecodeError,
} from '../../src/wire/index.js';

type Seen =
  | { kind: 'value'; value: unknown }
  | { kind: 'reset' }
  | { kind: 'error'; reason: string; offset: number };

function decode(chunks: Uint8Array[], maxMessageBytes?: number): Seen[] {
  const seen: Seen[] = [];
  const decoder = new JsonStreamDecoder({
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
    onValue: (value) => seen.push({ kind: 'value', value }),
    onReset: () => seen.push({ kind: 'reset' }),
    onError: (e: WireDecodeError) =>
      seen.push({ kind: 'error', reason: e.reason, offset: e.offset }),
  });
  for (const chunk of chunks) decoder.push(chunk);
  return seen;
}

/**
 * Feeds `bytes` split at every single position and every pair of positions.
 * Past 8 KiB (a captured schema) splitting everywhere would take minutes, so
 * single splits are taken at every position within 16 bytes of a newline or
 * 0xFF (where messages meet) and every 4093rd elsewhere.
 */
function assertEverySplit(bytes: Buffer, expected: Seen[], maxMessageBytes?: number): void {
  assert.deepEqual(decode([bytes], maxMessageBytes), expected, 'whole');
  const n = bytes.length;
  for (const i of splitPositions(bytes)) {
    const once = decode([bytes.subarray(0, i), bytes.subarray(i)], maxMessageBytes);
    assert.deepEqual(once, expected, `split at ${i}`);
    for (let j = i; j <= n && n <= 400; j += n > 200 ? 7 : 1) {
      const twice = decode(
        [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)],
        maxMessageBytes,
      );
      assert.deepEqual(twice, expected, `split at ${i} and ${j}`);
    }
  }
  const ones = Array.from({ length: n }, (_, i) => bytes.subarray(i, i + 1));
  assert.deepEqual(decode(ones, maxMessageBytes), expected, 'one byte per chunk');
}

function splitPositions(bytes: Buffer): Iterable<number> {
  const n = bytes.length;
  if (n <= 8192) return Array.from({ length: n + 1 }, (_, i) => i);
  const positions = new Set<number>([0, n]);
  for (let i = 0; i <= n; i += 4093) positions.add(i);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== 0x0a && bytes[i] !== 0xff) continue;
    for (let k = Math.max(0, i - 16); k <= Math.min(n, i + 17); k++) positions.add(k);
  }
  return [...positions].sort((a, b) => a - b);
}

const value = (v: unknown): Seen => ({ kind: 'value', value: v });

describe('JsonStreamDecoder', () => {
  it('decodes QMP lines with CRLF, many per chunk', () => {
    const greeting = {
      QMP: {
        version: { qemu: { micro: 22, minor: 2, major: 7 }, package: '' },
        capabilities: ['oob'],
      },
    };
    const event = { timestamp: { seconds: 1, microseconds: 2 }, event: 'STOP' };
    const bytes = Buffer.from(
      `${JSON.stringify(greeting)}\r\n{"return": {}, "id": 1}\r\n${JSON.stringify(event)}\r\n`,
    );
    assertEverySplit(bytes, [value(greeting), value({ return: {}, id: 1 }), value(event)]);
  });

  it('decodes pretty=on objects that span many lines, with whitespace between messages', () => {
    const reply = {
      return: { status: 'running', running: true, list: [{ a: 1 }, { b: [2, 3] }] },
      id: 'x',
    };
    const pretty = JSON.stringify(reply, null, 4);
    const bytes = Buffer.from(`\n  ${pretty}\n\n\t${pretty}\r\n   `);
    assertEverySplit(bytes, [value(reply), value(reply)]);
  });

  it('keeps multi-byte UTF-8 and escapes intact however they are split', () => {
    const reply = { return: 'é ü 漢字 😀 \u0001 "quoted" back\\slash \\" }{][', id: 1 };
    const bytes = Buffer.from(`${JSON.stringify(reply)}\n{"return": "\\u00e9\\ud83d\\ude00"}\n`);
    assertEverySplit(bytes, [value(reply), value({ return: 'é😀' })]);
  });

  it('finds the end of long strings, with escapes, newlines and resets past their first 64 bytes', () => {
    const long = 'b'.repeat(100);
    const reply = { return: `${long}"${long}\\${long}é${long}`, id: 1 };
    const bytes = Buffer.concat([
      Buffer.from(`${JSON.stringify(reply)}\n{"desc": "${long}\n{"return": 2}\n{"x": "${long}`),
      Buffer.from([0xff]),
      Buffer.from('{"return": 3}\n'),
    ]);
    assertEverySplit(bytes, [
      value(reply),
      { kind: 'error', reason: 'truncated', offset: Buffer.byteLength(JSON.stringify(reply)) + 1 },
      value({ return: 2 }),
      { kind: 'reset' },
      value({ return: 3 }),
    ]);
  });

  it('drops the partial message at a 0xFF byte and reports the reset', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"return": {"half'),
      Buffer.from([0xff]),
      Buffer.from('{"return": 42, "id": "sync"}\n'),
      Buffer.from([0xff]),
      Buffer.from('{"a": 1}'),
    ]);
    assertEverySplit(bytes, [
      { kind: 'reset' },
      value({ return: 42, id: 'sync' }),
      { kind: 'reset' },
      value({ a: 1 }),
    ]);
  });

  it('reports garbage with its offset and resumes at the next message', () => {
    const bytes = Buffer.from('hello there\n{"return": 1}\n  oops {"x"}\n{"return": 2}\n');
    assertEverySplit(bytes, [
      { kind: 'error', reason: 'garbage', offset: 0 },
      value({ return: 1 }),
      { kind: 'error', reason: 'garbage', offset: 28 },
      value({ return: 2 }),
    ]);
  });

  it('reports invalid JSON inside a balanced message and resumes after it', () => {
    const bytes = Buffer.from('{"return": tru}\n{"a": 1,}\n{"return": 3}\n');
    assertEverySplit(bytes, [
      { kind: 'error', reason: 'invalid-json', offset: 0 },
      { kind: 'error', reason: 'invalid-json', offset: 16 },
      value({ return: 3 }),
    ]);
  });

  it('recovers from a message cut short by a new line', () => {
    const bytes = Buffer.from(
      '{"return": {"a": [1, 2\n{"return": 4}\n{"desc": "cut \\\n{"return": 5}\n',
    );
    assertEverySplit(bytes, [
      { kind: 'error', reason: 'truncated', offset: 0 },
      value({ return: 4 }),
      { kind: 'error', reason: 'truncated', offset: 37 },
      value({ return: 5 }),
    ]);
  });

  it('skips a message over the size cap whole, naming the cap, and goes on', () => {
    const big = JSON.stringify({ return: 'x'.repeat(200) });
    const bytes = Buffer.from(`{"return": 1}\n${big}\n{"return": 2}\n`);
    assertEverySplit(
      bytes,
      [
        value({ return: 1 }),
        { kind: 'error', reason: 'too-large', offset: 14 },
        value({ return: 2 }),
      ],
      100,
    );
    const errors: WireDecodeError[] = [];
    new JsonStreamDecoder({
      maxMessageBytes: 100,
      onValue: () => {},
      onError: (e) => errors.push(e),
    }).push(Buffer.from(big));
    assert.ok(errors[0] instanceof MessageTooLargeError);
    assert.equal(errors[0].maxMessageBytes, 100);
    assert.match(errors[0].message, /100-byte cap/);
  });

  it('gives a short printable excerpt of the dropped bytes', () => {
    const errors: WireDecodeError[] = [];
    const decoder = new JsonStreamDecoder({ onValue: () => {}, onError: (e) => errors.push(e) });
    decoder.push(Buffer.from(`\u0007bad ${'y'.repeat(100)}\n`));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.excerpt, `\\x07bad ${'y'.repeat(43)}…`);
  });

  it('decodes a 20 MB message', () => {
    const reply = { return: 'z'.repeat(20 * 1024 * 1024), id: 7 };
    const bytes = Buffer.from(`${JSON.stringify(reply)}\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
    const seen = decode(chunks);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], value(reply));
  });
});

describe('JsonStreamDecoder properties', () => {
  const message = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
    maxKeys: 5,
  });
  const garbage = fc
    .string({
      minLength: 1,
      maxLength: 30,
      unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '{', '}', '[', ']', ':', ',', 'é', '\r'),
    })
    .filter((g) => g.trim() !== '');

  it('decodes every message in order under random splits, formats and garbage lines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(message, fc.boolean(), fc.option(garbage, { nil: undefined })), {
          maxLength: 8,
        }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\n', '\r\n'),
        (messages, cuts, eol) => {
          const text = messages
            .map(
              ([m, pretty, junk]) =>
                `${junk === undefined ? '' : junk + eol}${JSON.stringify(m, null, pretty ? 4 : undefined)}${eol}`,
            )
            .join('');
          const bytes = Buffer.from(text);
          const chunks: Buffer[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = cuts[k % cuts.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const values = decode(chunks).flatMap((s) => (s.kind === 'value' ? [s.value] : []));
          // Garbage that happens to be valid JSON may decode too; every real message must come out, in order.
          let next = 0;
          for (const v of values)
            if (
              next < messages.length &&
              isDeepEqual(v, parseJson(JSON.stringify(messages[next]![0])))
            )
              next++;
          assert.equal(
            next,
            messages.length,
            `decoded ${stringifyJson(values)} from ${JSON.stringify(text)}`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes long lines read in big chunks (found by memchr) exactly as byte by byte', () => {
    const filler = (n: number) => 'x'.repeat(n);
    const big = (tag: number) => JSON.stringify({ return: { tag, text: filler(9000) } });
    const pieces = fc.constantFrom<() => string | Buffer>(
      () => `${big(1)}\r\n`,
      () => `${big(2)} {"also": 2}\n`, // two messages on one long line
      () => `${big(3).slice(0, 7000)}\n`, // cut short, then a new line
      () => `${big(4).slice(0, -1)}}}\n`, // ends like JSON, is not
      () =>
        Buffer.concat([
          Buffer.from(`{"return": "${filler(6000)}`),
          Buffer.from([0xff]), // inside a long line: it must still reset
          Buffer.from(`${filler(6000)}"}\n`),
        ]),
      () => `{\n    "return": "${filler(6000)}"\n}\n`, // pretty=on
      () => `garbage ${filler(5000)}\n`,
      () => '{"small": true}\n',
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(pieces, fc.boolean()), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 12_000 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1_000, max: 100_000 }),
        (parts, cuts, cap) => {
          const bytes = Buffer.concat(
            parts.map(([piece, reset]) =>
              Buffer.concat([Buffer.from(piece()), Buffer.from(reset ? [0xff] : [])]),
            ),
          );
          const chunks: Buffer[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = cuts[k % cuts.length]!;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const ones = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
          // Values and resets must match exactly. Errors are left out: a message both
          // over the cap and cut short (by a newline or a 0xFF) may be reported
          // either way, depending on where the chunks end.
          const outline = (seen: Seen[]) => seen.filter((x) => x.kind !== 'error');
          assert.deepEqual(outline(decode(chunks, cap)), outline(decode(ones, cap)));
          if (cap > 20_000) {
            const offsets = (seen: Seen[]) =>
              seen.flatMap((x) => (x.kind === 'error' ? [x.offset] : []));
            assert.deepEqual(offsets(decode(chunks, cap)), offsets(decode(ones, cap)));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('decodes a one-line chunk (taken whole) exactly as it decodes the same bytes one at a time', () => {
    const tricky = [
      '{"return": {"status": "running"}}\r\n',
      '{"return": tru}\n',
      '{"a": 1} {"b": 2}\n',
      '{"a": 1} trailing words\n',
      '{"a": "raw\ttab"}\n',
      '{"a": 1}}\n',
    ].map((text) => Buffer.from(text));
    tricky.push(Buffer.concat([Buffer.from('{"a": "x'), Buffer.from([0xff]), Buffer.from('"}\n')]));
    const oneAtATime = (bytes: Buffer) =>
      decode(Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)));
    for (const bytes of tricky) assert.deepEqual(decode([bytes]), oneAtATime(bytes), String(bytes));
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (json, tail) => {
        const bytes = Buffer.from(`{"v": ${JSON.stringify(json)}}${tail.replace(/\n/g, '')}\n`);
        assert.deepEqual(decode([bytes]), oneAtATime(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never stalls on random bytes, and recovers at the next line', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.integer({ min: 1, max: 17 }),
        (noise, size) => {
          const bytes = Buffer.concat([Buffer.from(noise), Buffer.from('\n{"return": "after"}\n')]);
          const chunks: Buffer[] = [];
          for (let at = 0; at < bytes.length; at += size)
            chunks.push(bytes.subarray(at, at + size));
          const seen = decode(chunks);
          assert.deepEqual(seen.at(-1), value({ return: 'after' }));
        },
      ),
      { numRuns: 500 },
    );
  });
});

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** What the real QEMU 7.2 and qemu-ga wrote, captured by test/wire/fixtures/capture.ts. */
describe('JsonStreamDecoder on bytes captured from QEMU 7.2 and qemu-ga', () => {
  const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

  it('decodes a pretty=on monitor: greeting, replies and an error, each over many CRLF lines', () => {
    const bytes = fixture('qemu-7.2-pretty.bin');
    // QEMU ends each pretty message with a closing brace alone on its line.
    const messages = bytes
      .toString('utf8')
      .split(/(?<=^\}\r\n)/m)
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    assert.equal(messages.length, 5);
    assert.ok('QMP' in messages[0]!);
    assert.deepEqual(messages[4]!.id, 2);
    assertEverySplit(bytes, messages.map(value));
  });

  it('decodes the one-line query-qmp-schema reply (over 200 KB) however it is split', () => {
    const bytes = fixture('qemu-7.2-schema.bin');
    const lines = bytes.toString('utf8').split('\r\n').filter(Boolean);
    assert.equal(lines.length, 3);
    assert.ok(lines[2]!.length > 200_000);
    const messages = lines.map((line) => parseJson(line));
    assert.ok(Array.isArray((messages[2] as { return: unknown[] }).return));
    assertEverySplit(bytes, messages.map(value));
  });

  it("decodes qemu-ga's answer to a resync: its complaint, the 0xFF, the sync reply, the ping", () => {
    const bytes = fixture('qemu-ga-7.2-sync.bin');
    assertEverySplit(bytes, [
      value({ error: { class: 'GenericError', desc: "JSON parse error, stray '\uFFFD'" } }),
      { kind: 'reset' },
      value({ return: 12345 }),
      value({ return: {} }),
    ]);
  });
});
