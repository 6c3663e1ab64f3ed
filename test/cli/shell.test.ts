import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { QmpClient } from '../../src/index.js';
import { runQmon } from '../support/cli.js';
import { runOnPty } from '../support/pty.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';
import { qemuFacts } from '../support/qemu-version.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));

describe('qmon shell', () => {
  let qemu: TestQemu;
  let driver: QmpClient;
  let history: string;
  before(async () => {
    qemu = await startQemu(q35Args(1));
    driver = await QmpClient.connect(qemu.qmp2);
    history = join(qemu.dir, 'history');
  });
  after(async () => {
    await driver.close();
    await qemu.stop();
  });

  it('works with plain output when stdin and stdout are not a terminal', async () => {
    const log = join(qemu.dir, 'traffic.log');
    const input = [
      'query-status',
      'qom-get path=/machine property=type',
      'bogus',
      '/hmp',
      'info status',
      '/qmp',
      '{"execute":"query-name"}',
      '',
    ].join('\n');
    const { code, stdout } = await runQmon(['shell', qemu.qmp, '--log', log], { input });
    assert.equal(code, 0);
    assert.equal(
      stdout,
      [
        JSON.stringify(qemuFacts.queryStatus('prelaunch', false)),
        `"${qemuFacts.q35Machine}-machine"`,
        'error: CommandNotFound: The command bogus has not been found',
        'VM status: paused (prelaunch)',
        '{}',
        '',
      ].join('\n'),
    );
    assert.ok(!stdout.includes('\u001b'), 'no terminal escape sequences');
    assert.match(
      readFileSync(log, 'utf8'),
      /--> \{"execute":"human-monitor-command","arguments":\{"command-line":"info status"\}/,
    );
  });

  it('completes command names, argument names and enum values from the live schema', async () => {
    const pty = runOnPty([process.execPath, QMON, 'shell', qemu.qmp], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await pty.waitFor(/\(QEMU\) $/);
      pty.type('qom-ge\t');
      await pty.waitFor(/\(QEMU\) qom-get $/);
      pty.type('pa\t');
      await pty.waitFor(/qom-get path=$/);
      pty.type('\x15netdev_add type=us\t');
      await pty.waitFor(/netdev_add type=user$/);
      pty.type(' id=u1 ipv\t');
      await pty.waitFor(/id=u1 ipv(4|6)?$/);
      pty.type('\x15\x04');
      assert.equal(await pty.exited, 0);
    } finally {
      pty.kill();
    }
  });

  it('prints an event that arrives mid-line without corrupting the line being typed', async () => {
    const pty = runOnPty([process.execPath, QMON, 'shell', qemu.qmp], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await pty.waitFor(/\(QEMU\) $/);
      pty.type('query-na');
      await pty.waitFor(/query-na$/);
      await driver.execute('cont');
      await pty.waitFor(/event \{"event":"RESUME"[^\n]*\}\r?\n\(QEMU\) query-na$/);
      pty.type('me\r');
      await pty.waitFor(/\{\}\r?\n\(QEMU\) $/);
      await driver.execute('stop');
      pty.type('\x04');
      assert.equal(await pty.exited, 0);
    } finally {
      pty.kill();
    }
  });

  it('keeps history across sessions; Ctrl-C clears the line and Ctrl-D leaves', async () => {
    const first = runOnPty([process.execPath, QMON, 'shell', qemu.qmp], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await first.waitFor(/\(QEMU\) $/);
      first.type('query-version\r');
      await first.waitFor(new RegExp(`"major": ${qemuFacts.major}`));
      first.type('\x04');
      assert.equal(await first.exited, 0);
    } finally {
      first.kill();
    }
    const second = runOnPty([process.execPath, QMON, 'shell', qemu.qmp], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await second.waitFor(/\(QEMU\) $/);
      second.type('\x1b[A');
      await second.waitFor(/\(QEMU\) query-version$/);
      second.type('\x03');
      await second.waitFor(/\(QEMU\) $/);
      second.type('\x03');
      await second.waitFor(/to leave, press Ctrl-D/);
      second.type('\x04');
      assert.equal(await second.exited, 0);
    } finally {
      second.kill();
    }
  });

  it('runs HMP command lines with -H and completes them from help', async () => {
    const pty = runOnPty([process.execPath, QMON, 'shell', '-H', qemu.qmp], {
      QMON_HISTORY_FILE: history,
    });
    try {
      await pty.waitFor(/\(qemu\) $/);
      pty.type('info stat\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f');
      pty.type('system_res\t');
      await pty.waitFor(/\(qemu\) system_reset$/);
      pty.type('\x15info status\r');
      await pty.waitFor(/VM status: paused/);
      pty.type('\x04');
      assert.equal(await pty.exited, 0);
    } finally {
      pty.kill();
    }
  });
});
