import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HMP_COMMANDS, HMP_INFO_COMMANDS } from '../../src/hmp/command-table.js';
import { QmpClient } from '../../src/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

/** First words of QEMU's help lines: command entries, and the words continuation lines start with. */
function firstWords(help: string, prefix = ''): Set<string> {
  const words = new Set<string>();
  for (const line of help.split(/\r?\n/)) {
    if (!line.startsWith(prefix)) continue;
    const word = line.slice(prefix.length).split(' ')[0]!;
    if (word !== '') words.add(word);
  }
  return words;
}

describe("the HMP command table against the real QEMU 7.2's help", () => {
  let qemu: TestQemu;
  let qmp: QmpClient;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    qmp = await QmpClient.connect(qemu.qmp);
  });
  after(async () => {
    await qmp.close();
    await qemu.stop();
  });

  it('lists every command of `help`, with its aliases, and nothing else', async () => {
    const help = await qmp.hmp('help');
    // Each entry, looked up by each of its names, is the entry QEMU prints for that name.
    for (const entry of HMP_COMMANDS) {
      for (const alias of entry.split('|')) {
        const one = await qmp.hmp(`help ${alias}`);
        // `help log` lists log items instead (a special case in QEMU's help_cmd).
        if (entry === 'log') continue;
        if (entry === 'info') assert.match(one, /^info version /m, alias);
        else assert.ok(one.startsWith(`${entry} `), `help ${alias}: ${one.slice(0, 80)}`);
      }
      assert.ok(help.includes(`\n${entry} `) || help.startsWith(`${entry} `), entry);
    }
    // Every other word a help line starts with is a continuation line, not a command.
    const known = new Set(HMP_COMMANDS);
    for (const word of firstWords(help)) {
      if (known.has(word) || !/^[\w?|-]+$/.test(word)) continue;
      assert.match(await qmp.hmp(`help ${word}`), /^unknown command/, word);
    }
  });

  it('lists every `info` sub-command and nothing else', async () => {
    const info = await qmp.hmp('info');
    const listed = [...firstWords(info, 'info ')].filter((word) => /^[\w-]+$/.test(word));
    assert.deepEqual(listed.sort(), [...HMP_INFO_COMMANDS].sort());
    for (const sub of HMP_INFO_COMMANDS)
      assert.ok((await qmp.hmp(`help info ${sub}`)).startsWith(`info ${sub} `), sub);
  });
});
