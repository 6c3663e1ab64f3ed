// qmon's main job, end to end: boot a VM, watch it over QMP, talk to its guest agent, shut it down.
// With no image of your own, it boots qmon's demo guest (a kernel and an initramfs with
// busybox and the real qemu-ga, built once from Debian's packages and cached).
import { rmSync } from 'node:fs';
import { QgaClient, Vm } from '../src/index.js';
import { demoGuestVmSpec, ensureDemoGuest } from '../src/launch/index.js';
import { formatVersion } from '../src/qmp/index.js';

const step = (text: string) => console.log(`\n== ${text}`);

step('preparing the demo guest (built from Debian packages on first use, then cached)');
const guest = await ensureDemoGuest({ onProgress: (line) => console.log(`   ${line}`) });

step('starting a VM under TCG');
const vm = await Vm.start(demoGuestVmSpec(guest, 'qmon-demo'));
try {
  console.log(
    `   ${vm.name}: QEMU ${vm.qemuVersion}, pid ${vm.pid}, runtime folder ${vm.paths.dir}`,
  );
  console.log(
    `   QMP greeting: QEMU ${formatVersion(vm.qmp.greeting.version)} (${vm.qmp.greeting.version.package})`,
  );
  console.log(`   status: ${(await vm.status()).status}`);
  vm.qmp.onAnyEvent((event) =>
    console.log(`   event ${event.event} ${JSON.stringify(event.data)}`),
  );

  step('pausing and resuming (watch the STOP and RESUME events)');
  await vm.pause();
  await vm.resume();
  console.log(`   status: ${(await vm.status()).status}`);

  step('waiting for the guest agent inside the VM');
  const started = performance.now();
  const agent = await QgaClient.waitUntilReady(vm.paths.qga, { timeout: 120_000 });
  console.log(`   agent ready after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const info = await agent.execute('guest-info');
  console.log(`   qemu-ga ${info.version}, ${info.supported_commands.length} commands`);
  const os = await agent.execute('guest-get-osinfo');
  console.log(`   guest OS: ${os['pretty-name'] ?? os.id}, kernel ${os['kernel-release']}`);
  const result = await agent.exec('/bin/sh', ['-c', 'echo "hello from $(hostname)"; uptime'], {
    captureOutput: true,
  });
  console.log(
    `   guest-exec exit ${result.exitCode}: ${result.stdout.trim().replaceAll('\n', ' | ')}`,
  );

  step('asking the guest to power off through its agent');
  await agent.execute('guest-shutdown', { mode: 'powerdown' });
  await agent.close();
  const exit = await vm.waitForState(['exited', 'crashed'], { timeout: 30_000 });
  console.log(`   VM ${exit}`);
} finally {
  if (vm.state !== 'exited' && vm.state !== 'crashed') await vm.kill();
  // The runtime folder keeps QEMU's log and the exit record; the demo leaves nothing behind.
  rmSync(vm.paths.dir, { recursive: true, force: true });
}
