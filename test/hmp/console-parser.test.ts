import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HmpConsoleParser, type HmpParserEvent } from '../../src/hmp/index.js';

/** Readline's echo as QEMU 7.2 writes it: the line redrawn after every typed byte. */
function echo(line: string): string {
  let out = '';
  for (let i = 1; i <= line.length; i++) {
    out += `${'\x1b[D'.repeat(i - 1)}${line.slice(0, i)}\x1b[K`;
  }
  return `${out}\r\n`;
}

const BANNER = "QEMU 7.2.22 monitor - type 'help' for more information\r\n(qemu) ";
const SESSION: { command: string; output: string; expected: string }[] = [
  {
    command: 'info status',
    output: 'VM status: running\r\n',
    expected: 'VM status: running\n',
  },
  { command: 'stop', output: '', expected: '' },
  {
    command: 'info foo',
    output: "unknown command: 'info foo'\r\n",
    expected: "unknown command: 'info foo'\n",
  },
  {
    command: 'info qtree',
    output: 'bus: main-system-bus\r\n  type System\r\n  (qemu) inside a line\r\n',
    expected: 'bus: main-system-bus\n  type System\n  (qemu) inside a line\n',
  },
  { command: 'info name', output: 'caf\u00e9 \u2603\r\n', expected: 'caf\u00e9 \u2603\n' },
];

/** Feeds the banner and every command, split into `pieces`, and collects what the parser saw. */
function replay(split: (bytes: Buffer) => Buffer[]): { banner: string; outputs: string[] } {
  const parser = new HmpConsoleParser();
  const events: HmpParserEvent[] = [];
  for (const piece of split(Buffer.from(BANNER))) events.push(...parser.feed(piece));
  const outputs: string[] = [];
  for (const step of SESSION) {
    parser.commandSent();
    const bytes = Buffer.from(`${echo(step.command)}${step.output}(qemu) `);
    for (const piece of split(bytes)) {
      for (const event of parser.feed(piece)) {
        if (event.type === 'output') outputs.push(event.text);
      }
    }
    assert.equal(parser.busy, false, `no prompt seen after ${step.command}`);
  }
  const ready = events.find((event) => event.type === 'ready');
  assert.ok(ready && ready.type === 'ready');
  return { banner: ready.banner, outputs };
}

describe('HmpConsoleParser', () => {
  const expected = SESSION.map((step) => step.expected);

  it('strips echo, escape sequences and prompts from whole chunks', () => {
    const { banner, outputs } = replay((bytes) => [bytes]);
    assert.equal(banner, "QEMU 7.2.22 monitor - type 'help' for more information");
    assert.deepEqual(outputs, expected);
  });

  it('gives the same result for every two-way split and byte by byte', () => {
    for (let at = 0; at < 120; at++) {
      const { outputs } = replay((bytes) => [bytes.subarray(0, at), bytes.subarray(at)]);
      assert.deepEqual(outputs, expected, `split at ${at}`);
    }
    const { outputs } = replay((bytes) => [...bytes].map((byte) => Buffer.from([byte])));
    assert.deepEqual(outputs, expected);
  });

  it('takes a mid-line prompt only when asked to (once the stream is quiet)', () => {
    const parser = new HmpConsoleParser();
    parser.feed(Buffer.from(BANNER));
    parser.commandSent();
    assert.deepEqual(parser.feed(Buffer.from(`${echo('p 1')}no newline(qemu) `)), []);
    assert.equal(parser.endsWithLoosePrompt, true);
    assert.deepEqual(parser.completeAtLoosePrompt(), [{ type: 'output', text: 'no newline' }]);
    assert.equal(parser.busy, false);
  });

  it('recognises a QMP greeting as not a human monitor', () => {
    const parser = new HmpConsoleParser();
    const events = parser.feed(
      Buffer.from('{"QMP": {"version": {}, "capabilities": ["oob"]}}\r\n'),
    );
    assert.equal(events[0]?.type, 'not-hmp');
  });

  it('drops bytes that arrive while no command runs', () => {
    const parser = new HmpConsoleParser();
    parser.feed(Buffer.from(BANNER));
    assert.deepEqual(parser.feed(Buffer.from('noise')), []);
    assert.equal(parser.unsolicitedBytes, 5);
  });
});
