// Boots a QEMU with a QMP socket and drives it through qmon: version, status, live events.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatVersion, QmpClient } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'qmon-quickstart-'));
const socket = join(dir, 'qmp.sock');
const qemuArgs = [
  '-machine', 'q35', '-accel', 'tcg', '-m', '128', '-nodefaults', '-display', 'none', '-S',
  '-device', 'pcie-root-port,id=rp1,bus=pcie.0,chassis=1',
  '-global', 'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off',
  '-qmp', `unix:${socket.replaceAll(',', ',,')},server=on,wait=off`,
];
console.log(`$ qemu-system-x86_64 ${qemuArgs.join(' ')}`);
const qemu = spawn('qemu-system-x86_64', qemuArgs, { stdio: ['ignore', 'ignore', 'inherit'] });

try {
  for (let i = 0; i < 200 && !existsSync(socket); i++) await sleep(25);
  const client = await QmpClient.connect(socket);
  console.log(`connected: QEMU ${formatVersion(client.greeting.version)} (${client.greeting.version.package})`);
  console.log('status:', (await client.execute('query-status')).status);

  client.onAnyEvent((event) => {
    const at = new Date(event.timestamp.seconds * 1000 + event.timestamp.microseconds / 1000).toISOString();
    console.log(`event ${at} ${event.event} ${JSON.stringify(event.data)}`);
  });
  await client.execute('cont');
  console.log('status:', (await client.execute('query-status')).status);
  await client.execute('device_add', { driver: 'virtio-net-pci', id: 'nic0', bus: 'rp1' });
  console.log('hot-plugged nic0; unplugging and waiting for DEVICE_DELETED');
  await client.executeAndWait('device_del', { id: 'nic0' }, 'DEVICE_DELETED', {
    match: (event) => event.data.device === 'nic0',
  });
  console.log((await client.hmp('info status')).trim(), '(through HMP)');
  await client.execute('quit');
  await client.closed;
} finally {
  if (qemu.exitCode === null) qemu.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
