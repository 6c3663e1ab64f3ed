import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLibvirtUri, parseLibvirtUri } from '../../src/libvirt/uri.js';

describe('libvirt URIs', () => {
  it('maps the system, session and unix-socket forms to a socket and the name to open', () => {
    assert.deepEqual(parseLibvirtUri('qemu:///system'), {
      uri: 'qemu:///system',
      socket: '/run/libvirt/libvirt-sock',
      openName: 'qemu:///system',
    });
    assert.equal(
      parseLibvirtUri('qemu:///session', { XDG_RUNTIME_DIR: '/run/user/1000' }).socket,
      '/run/user/1000/libvirt/libvirt-sock',
    );
    assert.deepEqual(parseLibvirtUri('qemu+unix:///system?socket=/tmp/a%20b/sock'), {
      uri: 'qemu+unix:///system?socket=/tmp/a%20b/sock',
      socket: '/tmp/a b/sock',
      openName: 'qemu:///system',
    });
  });

  it('refuses remote hosts, other drivers and unknown parameters with INVALID_TARGET', () => {
    for (const uri of [
      'qemu+ssh://host/system',
      'xen:///system',
      'qemu:///embed',
      'qemu:///system?mode=legacy',
    ])
      assert.throws(() => parseLibvirtUri(uri), { code: 'INVALID_TARGET' }, uri);
  });

  it('takes LIBVIRT_DEFAULT_URI when set', () => {
    assert.equal(defaultLibvirtUri({ LIBVIRT_DEFAULT_URI: 'qemu:///session' }), 'qemu:///session');
  });
});
