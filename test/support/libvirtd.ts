/**
 * A real libvirtd for tests, started without systemd: a private libvirtd.conf,
 * socket folder, pid file and log in a temporary folder; stopped by its pid.
 * It needs root, libvirt installed and /etc/libvirt/qemu.conf with the settings
 * scripts/setup.sh writes (see docs/libvirt.md); otherwise `skipReason` says why.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DemoGuest } from '../../src/launch/demo-guest/demo-guest.js';

export interface TestLibvirtd {
  dir: string;
  socket: string;
  /** `qemu+unix:///system?socket=...` for this daemon. */
  uri: string;
  process: ChildProcess;
  exited: Promise<unknown>;
  log(): Promise<string>;
  /** SIGTERM, SIGKILL after 30 s (libvirtd waits for stuck jobs); removes the folder. Idempotent. */
  stop(): Promise<void>;
}

const REQUIRED_QEMU_CONF: Record<string, RegExp> = {
  stdio_handler: /^\s*stdio_handler\s*=\s*"file"/m,
  user: /^\s*user\s*=\s*"root"/m,
  cgroup_controllers: /^\s*cgroup_controllers\s*=\s*\[\s*\]/m,
  namespaces: /^\s*namespaces\s*=\s*\[\s*\]/m,
};

/** Why libvirt tests cannot run here, or undefined when they can. */
export function libvirtSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'libvirt tests start a system libvirtd and need root';
  if (!existsSync('/usr/sbin/libvirtd')) return 'libvirtd is not installed (bash scripts/setup.sh)';
  let conf = '';
  try {
    conf = readFileSync('/etc/libvirt/qemu.conf', 'utf8');
  } catch {
    return '/etc/libvirt/qemu.conf is missing (bash scripts/setup.sh writes it)';
  }
  const missing = Object.keys(REQUIRED_QEMU_CONF).filter(
    (key) => !REQUIRED_QEMU_CONF[key]!.test(conf),
  );
  if (missing.length > 0)
    return `/etc/libvirt/qemu.conf lacks the settings ${missing.join(', ')} (see docs/libvirt.md)`;
  if (existsSync('/run/libvirt/qemu/driver.pid') && driverLocked())
    return 'another libvirtd runs on this machine';
  return undefined;
}

function driverLocked(): boolean {
  try {
    const pid = Number(readFileSync('/run/libvirt/qemu/driver.pid', 'utf8').trim());
    if (!pid) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startLibvirtd(): Promise<TestLibvirtd> {
  const dir = await mkdtemp(join(tmpdir(), 'qmon-libvirtd-'));
  const socketDir = join(dir, 'run');
  const config = join(dir, 'libvirtd.conf');
  const logFile = join(dir, 'libvirtd.log');
  await mkdir(socketDir);
  await writeFile(
    config,
    [
      `unix_sock_dir = "${socketDir}"`,
      'unix_sock_group = "root"',
      'unix_sock_rw_perms = "0770"',
      'auth_unix_rw = "none"',
      'auth_unix_ro = "none"',
      `log_outputs = "3:file:${logFile}"`,
      '',
    ].join('\n'),
  );
  const child = spawn(
    '/usr/sbin/libvirtd',
    ['--config', config, '--pid-file', join(dir, 'libvirtd.pid')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const socket = join(socketDir, 'libvirt-sock');
  const deadline = Date.now() + 20_000;
  while (!(await accepts(socket))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      await rm(dir, { recursive: true, force: true });
      throw new Error(`libvirtd exited at start: ${stderr.trim()} ${log.slice(-1000)}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`libvirtd did not listen on ${socket} within 20 s: ${stderr.trim()}`);
    }
    await sleep(50);
  }
  let stopping: Promise<void> | undefined;
  return {
    dir,
    socket,
    uri: `qemu+unix:///system?socket=${socket}`,
    process: child,
    exited,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

function accepts(path: string): Promise<boolean> {
  if (!existsSync(path)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');

/**
 * A transient domain of the demo guest: TCG, q35, its kernel and initrd, the
 * agent channel, a pty serial console, user networking, VNC on loopback.
 */
export function demoDomainXml(
  name: string,
  guest: DemoGuest,
  options: { memoryMiB?: number } = {},
): string {
  return `<domain type='qemu'>
  <name>${escapeXml(name)}</name>
  <memory unit='MiB'>${options.memoryMiB ?? 256}</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <kernel>${escapeXml(guest.kernel)}</kernel>
    <initrd>${escapeXml(guest.initrd)}</initrd>
    <cmdline>${escapeXml(guest.cmdline)}</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <interface type='user'><model type='virtio'/></interface>
    <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>`;
}
