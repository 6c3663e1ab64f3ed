import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DisconnectedError, QmpClient } from '../../src/index.js';
import { startQemu, waitForExit } from '../support/qemu.js';

describe('when QEMU goes away', () => {
  it('settles every call when quit arrives mid-stream', async () => {
    const qemu = await startQemu(['-machine', 'none']);
    try {
      const client = await QmpClient.connect(qemu.qmp);
      const before = Array.from({ length: 50 }, () => client.execute('query-status'));
      const quit = client.execute('quit');
      const afterQuit = Array.from({ length: 50 }, () => client.execute('query-status'));
      const results = await Promise.allSettled([...before, quit, ...afterQuit]);
      // Everything sent before quit is answered; what follows it is answered or fails with a disconnect.
      assert.ok(results.slice(0, 51).every((r) => r.status === 'fulfilled'));
      for (const r of results.slice(51)) {
        if (r.status === 'rejected') assert.ok(r.reason instanceof DisconnectedError);
      }
      await client.closed;
      await waitForExit(qemu.child);
      await assert.rejects(client.execute('query-status'), DisconnectedError);
    } finally {
      await qemu.stop();
    }
  });

  it('rejects 100 in-flight commands at once when QEMU is killed, naming each', async () => {
    const qemu = await startQemu(['-machine', 'none']);
    try {
      const client = await QmpClient.connect(qemu.qmp);
      const waiter = client.waitForEvent('SHUTDOWN', { timeout: 60_000 });
      const stream = client.events();
      const calls = Array.from({ length: 100 }, (_, i) =>
        i % 2 ? client.execute('query-qmp-schema') : client.execute('query-version'),
      );
      qemu.child.kill('SIGKILL');
      const started = Date.now();
      const results = await Promise.allSettled(calls);
      assert.ok(Date.now() - started < 5000);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.ok(rejected.length > 0);
      for (const { reason } of rejected) {
        assert.ok(reason instanceof DisconnectedError);
        assert.match(
          reason.message,
          /^(query-qmp-schema|query-version): connection closed before the reply/,
        );
        assert.ok(reason.cause instanceof Error);
      }
      await assert.rejects(waiter, DisconnectedError);
      await assert.rejects(stream.next(), DisconnectedError);
      await assert.rejects(client.execute('query-status'), /query-status: connection closed/);
    } finally {
      await qemu.stop();
    }
  });
});
