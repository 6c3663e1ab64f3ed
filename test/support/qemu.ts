import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnQemu } from './qemu-version.js';

export interface TestQemu {
  /** The QMP socket path. */
  qmp: string;
  /** A second QMP socket, for a second client at the same time. */
  qmp2: string;
  dir: string;
  child: ChildProcess;
  /** Everything QEMU wrote on stderr so far. */
  stderr(): string;
  /** Kills QEMU (SIGKILL), reaps it and removes its folder. */
  stop(): Promise<void>;
}

/** Starts a real QEMU (TCG) with a QMP unix socket, plus `args`. Waits for the socket. */
export async function startQemu(
  args: string[] = ['-machine', 'none'],
  options: { qmpPath?: string } = {},
): Promise<TestQemu> {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-test-'));
  const qmp = options.qmpPath ?? join(dir, 'qmp.sock');
  const qmp2 = join(dir, 'qmp2.sock');
  const qmpArg = (path: string) => `unix:${path.replaceAll(',', ',,')},server=on,wait=off`;
  const child = spawnQemu(
    [
      '-nodefaults',
      '-display',
      'none',
      '-accel',
      'tcg',
      ...args,
      '-qmp',
      qmpArg(qmp),
      '-qmp',
      qmpArg(qmp2),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  for (let i = 0; i < 400 && !(existsSync(qmp) && existsSync(qmp2)) && !exited(); i++)
    await sleep(25);
  const qemu: TestQemu = {
    qmp,
    qmp2,
    dir,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (!exited()) {
        child.kill('SIGKILL');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (!existsSync(qmp)) {
    await qemu.stop();
    throw new Error(`QEMU did not create its QMP socket: ${stderr}`);
  }
  return qemu;
}

/** Waits until `child` has exited, at most `timeoutMs`. */
export async function waitForExit(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await Promise.race([
    new Promise((resolve) => child.once('exit', resolve)),
    sleep(timeoutMs).then(() => {
      throw new Error(`process ${child.pid} still running after ${timeoutMs} ms`);
    }),
  ]);
}

/** QEMU arguments for a q35 machine, stopped, with free PCIe root ports for hotplug. */
export function q35Args(rootPorts = 2): string[] {
  const args = [
    '-machine',
    'q35',
    '-S',
    '-m',
    '64',
    '-global',
    'ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off',
  ];
  for (let i = 1; i <= rootPorts; i++) {
    args.push('-device', `pcie-root-port,id=rp${i},bus=pcie.0,chassis=${i},slot=${i}`);
  }
  return args;
}
