import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KvmUnusableError, probeKvm, Vm } from '../../src/launch/index.js';
import { makeRuntimeRoot, qemuChildren, removeRoot } from './support.js';

describe('KVM probe', () => {
  it('gives a verdict within its bound, and start honours it', async () => {
    const t0 = performance.now();
    const probe = await probeKvm('qemu-system-x86_64', 1500);
    const ms = performance.now() - t0;
    console.log(`  KVM usable: ${probe.usable} (${probe.detail}) in ${Math.round(ms)} ms`);
    assert.ok(ms < 5000);
    assert.equal(typeof probe.detail, 'string');
    assert.deepEqual(qemuChildren(), []);

    const root = await makeRuntimeRoot();
    try {
      const start = Vm.start(
        { name: 'kvm', accel: 'kvm', paused: true, memoryMiB: 64 },
        { runtimeRoot: root },
      );
      if (probe.usable) {
        const vm = await start;
        assert.equal((await vm.qmp.execute('query-kvm')).enabled, true);
        await vm.kill();
      } else {
        await assert.rejects(start, (error) => {
          assert.ok(error instanceof KvmUnusableError);
          assert.equal(error.code, 'KVM_UNUSABLE');
          return true;
        });
      }
    } finally {
      await removeRoot(root);
    }
  });
});
