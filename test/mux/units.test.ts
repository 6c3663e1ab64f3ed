import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandFramer } from '../../src/mux/command-framer.js';
import { compactJson, toStandardQuotes } from '../../src/mux/json-text.js';
import { formatQemuJson, formatQemuNumber, qemuIdText } from '../../src/mux/qemu-json.js';
import { parseRequest } from '../../src/mux/qmp-request.js';
import { RoundRobin } from '../../src/mux/round-robin.js';
import { UpstreamFramer } from '../../src/mux/upstream-framer.js';
import {
  classifyUpstream,
  rewriteReplyId,
  type UpstreamReply,
} from '../../src/mux/upstream-message.js';

function frame(chunks: string[], maxLength = 1 << 20): string[] {
  const out: string[] = [];
  const framer = new CommandFramer({
    maxLength,
    onMessage: (text) => out.push(`msg ${text}`),
    onError: (desc) => out.push(`err ${desc}`),
    onTooLarge: () => out.push('too large'),
  });
  for (const chunk of chunks) framer.push(chunk);
  return out;
}

describe('CommandFramer', () => {
  const input =
    '{"execute": "a", "arguments": {"s": "}{\\"]"}}\r\nfoo 42 "s" @x\n{\n"execute":\n{"nested": [1, {"x": \'y}\'}]}}\n}\n';
  const expected = [
    'msg {"execute": "a", "arguments": {"s": "}{\\"]"}}',
    "err JSON parse error, invalid keyword 'foo'",
    'err QMP input must be a JSON object',
    'err QMP input must be a JSON object',
    "err JSON parse error, stray '@'",
    'msg {\n"execute":\n{"nested": [1, {"x": \'y}\'}]}}',
    'err JSON parse error, expecting value',
  ];

  it('finds the same messages however the input is split', () => {
    assert.deepEqual(frame([input]), expected);
    for (let at = 1; at < input.length; at++) {
      assert.deepEqual(frame([input.slice(0, at), input.slice(at)]), expected, `split at ${at}`);
    }
    assert.deepEqual(frame([...input]), expected);
  });

  it('reports a raw line break inside a string the way QEMU does, and caps sizes', () => {
    assert.deepEqual(frame(['{"execute":"\n', '{"execute": "b"}\n']), [
      `err JSON parse error, stray '"\n'`,
      'msg {"execute": "b"}',
    ]);
    assert.deepEqual(frame(['{"x": "', 'a'.repeat(100), '"}'], 64), ['too large']);
    assert.deepEqual(frame([`${'['.repeat(1025)}\n`]), ['err JSON nesting depth limit exceeded']);
  });
});

describe('QEMU-style JSON', () => {
  it('writes numbers and strings as QEMU does', () => {
    assert.equal(formatQemuNumber(0.1), '0.10000000000000001');
    assert.equal(formatQemuNumber(1e-5), '1.0000000000000001e-05');
    assert.equal(formatQemuNumber(1.5), '1.5');
    assert.equal(formatQemuNumber(-0), '0');
    assert.equal(formatQemuNumber(2 ** 64), '1.8446744073709552e+19');
    assert.equal(
      formatQemuJson({ a: ['é😀"\\\n', null, true], b: {} }),
      '{"a": ["\\u00E9\\uD83D\\uDE00\\"\\\\\\n", null, true], "b": {}}',
    );
  });

  it('echoes ids the way QEMU does', () => {
    assert.equal(qemuIdText('18446744073709551615'), '18446744073709551615');
    assert.equal(qemuIdText('18446744073709551616'), '1.8446744073709552e+19');
    assert.equal(qemuIdText('1.0'), '1');
    assert.equal(qemuIdText('-0'), '0');
    assert.equal(qemuIdText('"\\/"'), '"/"');
  });

  it('normalises quotes and blanks without touching strings', () => {
    assert.equal(
      toStandardQuotes(`{'a': 'it\\'s "x"', "b": "\\'"}`),
      `{"a": "it's \\"x\\"", "b": "'"}`,
    );
    assert.equal(compactJson('{ "a b" : [ 1 , "c d" ] }'), '{"a b":[1,"c d"]}');
  });

  it('keeps arguments as written, so big integers reach QEMU exactly', () => {
    const parsed = parseRequest(
      '{"execute": "x", "arguments": {"v": 18446744073709551615}, "id": 7}',
      false,
      false,
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.request.argsText, '{"v": 18446744073709551615}');
    assert.equal(parsed.request.idText, '7');
  });
});

describe('replies from QEMU', () => {
  const reply = (text: string) => classifyUpstream(text) as UpstreamReply;

  it('puts the client’s id where QEMU puts it, compact or pretty', () => {
    assert.equal(
      rewriteReplyId(reply('{"return": {"id": 5}}'), '"x"'),
      '{"return": {"id": 5}, "id": "x"}',
    );
    assert.equal(
      rewriteReplyId(reply('{"error": {"class": "C", "desc": "d"}}'), '1'),
      '{"id": 1, "error": {"class": "C", "desc": "d"}}',
    );
    assert.equal(rewriteReplyId(reply('{"return": {}}'), undefined), '{"return": {}}');
    assert.equal(
      rewriteReplyId(reply('{\r\n    "return": {\r\n    }\r\n}'), '3'),
      '{\r\n    "return": {\r\n    },\r\n    "id": 3\r\n}',
    );
  });

  it('swaps or drops the mux’s own id on out-of-band replies', () => {
    const ok = reply('{"return": {}, "id": 12}');
    assert.equal(ok.id, 12);
    assert.equal(rewriteReplyId(ok, '[1]'), '{"return": {}, "id": [1]}');
    assert.equal(rewriteReplyId(ok, undefined), '{"return": {}}');
    const failed = reply('{"id": 12, "error": {"class": "C", "desc": "d"}}');
    assert.equal(failed.isError, true);
    assert.equal(rewriteReplyId(failed, undefined), '{"error": {"class": "C", "desc": "d"}}');
  });

  it('tells events apart and splits pretty output', () => {
    assert.equal(
      classifyUpstream('{"timestamp": {"seconds": 1, "microseconds": 2}, "event": "STOP"}').kind,
      'event',
    );
    const messages: string[] = [];
    const framer = new UpstreamFramer({
      maxLength: 1000,
      onMessage: (m) => messages.push(m),
      onTooLarge: () => {},
    });
    framer.push('{"return": {}}\r\n{\r\n    "return": {\r\n    }\r\n');
    framer.push('}\r\n');
    assert.deepEqual(messages, ['{"return": {}}', '{\r\n    "return": {\r\n    }\r\n}']);
  });
});

describe('RoundRobin', () => {
  it('takes one item per owner in turn', () => {
    const queue = new RoundRobin<string, string>();
    for (let i = 0; i < 3; i++) queue.push('busy', `b${i}`);
    queue.push('light', 'l0');
    const order: string[] = [];
    for (let item = queue.shift(); item; item = queue.shift()) order.push(item);
    assert.deepEqual(order, ['b0', 'l0', 'b1', 'b2']);
  });
});
