/**
 * Hostile names and paths must reach QEMU as exactly the intended values: each
 * VM is started for real and QEMU is asked what it understood.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HmpConsole } from '../../src/hmp/index.js';
import { Vm } from '../../src/launch/index.js';
import { socketHasClient } from '../../src/launch/socket-clients.js';
import { makeRuntimeRoot, removeRoot, writeFakeKernel } from './support.js';

const CORPUS = [
  'comma,name',
  'key=value',
  'a,id=evil,path=x',
  ',,doubled,,',
  'with space',
  `quote's "double"`,
  'new\nline',
  'tab\there',
  '-leading-dash',
  '--daemonize',
  'help',
  '?',
  '$(touch pwned)`id`;|&',
  'ünïcödé-名前-🙂',
  'x'.repeat(60),
];

describe('hostile names and paths against the real QEMU', () => {
  let root: string;
  let files: string;
  before(async () => {
    root = await makeRuntimeRoot();
    files = join(root, 'files');
  });
  after(() => removeRoot(root));

  for (const name of CORPUS) {
    it(`round-trips ${JSON.stringify(name)}`, async () => {
      const dir = join(files, name);
      await mkdir(dir, { recursive: true });
      const kernel = join(dir, `${name},kernel`);
      const initrd = join(dir, `${name}=initrd`);
      const disk = join(dir, `${name}.img`);
      await writeFakeKernel(kernel);
      await writeFile(initrd, 'initrd');
      await writeFile(disk, Buffer.alloc(1024 * 1024));
      const append = `console=ttyS0 ${name},x=y "${name}"`;
      const vm = await Vm.start(
        {
          name,
          paused: true,
          memoryMiB: 64,
          hotplugPorts: 0,
          vga: 'none',
          kernel,
          initrd,
          append,
          disks: [{ id: 'd0', path: disk, format: 'raw' }],
        },
        // QEMU as ourselves: confined, it would get the kernel and initrd by fd, not by these names.
        { runtimeRoot: root, qemuUser: null },
      );
      try {
        assert.deepEqual(await vm.qmp.execute('query-name'), { name });
        const machine = (property: string) =>
          vm.qmp.execute('qom-get', { path: '/machine', property });
        assert.equal(await machine('kernel'), kernel);
        assert.equal(await machine('initrd'), initrd);
        assert.equal(await machine('append'), append);
        const [block] = await vm.block();
        assert.equal(block?.inserted?.file, disk);
        assert.equal(block?.inserted?.image.filename, disk);

        assert.equal(vm.paths.dir, join(root, name));
        const chardevs = await vm.qmp.execute('query-chardev');
        for (const [label, path] of [
          ['qmon-qmp', vm.paths.qmp],
          ['qmon-hmp', vm.paths.hmp],
          ['qmon-qga', vm.paths.qga],
        ] as const) {
          const chardev = chardevs.find((c) => c.label === label);
          // A socket with no client yet is reported as `disconnected:unix:...`.
          const filename = chardev?.filename.replace(/^disconnected:/, '');
          assert.equal(filename, `unix:${path},server=on`, label);
          assert.ok(existsSync(path), `${label} socket at ${JSON.stringify(path)}`);
        }
        // The serial port is a client of the serial keeper, which serves consoles on serial.sock.
        assert.ok(socketHasClient(vm.paths.serialQemu), 'QEMU connected to the serial keeper');
        assert.ok(existsSync(vm.paths.serial), 'console socket');
        assert.equal(readFileSync(vm.paths.pidfile, 'utf8').trim(), String(vm.pid));
        assert.ok(existsSync(vm.paths.serialLog));
        const hmp = await HmpConsole.connect(vm.paths.hmp);
        assert.equal(await hmp.run('info name'), `${name}\n`);
        await hmp.close();
      } finally {
        await vm.kill();
      }
      assert.ok(!existsSync(vm.paths.qmp));
      assert.ok(!existsSync(vm.paths.pidfile));
    });
  }

  it('passes a 3000-byte disk path whole', async () => {
    const segment = `${'p,'.repeat(60)}=${'q'.repeat(80)}`;
    const dir = join(files, ...Array.from({ length: 16 }, () => segment));
    await mkdir(dir, { recursive: true });
    const disk = join(dir, 'disk,format=qcow2.img');
    await writeFile(disk, Buffer.alloc(512 * 1024));
    assert.ok(disk.length > 3000);
    const vm = await Vm.start(
      { name: 'long-path', paused: true, memoryMiB: 64, disks: [{ path: disk, format: 'raw' }] },
      { runtimeRoot: root, qemuUser: null },
    );
    try {
      const [block] = await vm.block();
      assert.equal(block?.inserted?.file, disk);
      assert.equal(block?.inserted?.drv, 'raw');
    } finally {
      await vm.kill();
    }
  });
});
