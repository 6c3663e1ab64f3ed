import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { QmpClient, type QmpEvent } from '../../src/qmp/index.js';
import { q35Args } from '../support/qemu.js';
import { LineClient, type MuxTestQemu, socketDir, startQemuWithDirect } from './support.js';

const isEvent = (line: string) => line.startsWith('{"timestamp"');

describe('events through the mux', () => {
  let qemu: MuxTestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;

  before(async () => {
    qemu = await startQemuWithDirect(q35Args(1));
    sockets = socketDir();
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [join(sockets.dir, 'qmp.sock')],
      log: () => {},
    });
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  it('gives every client every event of a hotplug and stop/cont sequence, unchanged and in order', async () => {
    const address = mux.listeners[0]!.address;
    const direct = await LineClient.negotiated(qemu.direct);
    const raw = await Promise.all(Array.from({ length: 4 }, () => LineClient.negotiated(address)));
    const library = await QmpClient.connect(address);
    const seen: QmpEvent[] = [];
    library.onAnyEvent((event) => seen.push(event));
    // A client that has not negotiated yet gets no events, as with QEMU.
    const fresh = await LineClient.open(address);
    await fresh.waitForLines(1);

    const actor = raw[0]!;
    actor.send(
      [
        '{"execute":"cont","id":1}',
        '{"execute":"device_add","arguments":{"driver":"virtio-net-pci","id":"nic1","bus":"rp1"},"id":2}',
        '{"execute":"stop","id":3}',
        '{"execute":"device_del","arguments":{"id":"nic1"},"id":4}',
        '{"execute":"cont","id":5}',
        '{"execute":"stop","id":6}',
        '',
      ].join('\n'),
    );
    await actor.waitForText(/"id": 6/);
    // DEVICE_DELETED comes from QEMU's main loop after device_del returns.
    await direct.waitForText(/"event": "DEVICE_DELETED", "data": \{"device": "nic1"/);
    await direct.waitForText(/"event": "STOP"[\s\S]*"event": "STOP"/);

    const expected = direct.lines.filter(isEvent);
    const names = expected.map((line) => JSON.parse(line).event as string);
    assert.deepEqual(
      names.filter((name) => name !== 'DEVICE_DELETED'),
      ['RESUME', 'STOP', 'RESUME', 'STOP'],
    );
    assert.ok(names.includes('DEVICE_DELETED'));
    for (const client of raw) {
      await client.waitForLines(client === actor ? expected.length + 6 : expected.length);
      assert.deepEqual(
        client.lines.filter(isEvent),
        expected,
        'the same bytes as QEMU sent, in order',
      );
    }
    for (let i = 0; i < 100 && seen.length < expected.length; i++) await sleep(50);
    assert.deepEqual(
      seen.map((event) => [event.event, event.timestamp, event.data]),
      expected.map((line) => {
        const event = JSON.parse(line);
        return [event.event, event.timestamp, event.data ?? {}];
      }),
    );
    assert.equal(fresh.lines.length, 1, 'only the greeting');
    assert.equal(mux.stats().upstream.events, expected.length);
    for (const client of [direct, ...raw, fresh]) client.close();
    await library.close();
  });
});
