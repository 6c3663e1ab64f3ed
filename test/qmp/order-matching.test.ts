import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandTimeoutError, QmpClient } from '../../src/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

describe('inBandIds: false (replies matched by order) against a real QEMU', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  const traffic: string[] = [];
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    client = await QmpClient.connect(qemu.qmp, {
      inBandIds: false,
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
});
