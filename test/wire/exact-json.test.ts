import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  encodeMessage,
  hasLongDigitRun,
  JsonStreamDecoder,
  parseJson,
  stringifyJson,
  type WireDecodeError,
} from '../../src/wire/index.js';

const UINT64_MAX = 18446744073709551615n;
const INT64_MIN = -9223372036854775808n;

/**
 * What parsing the JSON text of `value` gives: integers in the safe range as
 * numbers, others as the bigint of their digits (also a double that JSON
 * writes as a plain integer beyond 2^53, such as 2^60).
 */
function normalised(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  // JSON writes -0 as 0.
  if (Object.is(value, -0)) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value))
    return /^-?\d+$/.test(String(value)) ? BigInt(String(value)) : value;
  if (Array.isArray(value)) return value.map(normalised);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalised(v)]));
  return value;
}

/** JSON values with 64-bit integers (bigints) among the leaves. */
const wideJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.bigInt({ min: INT64_MIN, max: UINT64_MAX }),
    fc.bigInt({ min: -(2n ** 60n), max: 2n ** 60n }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact as bigints, and leaves safe ones as numbers', () => {
    const text =
      '{"return": {"max-bandwidth": 9007199254740993, "u": 18446744073709551615, ' +
      '"i": -9223372036854775808, "top": 9007199254740991, "edge": 9007199254740992, ' +
      '"neg": -9007199254740991, "small": [0, -0, 12, 1234567890123456]}}';
    assert.deepEqual(parseJson(text), {
      return: {
        'max-bandwidth': 9007199254740993n,
        u: UINT64_MAX,
        i: INT64_MIN,
        top: 9007199254740991,
        edge: 9007199254740992n,
        neg: -9007199254740991,
        small: [0, -0, 12, 1234567890123456],
      },
    });
  });

  it('gives what JSON.parse gives for long digits in strings, fractions and exponents', () => {
    const text =
      '{"s": "12345678901234567890", "e": "\\"1234567890123456789\\u00e9", ' +
      '"f": 1.2345678901234567, "x": 12345678901234567890e-3, "g": 1.0e+30, "t": true, ' +
      '"n": null, "a": [false, {}, [], ""], "__proto__": {"polluted": 1}}';
    const exact = parseJson(text) as Record<string, unknown>;
    assert.deepEqual(exact, JSON.parse(text));
    assert.equal(Object.getPrototypeOf(exact), Object.prototype);
    assert.deepEqual(Object.keys(exact), Object.keys(JSON.parse(text)));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it("throws JSON.parse's own error for invalid text, long digits or not", () => {
    for (const text of ['{"a": 12345678901234567890,}', '{"a": 1,}', '[00000000000000000001]']) {
      let expected: unknown;
      try {
        JSON.parse(text);
      } catch (error) {
        expected = error;
      }
      assert.throws(() => parseJson(text), expected as Error);
    }
  });

  it('reads any depth JSON.parse reads, without running out of stack', () => {
    const depth = 100_000;
    const text = `${'[{"a":'.repeat(depth)}18446744073709551615${'}]'.repeat(depth)}`;
    let value = parseJson(text);
    for (let i = 0; i < depth; i++) value = (value as [{ a: unknown }])[0].a;
    assert.equal(value, UINT64_MAX);
  });

  it('reads pretty-printed text with CRLF line ends', () => {
    const text = '{\r\n    "return": {\r\n        "n": 18446744073709551615\r\n    }\r\n}';
    assert.deepEqual(parseJson(text), { return: { n: UINT64_MAX } });
  });

  it('round-trips every value with 64-bit integers through stringifyJson', () => {
    fc.assert(
      fc.property(wideJson, fc.constantFrom(undefined, 2, 4), (value, indent) => {
        assert.deepEqual(parseJson(stringifyJson(value, indent)!), normalised(value));
      }),
      { numRuns: 300 },
    );
  });

  it('equals JSON.parse on any JSON text, but for integers beyond 2^53', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        assert.deepEqual(parseJson(text), normalised(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('stringifyJson', () => {
  it('writes bigints as plain JSON integers', () => {
    assert.equal(
      stringifyJson({ execute: 'x', arguments: { a: UINT64_MAX, b: [INT64_MIN, 1, 'q'] } }),
      '{"execute":"x","arguments":{"a":18446744073709551615,"b":[-9223372036854775808,1,"q"]}}',
    );
    assert.equal(
      encodeMessage({ arguments: { time: 1764593422123456789n } }).toString(),
      '{"arguments":{"time":1764593422123456789}}\n',
    );
  });

  it('writes what JSON.stringify writes beside a bigint, indented or not', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2), (value, indent) => {
        const withBigint = { v: value, n: 7n, u: undefined, f: () => 1, d: new Date(0) };
        const withNumber = { v: value, n: 7, u: undefined, f: () => 1, d: new Date(0) };
        assert.equal(stringifyJson(withBigint, indent), JSON.stringify(withNumber, null, indent));
        assert.equal(stringifyJson([undefined, 7n]), '[null,7]');
      }),
      { numRuns: 200 },
    );
  });

  it('still refuses cycles with a TypeError', () => {
    const cycle: Record<string, unknown> = { n: 1n };
    cycle.self = cycle;
    assert.throws(() => stringifyJson(cycle), TypeError);
  });
});

describe('hasLongDigitRun', () => {
  it('finds a run of 16 digits exactly where a regular expression does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('1', '9', '0', 'a', ' ', '"', '-', '.'), { maxLength: 200 }),
        (chars) => {
          const text = chars.join('');
          assert.equal(hasLongDigitRun(text), /\d{16}/.test(text), text);
        },
      ),
      { numRuns: 2000 },
    );
    assert.equal(hasLongDigitRun('x'.repeat(30) + '1'.repeat(16)), true);
    assert.equal(hasLongDigitRun('1'.repeat(15)), false);
  });
});

describe('JsonStreamDecoder with 64-bit integers', () => {
  function decode(chunks: Uint8Array[]): unknown[] {
    const seen: unknown[] = [];
    const decoder = new JsonStreamDecoder({
      onValue: (value) => seen.push(value),
      onError: (error: WireDecodeError) => seen.push(`error ${error.reason}`),
    });
    for (const chunk of chunks) decoder.push(chunk);
    return seen;
  }

  function assertEverySplit(bytes: Buffer, expected: unknown[]): void {
    assert.deepEqual(decode([bytes]), expected, 'whole');
    for (let i = 0; i <= bytes.length; i++) {
      assert.deepEqual(
        decode([bytes.subarray(0, i), bytes.subarray(i)]),
        expected,
        `split at ${i}`,
      );
      for (let j = i; j <= bytes.length; j += 3) {
        const chunks = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
        assert.deepEqual(decode(chunks), expected, `split at ${i} and ${j}`);
      }
    }
    const ones = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(decode(ones), expected, 'one byte per chunk');
  }

  it('delivers exact values from compact and pretty=on replies, however split', () => {
    const bytes = Buffer.from(
      '{"return": {"max-bandwidth": 9007199254740993, "downtime-limit": 300}}\r\n' +
        '{\r\n    "return": [\r\n        {\r\n            "poll-max-ns": 9223372036854775807,\r\n' +
        '            "id": "io0"\r\n        }\r\n    ]\r\n}\r\n' +
        '{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "X", ' +
        '"data": {"offset": 18446744073709551615, "neg": -9223372036854775808}}\r\n' +
        '{"return": 1764593422123456789}\n',
    );
    assertEverySplit(bytes, [
      { return: { 'max-bandwidth': 9007199254740993n, 'downtime-limit': 300 } },
      { return: [{ 'poll-max-ns': 9223372036854775807n, id: 'io0' }] },
      {
        timestamp: { seconds: 1, microseconds: 2 },
        event: 'X',
        data: { offset: UINT64_MAX, neg: INT64_MIN },
      },
      { return: 1764593422123456789n },
    ]);
  });

  it('keeps them exact in a long line found by memchr', () => {
    const filler = 'z'.repeat(10_000);
    const line = Buffer.from(`{"return": {"pad": "${filler}", "n": 18446744073709551615}}\n`);
    const expected = [{ return: { pad: filler, n: UINT64_MAX } }];
    for (const at of [1, 5000, line.length - 20, line.length - 1]) {
      assert.deepEqual(decode([line.subarray(0, at), line.subarray(at)]), expected, `at ${at}`);
    }
  });
});
