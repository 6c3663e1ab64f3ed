import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CommandAbortedError,
  CommandTimeoutError,
  HmpCommandError,
  QmpClient,
  QmpCommandError,
} from '../../src/index.js';
import { fdPassingAvailable } from '../../src/transport/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

describe('execute against a real QEMU', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  const traffic: string[] = [];
  before(async () => {
    qemu = await startQemu(['-machine', 'q35', '-S', '-m', '64']);
    client = await QmpClient.connect(qemu.qmp, { trafficLog: join(qemu.dir, 'traffic.log') });
  });
  after(async () => {
    await client.close();
    await qemu.stop();
    void traffic;
  });

  it('matches many pipelined replies to their commands', async () => {
    const names = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 ? client.execute('query-status') : client.execute('query-name'),
      ),
    );
    names.forEach((reply, i) => {
      if (i % 2) assert.equal((reply as { status: string }).status, 'prelaunch');
      else assert.deepEqual(reply, {});
    });
  });

  it("rejects with QEMU's error class, description, command and arguments", async () => {
    const args = { path: '/machine', property: 'no-such-property' };
    await assert.rejects(client.execute('qom-get', args), (error) => {
      assert.ok(error instanceof QmpCommandError);
      assert.equal(error.code, 'COMMAND_FAILED');
      assert.equal(error.errorClass, 'GenericError');
      assert.match(error.desc, /no-such-property/);
      assert.equal(error.command, 'qom-get');
      assert.deepEqual(error.args, args);
      return true;
    });
    await assert.rejects(client.executeUntyped('no-such-command'), {
      errorClass: 'CommandNotFound',
    });
  });

  it('fetches and parses the 207 KB introspection schema', async () => {
    const schema = (await client.execute('query-qmp-schema')) as {
      name: string;
      'meta-type': string;
    }[];
    assert.ok(schema.length > 1000);
    const commands = schema
      .filter((entry) => entry['meta-type'] === 'command')
      .map((entry) => entry.name);
    assert.ok(commands.includes('device_add'));
    assert.ok(JSON.stringify(schema).length > 150_000, 'compact JSON of the 207 KB reply');
  });

  it('times out one call, drops its late reply, and stays usable', async () => {
    const before = client.stats.lateReplies;
    await assert.rejects(client.execute('query-qmp-schema', undefined, { timeout: 1 }), (error) => {
      assert.ok(error instanceof CommandTimeoutError);
      assert.equal(error.command, 'query-qmp-schema');
      assert.equal(error.timeoutMs, 1);
      return true;
    });
    assert.equal((await client.execute('query-status')).status, 'prelaunch');
    assert.equal(client.stats.lateReplies, before + 1);
  });

  it('aborts one call through its signal and stays usable', async () => {
    const controller = new AbortController();
    const pending = client.execute('query-qmp-schema', undefined, { signal: controller.signal });
    controller.abort(new Error('user gave up'));
    await assert.rejects(pending, (error) => {
      assert.ok(error instanceof CommandAbortedError);
      assert.match(error.message, /user gave up/);
      return true;
    });
    await assert.rejects(
      client.execute('query-status', undefined, { signal: controller.signal }),
      CommandAbortedError,
    );
    assert.equal((await client.execute('query-status')).running, false);
  });

  it('runs HMP command lines and turns HMP errors into typed errors', async () => {
    assert.equal(await client.hmp('info status'), 'VM status: paused (prelaunch)\n');
    await assert.rejects(client.hmp('device_del nothing-here'), (error) => {
      assert.ok(error instanceof HmpCommandError);
      assert.match(error.output, /^Error: Device 'nothing-here' not found/);
      return true;
    });
    await assert.rejects(client.hmp('no-such-hmp-command'), /unknown command/);
  });

  it('returns a multi-megabyte HMP reply whole', async () => {
    // 512 KiB of guest memory, 8 bytes a line: about 4 MB of text.
    const text = await client.hmp('xp /524288xb 0');
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 65536);
    assert.ok(text.length > 3_000_000);
    assert.match(lines.at(-1)!, /^000000000007fff8:/);
  });

  it('passes a file descriptor with getfd and closes it with closefd', {
    skip: !fdPassingAvailable() && 'the fd-passing addon is not built',
  }, async () => {
    const path = join(qemu.dir, 'passed-file');
    const fd = openSync(path, 'w');
    try {
      assert.deepEqual(await client.executeWithFds('getfd', [fd], { fdname: 'passed' }), {});
      assert.deepEqual(await client.execute('closefd', { fdname: 'passed' }), {});
      await assert.rejects(client.execute('closefd', { fdname: 'passed' }), QmpCommandError);
    } finally {
      closeSync(fd);
      rmSync(path, { force: true });
    }
  });

  it('logged every message both ways with timestamps', async () => {
    await sleep(10);
    const lines = readFileSync(join(qemu.dir, 'traffic.log'), 'utf8').trim().split('\n');
    assert.match(lines[0]!, /^\d{4}-\d\d-\d\dT\S+Z <-- \{"QMP":/);
    assert.match(lines[1]!, /^\S+ --> \{"execute":"qmp_capabilities"\}$/);
    assert.ok(lines.some((line) => line.includes('--> {"execute":"human-monitor-command"')));
  });
});
