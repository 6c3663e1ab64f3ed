import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QmpClient } from '../../src/index.js';
import { runQmon, spawnQmon } from '../support/cli.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

/** Resolves once `text` shows up on the child's stdout (or stderr), within a bound. */
function waitForOutput(
  child: ReturnType<typeof spawnQmon>,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} in ${JSON.stringify(seen)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describe('qmon events (the real binary against a real QEMU)', () => {
  let qemu: TestQemu;
  let driver: QmpClient;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    driver = await QmpClient.connect(qemu.qmp2);
  });
  after(async () => {
    await driver.close();
    await qemu.stop();
  });

  /** Starts `qmon events`, waits until it is connected, then makes QEMU emit STOP and RESUME. */
  async function watch(args: string[], trigger: () => Promise<void>) {
    const child = spawnQmon(['events', qemu.qmp, ...args]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitForOutput(child, /watching events/);
    await trigger();
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it('prints the first matching event and exits', async () => {
    const { exited, output } = await watch(['--event', 'RESUME'], async () => {
      await driver.execute('stop');
      await driver.execute('cont');
    });
    assert.equal(await exited, 0);
    assert.equal(output().stdout, 'event RESUME: {}\n');
    assert.match(output().stderr, /events received: 1\n$/);
  });

  it('loops with --loop, matches by regex without case, prints JSON, and ends cleanly on Ctrl-C', async () => {
    const { child, exited, output } = await watch(
      ['--loop', '--event', '^(stop|resume)$', '--regex', '--no-case', '--json'],
      async () => {
        await driver.execute('stop');
        await driver.execute('cont');
        await driver.execute('stop');
        await driver.execute('cont');
      },
    );
    try {
      for (let i = 0; i < 200 && !/("RESUME"[\s\S]*){2}/.test(output().stdout); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0);
    const events = output()
      .stdout.trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; timestamp: { seconds: number } });
    assert.deepEqual(
      events.map((e) => e.event),
      ['STOP', 'RESUME', 'STOP', 'RESUME'],
    );
    assert.equal(typeof events[0]!.timestamp.seconds, 'number');
  });

  it('gives up after --timeout with no event', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runQmon([
      'events',
      qemu.qmp,
      '--event',
      'SHUTDOWN',
      '--timeout',
      '0.5',
    ]);
    assert.equal(code, 124, 'no matching event before the timeout: non-zero, as timeout(1)');
    assert.equal(stdout, '');
    assert.match(stderr, /^watching events on .*; Ctrl-C to stop\nevents received: 0\n$/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('refuses an --event name or pattern this QEMU has no event for', async () => {
    const typo = await runQmon(['events', qemu.qmp, '--event', 'SHUTDOWN', '--event', 'SHUTDWN']);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, 'qmon: --event SHUTDWN: this QEMU has no such event\n');
    const pattern = await runQmon(['events', qemu.qmp, '--event', 'NO_SUCH_.*', '--regex']);
    assert.equal(pattern.code, 2);
    assert.match(pattern.stderr, /^qmon: --event NO_SUCH_\.\*: this QEMU has no such event\n$/);
    const anyCase = await runQmon([
      'events',
      qemu.qmp,
      '--event',
      'shutdown',
      '--no-case',
      '--timeout',
      '0.2',
    ]);
    assert.equal(anyCase.code, 124, anyCase.stderr);
  });

  it('prints timestamps with --timestamp', async () => {
    const { exited, output } = await watch(['--timestamp'], async () => {
      await driver.execute('stop');
    });
    assert.equal(await exited, 0);
    assert.match(output().stdout, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z event STOP: \{\}\n$/);
    await driver.execute('cont');
  });
});
