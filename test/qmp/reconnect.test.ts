import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ConnectionState, DisconnectedError, ReconnectingQmpClient } from '../../src/index.js';
import { startQemu, waitForExit } from '../support/qemu.js';

describe('ReconnectingQmpClient', () => {
  it('reconnects when QEMU comes back on the same socket and keeps subscriptions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qmon-reconnect-'));
    const path = join(dir, 'stable.sock');
    let qemu = await startQemu(['-machine', 'none'], { qmpPath: path });
    const states: ConnectionState[] = [];
    const client = new ReconnectingQmpClient(path, {
      initialDelay: 50,
      onStateChange: (state) => states.push(state),
    });
    try {
      const stops: number[] = [];
      client.on('STOP', (_data, event) => stops.push(event.timestamp.seconds));
      await client.execute('stop');
      assert.equal(stops.length, 1);

      qemu.child.kill('SIGKILL');
      await waitForExit(qemu.child);
      qemu = await startQemu(['-machine', 'none'], { qmpPath: path });
      // This call waits for the new connection instead of failing.
      const status = (await client.execute('query-status', undefined, { timeout: 10_000 })) as {
        status: string;
      };
      assert.equal(status.status, 'running');
      await client.execute('stop');
      assert.equal(stops.length, 2, 'the subscription survived the reconnection');
      assert.deepEqual(states[0], 'connected');
      assert.equal(states[1], 'reconnecting');
      assert.equal(states.at(-1), 'connected');
    } finally {
      await client.close();
      await qemu.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(client.state, 'closed');
    await assert.rejects(client.execute('query-status'), DisconnectedError);
  });
});
