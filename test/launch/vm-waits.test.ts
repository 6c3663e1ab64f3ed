// Every wait of a Vm is bounded and cancellable: a timeout rejects with
// VmTimeoutError, an AbortSignal with CommandAbortedError, and QEMU is left as it was.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Vm, VmTimeoutError } from '../../src/launch/index.js';
import { CommandAbortedError } from '../../src/session/errors.js';
import { makeRuntimeRoot, removeRoot } from './support.js';

describe('Vm waits take { timeout, signal }', () => {
  let root: string;
  let vm: Vm;
  before(async () => {
    root = await makeRuntimeRoot();
    vm = await Vm.start({ name: 'waits', paused: true, memoryMiB: 64 }, { runtimeRoot: root });
  });
  after(async () => {
    await vm?.kill().catch(() => {});
    await removeRoot(root);
  });

  it('waitForState rejects with VmTimeoutError when the time runs out', async () => {
    const t0 = performance.now();
    await assert.rejects(vm.waitForState('shutdown', { timeout: 100 }), VmTimeoutError);
    assert.ok(performance.now() - t0 < 2000);
  });

  it('waitForState rejects with CommandAbortedError when its signal aborts', async () => {
    const waiting = vm.waitForState(['shutdown', 'exited'], {
      signal: AbortSignal.timeout(50),
      timeout: 60_000,
    });
    await assert.rejects(waiting, (error: Error) => error instanceof CommandAbortedError);
    await assert.rejects(
      vm.waitForState('running', { signal: AbortSignal.abort() }),
      CommandAbortedError,
    );
  });

  it('shutdown and kill with an aborted signal reject and leave QEMU running', async () => {
    await assert.rejects(vm.shutdown({ signal: AbortSignal.abort() }), CommandAbortedError);
    await assert.rejects(vm.kill({ signal: AbortSignal.abort() }), CommandAbortedError);
    assert.equal(vm.exit, undefined);
    assert.equal((await vm.status()).status, 'prelaunch');
  });

  it('shutdown stops escalating when its signal aborts during the power-down wait', async () => {
    await vm.resume();
    const t0 = performance.now();
    // The guest has no OS to power off: without the signal this would wait 60 s, then quit.
    await assert.rejects(
      vm.shutdown({ timeout: 60_000, signal: AbortSignal.timeout(200) }),
      CommandAbortedError,
    );
    assert.ok(performance.now() - t0 < 5000);
    assert.equal(vm.exit, undefined);
  });

  it('sendKey passes its signal on', async () => {
    await assert.rejects(
      vm.sendKey(['ctrl'], { signal: AbortSignal.abort() }),
      (error: Error & { code?: string }) => error.code === 'ABORTED',
    );
  });
});
