import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CommandTimeoutError,
  EventOverflowError,
  QmpClient,
  type QmpEvent,
} from '../../src/index.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';

describe('events from a real QEMU', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  before(async () => {
    qemu = await startQemu(q35Args(2));
    client = await QmpClient.connect(qemu.qmp);
  });
  after(async () => {
    await client.close();
    await qemu.stop();
  });

  it('hot-plugs a NIC on a root port and waits for DEVICE_DELETED on unplug', async () => {
    await client.execute('device_add', { driver: 'virtio-net-pci', id: 'nic1', bus: 'rp1' });
    const tree = await client.hmp('info qtree');
    assert.match(tree, /id "nic1"/);
    const { result, event } = await client.executeAndWait(
      'device_del',
      { id: 'nic1' },
      'DEVICE_DELETED',
      {
        match: (e) => (e.data as { device?: string }).device === 'nic1',
        timeout: 10_000,
      },
    );
    assert.deepEqual(result, {});
    assert.equal(event.event, 'DEVICE_DELETED');
    assert.equal(typeof event.timestamp.seconds, 'number');
    assert.doesNotMatch(await client.hmp('info qtree'), /id "nic1"/);
  });

  it('calls typed listeners and streams events in order through an async iterator', async () => {
    const seen: string[] = [];
    const unsubscribe = client.on('RESUME', (_data, event) => seen.push(event.event));
    const controller = new AbortController();
    const stream = client.events({ names: ['STOP', 'RESUME'], signal: controller.signal });
    await client.execute('cont');
    await client.execute('stop');
    await client.execute('cont');
    await client.execute('stop');
    const names: string[] = [];
    for await (const event of stream) {
      names.push(event.event);
      if (names.length === 4) controller.abort();
    }
    assert.deepEqual(names, ['RESUME', 'STOP', 'RESUME', 'STOP']);
    assert.deepEqual(seen, ['RESUME', 'RESUME']);
    unsubscribe();
    await client.execute('cont');
    await client.execute('stop');
    assert.equal(seen.length, 2, 'no calls after unsubscribing');
  });

  it('reports overflow instead of buffering without bound', async () => {
    const stream = client.events({ names: ['STOP', 'RESUME'], bufferSize: 2 });
    for (let i = 0; i < 3; i++) {
      await client.execute('cont');
      await client.execute('stop');
    }
    const first = await stream.next();
    const second = await stream.next();
    assert.equal((first.value as QmpEvent).event, 'RESUME');
    assert.equal((second.value as QmpEvent).event, 'STOP');
    await assert.rejects(stream.next(), (error) => {
      assert.ok(error instanceof EventOverflowError);
      assert.equal(error.capacity, 2);
      assert.equal(error.dropped, 4);
      return true;
    });
    assert.equal((await stream.next()).done, true);
  });

  it('finds an event that came before the wait when history is asked for', async () => {
    await client.execute('cont');
    await client.execute('stop');
    const early = await client.waitForEvent('STOP', { history: true, timeout: 100 });
    assert.equal(early.event, 'STOP');
    await assert.rejects(client.waitForEvent('STOP', { timeout: 100 }), CommandTimeoutError);
    const stream = client.events({ names: ['RESUME'], history: true });
    const replayed = await stream.next();
    assert.equal((replayed.value as QmpEvent).event, 'RESUME');
    await stream.return?.();
  });
});
