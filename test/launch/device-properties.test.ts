import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QmpClient } from '../../src/index.js';
import { typeDeviceProperties, typedPropertyValue } from '../../src/launch/device-properties.js';
import { InvalidSpecError } from '../../src/launch/errors.js';
import { Hotplug } from '../../src/launch/hotplug.js';
import { runQmon } from '../support/cli.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';

describe('device properties given as text', () => {
  it('takes the JSON type of the property', () => {
    assert.equal(typedPropertyValue('max-bytes', 'uint64', '1024'), 1024);
    assert.equal(typedPropertyValue('x', 'int32', '-7'), -7);
    assert.equal(typedPropertyValue('x', 'uint32', '0x10'), 16);
    assert.equal(typedPropertyValue('x', 'size', '64K'), 65536);
    assert.equal(typedPropertyValue('x', 'size', '4096'), 4096);
    assert.equal(typedPropertyValue('x', 'bool', 'on'), true);
    assert.equal(typedPropertyValue('x', 'bool', 'false'), false);
    assert.equal(typedPropertyValue('serial', 'str', '1234'), '1234');
    assert.equal(typedPropertyValue('x', 'OnOffAuto', 'auto'), 'auto');
    assert.throws(() => typedPropertyValue('max-bytes', 'uint64', 'lots'), InvalidSpecError);
    assert.throws(() => typedPropertyValue('x', 'bool', 'maybe'), /device\.x: expects on or off/);
  });
});

describe('hot-plugging with text properties, against a real QEMU', () => {
  let qemu: TestQemu;
  let qmp: QmpClient;
  before(async () => {
    qemu = await startQemu(q35Args(2));
    qmp = await QmpClient.connect(qemu.qmp);
  });
  after(async () => {
    await qmp?.close();
    await qemu.stop();
  });

  it("types them by device-list-properties, so device_add takes them on QEMU's strict JSON", async () => {
    const typed = await typeDeviceProperties(qmp, 'virtio-rng-pci', {
      driver: 'virtio-rng-pci',
      id: 'rng0',
      'max-bytes': '1024',
      period: '500',
      'not-a-property': '5',
    });
    assert.deepEqual(typed, {
      driver: 'virtio-rng-pci',
      id: 'rng0',
      'max-bytes': 1024,
      period: 500,
      'not-a-property': '5',
    });
    const hotplug = new Hotplug(qmp, 0);
    await hotplug.addDevice({
      driver: 'virtio-rng-pci',
      id: 'rng0',
      bus: 'rp1',
      'max-bytes': '1024',
    });
    const value = await qmp.execute('qom-get', {
      path: '/machine/peripheral/rng0',
      property: 'max-bytes',
    });
    assert.equal(value, 1024);
  });

  it('types them the same way for qmon exec device_add key=value', async () => {
    const added = await runQmon([
      'exec',
      qemu.qmp2,
      'device_add',
      'driver=virtio-rng-pci',
      'id=rng1',
      'bus=rp2',
      'ats=off',
      'max-bytes=2048',
    ]);
    assert.equal(added.code, 0, added.stderr);
    const get = (property: string) =>
      qmp.execute('qom-get', { path: '/machine/peripheral/rng1', property });
    assert.equal(await get('ats'), false);
    assert.equal(await get('max-bytes'), 2048);
  });
});
