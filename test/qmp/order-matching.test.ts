import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandTimeoutError, QmpClient, QmpCommandError } from '../../src/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

describe('replies matched by order (the default) against a real QEMU', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  const traffic: string[] = [];
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    client = await QmpClient.connect(qemu.qmp, {
      trafficLog: (line) => traffic.push(line),
    });
  });
  after(async () => {
    await client.close();
    await qemu.stop();
  });

  it('sends in-band commands without ids and matches many pipelined replies in order', async () => {
    const replies = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 3 ? client.execute('query-status') : client.execute('query-name'),
      ),
    );
    replies.forEach((reply, i) => {
      if (i % 3) assert.equal((reply as { status: string }).status, 'running');
      else assert.deepEqual(reply, {});
    });
    assert.ok(traffic.some((line) => line.endsWith('--> {"execute":"query-status"}')));
  });

  it('drops the late reply of a timed-out call and gives the next call its own reply', async () => {
    await assert.rejects(
      client.execute('query-qmp-schema', undefined, { timeout: 1 }),
      CommandTimeoutError,
    );
    assert.equal((await client.execute('query-status')).status, 'running');
    assert.equal(client.stats.lateReplies, 1);
  });

  it('refuses a command nested deeper than QEMU parses, which would flood it with stray errors', async () => {
    const nested = (depth: number): unknown => (depth === 0 ? 0 : [nested(depth - 1)]);
    const sentBefore = client.stats.sent;
    await assert.rejects(
      client.execute('qom-set', { path: '/machine', property: 'x-none', value: nested(1030) }),
      (error: unknown) =>
        error instanceof QmpCommandError &&
        error.errorClass === 'GenericError' &&
        error.desc === 'JSON nesting depth limit exceeded',
    );
    assert.equal(client.stats.sent, sentBefore, 'nothing was sent');
    // Just inside QEMU's limit of 1024 (with the two objects around it), QEMU answers it once.
    await assert.rejects(
      client.execute('qom-set', { path: '/machine', property: 'x-none', value: nested(1020) }),
      (error: unknown) => error instanceof QmpCommandError && /x-none/.test(error.desc),
    );
    assert.equal((await client.execute('query-status')).status, 'running');
    assert.equal(client.stats.unmatchedReplies, 0);
  });
});

describe('inBandIds: true against a real QEMU', () => {
  it('labels every command with an id and matches replies by it', async () => {
    const qemu = await startQemu(['-machine', 'none']);
    const traffic: string[] = [];
    const client = await QmpClient.connect(qemu.qmp, {
      inBandIds: true,
      trafficLog: (line) => traffic.push(line),
    });
    try {
      const [status, name] = await Promise.all([
        client.execute('query-status'),
        client.execute('query-name'),
      ]);
      assert.equal(status.status, 'running');
      assert.deepEqual(name, {});
      assert.ok(traffic.some((line) => /--> \{"execute":"query-name","id":\d+\}$/.test(line)));
    } finally {
      await client.close();
      await qemu.stop();
    }
  });
});
