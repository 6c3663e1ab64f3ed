import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runQmon } from '../support/cli.js';
import { runOnPty } from '../support/pty.js';
import { startQemu, type TestQemu, waitForExit } from '../support/qemu.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));

/** A QEMU with a human monitor on a unix socket (`-monitor unix:...`). */
async function qemuWithMonitor(dir: string, name: string) {
  const hmp = join(dir, `${name}.sock`);
  const qemu = await startQemu([
    '-machine',
    'none',
    '-monitor',
    `unix:${hmp.replaceAll(',', ',,')},server=on,wait=off`,
  ]);
  return { qemu, hmp };
}

describe('qmon hmp', () => {
  let dir: string;
  let qemu: TestQemu;
  let hmp: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qmon-hmp-'));
    ({ qemu, hmp } = await qemuWithMonitor(dir, 'hmp'));
  });
  after(async () => {
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes lines from a pipe and prints exactly QEMU's output", async () => {
    const input = 'info status\n\ninfo bogus\ninfo version\n';
    const { code, stdout, stderr } = await runQmon(['hmp', hmp], { input });
    assert.equal(code, 0, stderr);
    assert.match(
      stdout,
      new RegExp(
        `^VM status: running\nunknown command: 'info bogus'\n${literally(qemuFacts.full)}[^\n]*\n$`,
      ),
    );
    assert.ok(!stdout.includes('\u001b') && !stdout.includes('\r'), 'no echo or escape sequences');
  });

  it('edits lines on a terminal, keeps history, and leaves on Ctrl-D', async () => {
    const history = join(dir, 'history');
    const first = runOnPty([process.execPath, QMON, 'hmp', `unix:${hmp}`], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await first.waitFor(new RegExp(`${literally(qemuFacts.hmpBanner)}\r?\n\\(qemu\\) $`));
      first.type('sys\t');
      await first.waitFor(/\(qemu\) system_$/);
      first.type('\x15info statu\t');
      await first.waitFor(/\(qemu\) info status$/);
      first.type('\r');
      await first.waitFor(/VM status: running\r?\n\(qemu\) $/);
      first.type('\x04');
      assert.equal(await first.exited, 0);
    } finally {
      first.kill();
    }
    const second = runOnPty([process.execPath, QMON, 'hmp', hmp], { QMON_HISTORY_FILE: history });
    try {
      await second.waitFor(/\(qemu\) $/);
      second.type('\x1b[A');
      await second.waitFor(/\(qemu\) info status$/);
      second.type('\x15\x04');
      assert.equal(await second.exited, 0);
    } finally {
      second.kill();
    }
  });

  it('ends cleanly when QEMU quits, and fails in one line when nothing listens', async () => {
    const other = await qemuWithMonitor(dir, 'quit');
    try {
      const { code, stderr } = await runQmon(['hmp', other.hmp], { input: 'quit\n' });
      assert.equal(code, 0, stderr);
      await waitForExit(other.qemu.child, 5000);
    } finally {
      await other.qemu.stop();
    }
    const gone = await runQmon(['hmp', other.hmp]);
    assert.equal(gone.code, 125);
    assert.equal(gone.stderr.trim().split('\n').length, 1, gone.stderr);
  });
});
