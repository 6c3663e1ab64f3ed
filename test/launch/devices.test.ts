import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { QmpCommandError } from '../../src/index.js';
import {
  convertPpmFile,
  NoFreeHotplugPortError,
  parsePpm,
  pngSize,
  Vm,
} from '../../src/launch/index.js';
import { makeRuntimeRoot, removeRoot, shareWithQemu } from './support.js';

const run = promisify(execFile);

describe('devices, disks, snapshots and the screen of a q35 VM', () => {
  let root: string;
  let vm: Vm;
  let system: string;
  before(async () => {
    root = await makeRuntimeRoot();
    system = join(root, 'system.qcow2');
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', system, '64M']);
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', join(root, 'extra.qcow2'), '16M']);
    await shareWithQemu(root, system, join(root, 'extra.qcow2'));
    vm = await Vm.start(
      {
        name: 'devices',
        paused: true,
        memoryMiB: 64,
        hotplugPorts: 2,
        disks: [{ id: 'system', path: system }],
        nics: [{ id: 'lan', model: 'e1000' }],
        balloon: true,
      },
      { runtimeRoot: root },
    );
  });
  after(async () => {
    await vm.kill();
    await removeRoot(root);
  });

  it('hotplugs into free root ports and unplugs on DEVICE_DELETED', async () => {
    const rng = await vm.addDevice({ driver: 'virtio-rng-pci', id: 'rng0' });
    const auto = await vm.addDevice({ driver: 'virtio-rng-pci' });
    assert.equal(rng, 'rng0');
    const behind = () =>
      Promise.all(
        ['qmon-hp1', 'qmon-hp2'].map(async (port) => {
          const links = await vm.qmp.execute('qom-list', {
            path: `/machine/peripheral/${port}/${port}`,
          });
          return links.filter((link) => link.name.startsWith('child[')).map((link) => link.type);
        }),
      );
    assert.deepEqual(await behind(), [['link<virtio-rng-pci>'], ['link<virtio-rng-pci>']]);
    assert.equal(
      await vm.qmp.execute('qom-get', {
        path: `/machine/peripheral/${auto}`,
        property: 'parent_bus',
      }),
      '/machine/peripheral/qmon-hp2/qmon-hp2',
    );
    await assert.rejects(vm.addDevice({ driver: 'virtio-rng-pci' }), NoFreeHotplugPortError);
    const t0 = performance.now();
    await vm.removeDevice('rng0', { timeout: 5000 });
    console.log(`  device_del to DEVICE_DELETED: ${Math.round(performance.now() - t0)} ms`);
    await vm.removeDevice(auto);
    assert.deepEqual(await behind(), [[], []]);
    await assert.rejects(vm.removeDevice('nothing'), QmpCommandError);
  });

  it('adds and removes a qcow2 disk', async () => {
    const extra = join(root, 'extra.qcow2');
    await vm.addDisk({ id: 'extra', path: extra });
    const nodes = (await vm.block()).map((block) => block.inserted?.['node-name']);
    assert.deepEqual(nodes, ['system', 'extra']);
    await vm.removeDisk('extra');
    assert.deepEqual(
      (await vm.block()).map((block) => block.inserted?.['node-name']),
      ['system'],
    );
    const named = await vm.qmp.execute('query-named-block-nodes');
    assert.ok(!named.some((node) => node['node-name'] === 'extra'));
  });

  it('reports the NICs and sets a link down and up', async () => {
    const network = await vm.network();
    const nic = network.find((client) => client.name === 'lan');
    assert.equal(nic?.type, 'nic');
    assert.equal(nic?.properties.model, 'e1000');
    assert.equal(nic?.peer, 'lan-user');
    await vm.setLink('lan', false);
    await vm.setLink('lan', true);
    await assert.rejects(vm.setLink('nope', false), /not found/);
  });

  it('saves, lists, loads and deletes internal snapshots on qcow2', async () => {
    const tag = 'before upgrade, "v1"';
    await vm.saveSnapshot(tag);
    const [snapshot] = await vm.listSnapshots();
    assert.equal(snapshot?.tag, tag);
    assert.ok((snapshot?.vmStateSize ?? 0) > 0);
    await vm.loadSnapshot(tag);
    assert.equal(vm.state, 'paused');
    await assert.rejects(vm.loadSnapshot('no such tag'), (error) => {
      assert.equal((error as { code?: string }).code, 'JOB_FAILED');
      assert.match((error as Error).message, /no such tag|not found|Snapshot/i);
      return true;
    });
    await vm.deleteSnapshot(tag);
    assert.deepEqual(await vm.listSnapshots(), []);
    const { stdout } = await run('qemu-img', ['snapshot', '-U', '-l', system]);
    assert.doesNotMatch(stdout, /before upgrade/);
  });

  it('saves the screen as a PNG of the display size, by QEMU or by conversion', async () => {
    const png = join(root, 'screen, 1.png');
    const shot = await vm.screendump(png);
    assert.equal(shot.encodedBy, 'qemu');
    // No guest has set a mode: the std VGA shows its 640x480 start-up screen.
    assert.deepEqual([shot.width, shot.height], [640, 480]);
    assert.deepEqual(pngSize(readFileSync(png)), { width: 640, height: 480 });

    const ppm = join(vm.paths.dir, 'screen.ppm');
    await vm.qmp.execute('screendump', { filename: ppm });
    const converted = await convertPpmFile(ppm);
    assert.deepEqual(pngSize(converted), { width: 640, height: 480 });
    assert.deepEqual(decodeRgbPng(converted), parsePpm(readFileSync(ppm)).rgb);
  });

  it('sends keys and sets the balloon', async () => {
    await vm.sendKey(['ctrl', 'alt', 'delete']);
    const info = await vm.balloonInfo();
    assert.equal(info.actual, 64 * 1024 * 1024);
    await vm.balloon(48 * 1024 * 1024);
  });
});

/** Undoes encodePng (filter 0 rows only): enough to compare pixels in a test. */
function decodeRgbPng(png: Buffer): Buffer {
  const { width, height } = pngSize(png);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width * 3 + 1)], 0);
    raw.copy(rgb, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  }
  return rgb;
}

describe('the screen once firmware has set a text mode', () => {
  it('dumps 720x400 (80x25 characters of 9x16) after SeaBIOS starts', async () => {
    const root = await makeRuntimeRoot();
    const vm = await Vm.start(
      { name: 'bios', memoryMiB: 64, hotplugPorts: 0 },
      { runtimeRoot: root },
    );
    try {
      const png = join(root, 'bios.png');
      let size = { width: 0, height: 0 };
      const deadline = performance.now() + 15_000;
      while (performance.now() < deadline) {
        size = await vm.screendump(png);
        if (size.width === 720) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual([size.width, size.height], [720, 400]);
      assert.deepEqual(pngSize(readFileSync(png)), { width: 720, height: 400 });
    } finally {
      await vm.kill();
      await removeRoot(root);
    }
  });
});
