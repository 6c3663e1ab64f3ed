/**
 * Boots the demo guest (a real kernel and the real qemu-ga, under TCG) from a
 * VM spec, and checks what only a guest can show: the agent, the serial
 * console log, a NIC link going down, a guest-initiated power-off.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec, Vm, type VmState } from '../../src/launch/index.js';
import { QgaClient } from '../../src/qga/index.js';
import { makeRuntimeRoot, qemuChildren, removeRoot } from './support.js';

describe('the demo guest booted from a spec', () => {
  let root: string;
  let vm: Vm;
  let agent: QgaClient;
  const states: VmState[] = [];
  before(async () => {
    root = await makeRuntimeRoot();
    const guest = await ensureDemoGuest();
    const t0 = performance.now();
    vm = await Vm.start(demoGuestVmSpec(guest, 'demo'), { runtimeRoot: root });
    vm.onStateChange((state) => states.push(state));
    agent = await QgaClient.waitUntilReady(vm.paths.qga, { timeout: 60_000 });
    console.log(`  spawn to agent ready: ${Math.round(performance.now() - t0)} ms`);
  });
  after(async () => {
    await agent?.close();
    await vm?.kill();
    await removeRoot(root);
  });

  it('runs the agent on qga.sock and logs the console to serial.log', async () => {
    assert.equal(vm.state, 'running');
    assert.match((await agent.info()).version, /^7\.2/);
    assert.match(readFileSync(vm.paths.serialLog, 'utf8'), /qmon-guest: agent starting/);
  });

  it('takes the NIC link down and up as the guest sees it', async () => {
    const carrier = async () =>
      (await agent.exec('/bin/cat', ['/sys/class/net/eth0/carrier'])).stdout.trim();
    assert.equal(await carrier(), '1');
    await vm.setLink('nic0', false);
    assert.equal(await carrier(), '0');
    await vm.setLink('nic0', true);
    assert.equal(await carrier(), '1');
  });

  it('ends as exited when the guest powers off', async () => {
    await agent.shutdown('powerdown');
    const exit = await vm.exited;
    assert.equal(exit.expected, true);
    assert.equal(exit.code, 0);
    assert.deepEqual(states, ['shutdown', 'exited']);
    assert.deepEqual(qemuChildren(), []);
  });
});
