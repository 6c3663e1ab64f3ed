/**
 * Boots the demo guest (a real kernel and the real qemu-ga, under TCG) from a
 * VM spec, and checks what only a guest can show: the agent, the serial
 * console log, a NIC link going down, a guest-initiated power-off.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec, Vm, type VmState } from '../../src/launch/index.js';
import { QgaClient } from '../../src/qga/index.js';
import { connectSocket } from '../../src/transport/index.js';
import { demoGuestAgentFacts } from '../support/qemu-version.js';
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
    vm = await Vm.start(demoGuestVmSpec(guest, 'demo'), {
      runtimeRoot: root,
      serialLogMaxBytes: 64,
    });
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
    assert.equal((await agent.execute('guest-info')).version, demoGuestAgentFacts.full);
    const rotated = existsSync(`${vm.paths.serialLog}.1`)
      ? readFileSync(`${vm.paths.serialLog}.1`, 'utf8')
      : '';
    const console = rotated + readFileSync(vm.paths.serialLog, 'utf8');
    assert.match(console, /qmon-guest: agent starting/);
  });

  it('keeps serial.log within its limit, rotating into serial.log.1', async () => {
    await agent.exec('/bin/sh', ['-c', 'echo console-after-rotation > /dev/ttyS0']);
    const both = () =>
      readFileSync(`${vm.paths.serialLog}.1`, 'utf8') + readFileSync(vm.paths.serialLog, 'utf8');
    const deadline = performance.now() + 5000;
    while (!both().includes('console-after-rotation') && performance.now() < deadline) {
      await sleep(50);
    }
    assert.match(both(), /console-after-rotation/);
    for (const file of [vm.paths.serialLog, `${vm.paths.serialLog}.1`]) {
      assert.ok(statSync(file).size <= 64, `${file}: ${statSync(file).size} bytes`);
    }
    const attached = await connectSocket({ kind: 'unix', path: vm.paths.serial });
    attached.destroy();
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
    await agent.execute('guest-shutdown', { mode: 'powerdown' });
    const exit = await vm.exited;
    assert.equal(exit.expected, true);
    assert.equal(exit.code, 0);
    assert.deepEqual(states, ['shutdown', 'exited']);
    assert.deepEqual(qemuChildren(), []);
  });
});
