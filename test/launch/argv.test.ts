import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildQemuArgv,
  InvalidSpecError,
  keyValueOption,
  pathsIn,
  resolveSpec,
  runtimePaths,
  SocketPathTooLongError,
  type VmSpec,
} from '../../src/launch/index.js';

const ROOT = '/run/user/1000/qmon';

function argvOf(spec: VmSpec): string[] {
  const resolved = resolveSpec(spec);
  return buildQemuArgv(resolved, runtimePaths(resolved.name, ROOT));
}

/** The argument following each occurrence of `option`. */
function valuesOf(argv: string[], option: string): string[] {
  return argv.flatMap((arg, i) => (arg === option ? [argv[i + 1]!] : []));
}

describe('argv builder', () => {
  it('doubles commas in QemuOpts values and leaves the rest literal', () => {
    assert.equal(
      keyValueOption('x', [
        ['path', '/a,b=c d'],
        ['server', true],
        ['skip', undefined],
      ]),
      'path=/a,,b=c d,server=on',
    );
    const argv = argvOf({ name: 'a,b=c' });
    assert.deepEqual(valuesOf(argv, '-name'), ['guest=a,,b=c']);
    const qmp = valuesOf(argv, '-chardev').find((value) => value.includes('qmon-qmp'));
    assert.equal(qmp, `socket,id=qmon-qmp,path=${ROOT}/a,,b=c/qmp.sock,server=on,wait=off`);
  });

  it('passes -kernel, -initrd, -append and -pidfile whole', () => {
    const argv = argvOf({
      name: 'k',
      kernel: '/k,x=1',
      initrd: '/i,y',
      append: 'console=ttyS0,115200 "quoted"\nnext',
    });
    assert.deepEqual(valuesOf(argv, '-kernel'), ['/k,x=1']);
    assert.deepEqual(valuesOf(argv, '-initrd'), ['/i,y']);
    assert.deepEqual(valuesOf(argv, '-append'), ['console=ttyS0,115200 "quoted"\nnext']);
    assert.deepEqual(valuesOf(argv, '-pidfile'), [`${ROOT}/k/qemu.pid`]);
  });

  it('emits disks, NICs and devices as JSON', () => {
    const argv = argvOf({
      name: 'j',
      disks: [{ path: '/d,"x"\n.qcow2' }],
      nics: [
        { id: 'lan', mac: '52:54:00:00:00:01', hostForwards: [{ hostPort: 0, guestPort: 22 }] },
      ],
      devices: [{ driver: 'virtio-rng-pci', id: 'rng0' }],
    });
    const blockdev = JSON.parse(valuesOf(argv, '-blockdev')[0]!);
    assert.deepEqual(blockdev, {
      driver: 'qcow2',
      'node-name': 'disk0',
      'read-only': false,
      file: {
        driver: 'file',
        'node-name': 'qmon-disk0-f',
        filename: '/d,"x"\n.qcow2',
        'read-only': false,
      },
      backing: null,
    });
    const netdev = JSON.parse(valuesOf(argv, '-netdev')[0]!);
    assert.deepEqual(netdev, {
      type: 'user',
      id: 'lan-user',
      hostfwd: [{ str: 'tcp:127.0.0.1:0-:22' }],
    });
    const devices = valuesOf(argv, '-device').map((value) => JSON.parse(value));
    assert.ok(devices.some((d) => d.driver === 'virtio-rng-pci' && d.id === 'rng0'));
    assert.ok(devices.some((d) => d.driver === 'virtio-net-pci' && d.netdev === 'lan-user'));
    assert.equal(devices.filter((d) => d.driver === 'pcie-root-port').length, 2);
  });

  it('starts with the fixed options and the seccomp sandbox, all items denied', () => {
    const argv = argvOf({ name: 's' });
    assert.deepEqual(argv.slice(0, 8), [
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
      '-msg',
      'timestamp=on',
      '-sandbox',
      'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny',
    ]);
    assert.ok(!argv.includes('-drive'));
    const relaxed = argvOf({ name: 's', sandbox: { spawn: 'allow' } });
    assert.deepEqual(valuesOf(relaxed, '-sandbox'), [
      'on,obsolete=deny,elevateprivileges=deny,spawn=allow,resourcecontrol=deny',
    ]);
    assert.throws(() => argvOf({ name: 's', sandbox: { spawn: 'maybe' as 'allow' } }), /spawn/);
    assert.throws(() => argvOf({ name: 's', sandbox: { seccomp: 'off' } as object }), /seccomp/);
  });

  it('opens an inspected backing chain node by node, read-only below the top', () => {
    const resolved = resolveSpec({ name: 'c', disks: [{ id: 'sys', path: '/top.qcow2' }] });
    resolved.disks[0]!.layers = [
      { path: '/top.qcow2', format: 'qcow2', protocol: 'file' },
      { path: '/base.qcow2', format: 'qcow2', protocol: 'file' },
      { path: '/dev/sdz', format: 'raw', protocol: 'host_device' },
    ];
    const argv = buildQemuArgv(resolved, runtimePaths('c', ROOT), {
      kernelPath: '/proc/self/fd/3',
    });
    const top = JSON.parse(valuesOf(argv, '-blockdev')[0]!);
    assert.equal(top['node-name'], 'sys');
    assert.equal(top.backing['node-name'], 'qmon-sys-b1');
    assert.equal(top.backing['read-only'], true);
    assert.equal(top.backing.file['node-name'], 'qmon-sys-b1f');
    assert.deepEqual(top.backing.backing, {
      driver: 'raw',
      'node-name': 'qmon-sys-b2',
      'read-only': true,
      file: {
        driver: 'host_device',
        'node-name': 'qmon-sys-b2f',
        filename: '/dev/sdz',
        'read-only': true,
      },
    });
    assert.throws(
      () => argvOf({ name: 'l', disks: [{ id: 'a'.repeat(23), path: '/x' }] }),
      /disks\[0\]\.id: at most 22/,
    );
  });

  it('rejects what cannot be made safe, naming the field', () => {
    const bad: [VmSpec, RegExp][] = [
      [{ name: 'a\0b' }, /^name: contains a NUL byte/],
      [{ name: '..' }, /^name: /],
      [{ name: '.' }, /^name: /],
      [{ name: '' }, /^name: /],
      [{ name: 'a/b' }, /^name: contains "\/"/],
      [{ name: '../escape' }, /^name: contains "\/"/],
      [{ name: 'x'.repeat(256) }, /^name: is longer/],
      [{ name: 'ok', kernel: '/k\0' }, /^kernel: contains a NUL/],
      [{ name: 'ok', append: 'x' }, /^kernel: initrd and append need a kernel/],
      [{ name: 'ok', disks: [{ path: '/a\0' }] }, /^disks\[0\]\.path: contains a NUL/],
      [{ name: 'ok', disks: [{ id: 'a,b', path: '/a' }] }, /^disks\[0\]\.id: .* is not a QEMU id/],
      [{ name: 'ok', devices: [{ driver: 'x', id: '1x' }] }, /is not a QEMU id/],
      [{ name: 'ok', devices: [{ driver: 'x', serial: 'a\0' }] }, /devices\[0\]\.serial/],
      [{ name: 'ok', cpu: 'max,+vmx' }, /^cpu: /],
      [{ name: 'ok', machine: 'q35,accel=kvm' }, /^machine: /],
      [{ name: 'ok', extraArgs: ['\0'] }, /^extraArgs\[0\]/],
      [{ name: 'ok', nics: [{ mac: 'zz' }] }, /^nics\[0\]\.mac/],
      [{ name: 'ok', disks: [{ path: '/a' }, { path: '/b', id: 'disk0' }] }, /used twice/],
      [{ name: 'ok', disks: [{ path: '\ud800' }] }, /lone UTF-16 surrogate/],
    ];
    for (const [spec, message] of bad) {
      assert.throws(
        () => argvOf(spec),
        (error) => {
          assert.ok(error instanceof InvalidSpecError, `${JSON.stringify(spec)}: ${error}`);
          assert.equal(error.code, 'INVALID_SPEC');
          assert.match(error.message, message);
          return true;
        },
      );
    }
  });

  it('refuses runtime folders whose socket paths exceed the unix limit', () => {
    assert.throws(() => runtimePaths('n'.repeat(100), ROOT), SocketPathTooLongError);
    assert.throws(
      () => pathsIn(`/srv/${'d'.repeat(100)}`),
      (error) => {
        assert.ok(error instanceof SocketPathTooLongError);
        assert.equal(error.code, 'SOCKET_PATH_TOO_LONG');
        assert.match(error.message, /limited to 107/);
        return true;
      },
    );
  });
});
