import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHmpCommandName } from '../../src/hmp/command-line.js';
import { HMP_MAX_LINE_BYTES, HmpLineEditor } from '../../src/hmp/line-editor.js';

function nameOf(line: string): string {
  const parsed = parseHmpCommandName(line);
  if (parsed.kind === 'blank') return '<blank>';
  if (parsed.kind === 'unknown') return `?${parsed.word}`;
  return parsed.sub
    ? `${parsed.name} ${parsed.sub.unknown ? '?' : ''}${parsed.sub.name}`
    : parsed.name;
}

/** The lines an editor makes of `input`. */
function edit(input: string | Buffer): { lines: string[]; overflowed: boolean } {
  const lines: string[] = [];
  let overflowed = false;
  const editor = new HmpLineEditor(
    (line) => lines.push(line),
    () => {
      overflowed = true;
    },
  );
  editor.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  return { lines, overflowed };
}

describe('HMP command names as QEMU 7.2 finds them', () => {
  it('ends the name at a blank or a slash, and resolves aliases', () => {
    const cases: [string, string][] = [
      ['logfile/some/file', 'logfile'],
      ['dump-guest-memory/x /tmp/f', 'dump-guest-memory'],
      ['o/b 0x80 0', 'o'],
      ['x/4x 0', 'x'],
      ['s', 'stop'],
      ['c', 'cont'],
      ['q', 'quit'],
      ['p $pc', 'print'],
      ['?', 'help'],
      ['  \t\v\fstop  ', 'stop'],
      ['stop\nquit', 'stop'],
      ['i 0x60', 'i'],
      ['info status', 'info status'],
      ['info', 'info'],
      ['info   ', 'info'],
      ['info/x status', 'info ?'],
      ['info nosuch', 'info ?nosuch'],
      ['stopp', '?stopp'],
      ['STOP', '?STOP'],
      ['\u00a0stop', '?\u00a0stop'],
      ['', '<blank>'],
      [' \t ', '<blank>'],
      // QEMU reads a C string: a NUL ends the line.
      ['\0stop', '<blank>'],
      ['sto\0p', '?sto'],
    ];
    for (const [line, expected] of cases)
      assert.equal(nameOf(line), expected, JSON.stringify(line));
  });
});

describe("QEMU 7.2's line editing", () => {
  it('applies backspace, DEL, cursor keys, Home/End, Ctrl-A/E/D/W as QEMU does', () => {
    assert.deepEqual(edit('stoq\x7fp\r').lines, ['stop']);
    assert.deepEqual(edit('xyz\b\b\bs\n').lines, ['s']);
    assert.deepEqual(edit('top\x01s\n').lines, ['stop']);
    assert.deepEqual(edit('sop\x1b[D\x1b[Dt\n').lines, ['stop']);
    assert.deepEqual(edit('xstop\x1b[1~\x1b[3~\n').lines, ['stop']);
    assert.deepEqual(edit('xstop\x01\x04\x05\n').lines, ['stop']);
    assert.deepEqual(edit('info status\x17\x17stop\n').lines, ['stop']);
    assert.deepEqual(edit('tp\x1bOHs\x1bOFx\x7f\n').lines, ['stp']);
    // One-byte CSI (0x9b) moves left like ESC [.
    assert.deepEqual(edit(Buffer.from([0x73, 0x70, 0x9b, 0x44, 0x74, 0x0a])).lines, ['stp']);
  });

  it('ignores Ctrl-U, tab and other control bytes, as QEMU 7.2 does', () => {
    assert.deepEqual(edit('info\x15 status\n').lines, ['info status']);
    assert.deepEqual(edit('st\top\x00\x07\n').lines, ['stop']);
  });

  it('recalls history with the up and down keys', () => {
    assert.deepEqual(edit('info status\nstop\n\x1b[A\x1b[A\n').lines, [
      'info status',
      'stop',
      'info status',
    ]);
    assert.deepEqual(edit('cont\n\x1b[A\x1b[B\x1b[Bx\n').lines, ['cont', 'x']);
  });

  it('ends a line at CR or LF, each', () => {
    assert.deepEqual(edit('a\r\nb\rc\n').lines, ['a', '', 'b', 'c']);
  });

  it('holds at most 4095 bytes and reports a byte typed into a full line', () => {
    const full = edit(`${'x'.repeat(HMP_MAX_LINE_BYTES)}\n`);
    assert.equal(full.overflowed, false);
    assert.equal(full.lines[0]!.length, HMP_MAX_LINE_BYTES);
    assert.equal(edit(`${'x'.repeat(HMP_MAX_LINE_BYTES + 1)}\n`).overflowed, true);
  });

  it('keeps UTF-8 text whole', () => {
    assert.deepEqual(edit(Buffer.from('info qtree ✓\n')).lines, ['info qtree ✓']);
  });
});
