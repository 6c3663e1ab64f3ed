// `npm start`: qmon's web dashboard on this machine, with a VM to look at.
// Starts the daemon on loopback with its embedded database (in a fresh temporary
// folder), defines and boots qmon's demo guest with a graphic console, a serial
// console and a qcow2 disk (for snapshots), prints the dashboard's address with a
// one-time login link, and on Ctrl-C stops the VM and the daemon and removes
// the folder. QMON_LISTEN=HOST:PORT picks the address (default 127.0.0.1:8480,
// or a free port when that one is taken).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Daemon, startDaemon } from '../src/daemon/index.js';
import { demoGuestVmSpec, ensureDemoGuest, qemuIdentity } from '../src/launch/index.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function privateFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qmon-dashboard-'));
  // As root, QEMU runs as its own user, which must pass through to the VM's folder.
  const identity = await qemuIdentity(undefined);
  if (identity) {
    await chown(dir, 0, identity.gid);
    await chmod(dir, 0o710);
  }
  return dir;
}

async function listen(options: Parameters<typeof startDaemon>[0]): Promise<Daemon> {
  const wanted = process.env.QMON_LISTEN;
  try {
    return await startDaemon({ ...options, listen: wanted ?? '127.0.0.1:8480' });
  } catch (error) {
    if (wanted || (error as { code?: string }).code !== 'EADDRINUSE') throw error;
    return startDaemon({ ...options, listen: '127.0.0.1:0' });
  }
}

say('qmon dashboard: preparing the demo guest (built from Debian packages on first use)');
const guest = await ensureDemoGuest({ onProgress: (line) => say(`   ${line}`) });
const dir = await privateFolder();
const password = randomBytes(12).toString('base64url');
const daemon = await listen({
  stateDir: join(dir, 'state'),
  runtimeRoot: join(dir, 'run'),
  initAdmin: { name: 'admin', password },
  log: (message) => say(`   daemon: ${message}`),
});

let stopping: Promise<void> | undefined;
const stop = () => {
  stopping ??= (async () => {
    say('\nqmon dashboard: stopping the VM and the daemon');
    await daemon.context.owner.kill(vmId).catch(() => {});
    await daemon.close();
    await rm(dir, { recursive: true, force: true });
    say('qmon dashboard: stopped');
  })();
  return stopping;
};
let vmId = '';
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  void stop().then(() => process.exit(0));
});
process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

try {
  const disk = join(dir, 'demo.qcow2');
  await promisify(execFile)('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
  const identity = await qemuIdentity(undefined);
  if (identity) {
    await chown(disk, 0, identity.gid);
    await chmod(disk, 0o660);
  }
  const vm = daemon.context.definitions.define({
    spec: demoGuestVmSpec(guest, 'demo', {
      vga: 'std',
      vnc: true,
      hotplugPorts: 2,
      // On IDE, not virtio: the demo guest mounts /dev/vda, and this disk has no filesystem.
      disks: [{ id: 'disk0', path: disk, format: 'qcow2', model: 'ide-hd' }],
    }),
  });
  vmId = vm.id;
  await daemon.context.owner.start(vm.id);
} catch (error) {
  await stop();
  throw error;
}

say(`
qmon dashboard: ${daemon.url}/
  log in once with this link (valid 10 minutes):
    ${daemon.loginLink('admin')}
  or as user admin with password ${password}
  state folder ${dir} (removed on exit)
  Ctrl-C stops the VM and the daemon.`);
