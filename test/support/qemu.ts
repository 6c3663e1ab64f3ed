import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QemuBuild } from '../../src/launch/qemu-build.js';
import { spawnQemu } from './qemu-version.js';

export interface TestQemu {
  /** The first QMP socket's path. */
  qmp: string;
  /** A second QMP socket, for a second client at the same time. */
  qmp2: string;
  /** Every QMP socket, in order (`qmp`, `qmp2`, ...). */
  sockets: string[];
  /** The HMP (readline monitor) socket, when asked for. */
  hmp: string | undefined;
  dir: string;
  child: ChildProcess;
  /** Everything QEMU wrote on stderr so far. */
  stderr(): string;
  /** Kills QEMU (SIGKILL), reaps it and removes its folder. */
  stop(): Promise<void>;
}

export interface StartQemuOptions {
  /** How many QMP sockets to open (2: `qmp` and `qmp2`). */
  qmpSockets?: number;
  /** The first QMP socket's path (default: in a fresh folder). */
  qmpPath?: string;
  /** Also open an HMP monitor socket. */
  hmp?: boolean;
  /** Which QEMU to run (the one under test by default; benchmarks pick theirs). */
  build?: QemuBuild;
}

/**
 * The one way tests and benchmarks start a real QEMU (TCG, no display, no
 * default devices) with QMP unix sockets (and an HMP one if asked), plus
 * `args`. Waits for every socket; fails with QEMU's stderr if one never comes.
 */
export async function startQemu(
  args: string[] = ['-machine', 'none'],
  options: StartQemuOptions = {},
): Promise<TestQemu> {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-test-'));
  const count = Math.max(1, options.qmpSockets ?? 2);
  const sockets = Array.from({ length: count }, (_, i) =>
    i === 0 && options.qmpPath
      ? options.qmpPath
      : join(dir, i === 0 ? 'qmp.sock' : `qmp${i + 1}.sock`),
  );
  const hmp = options.hmp ? join(dir, 'hmp.sock') : undefined;
  const server = (path: string) => `unix:${path.replaceAll(',', ',,')},server=on,wait=off`;
  const monitorArgs = sockets.flatMap((path) => ['-qmp', server(path)]);
  if (hmp) monitorArgs.push('-monitor', server(hmp));
  const child = spawnQemu(
    ['-nodefaults', '-display', 'none', '-accel', 'tcg', ...args, ...monitorArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] },
    options.build,
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const expected = hmp ? [...sockets, hmp] : sockets;
  const ready = () => expected.every((path) => existsSync(path));
  for (let i = 0; i < 400 && !ready() && !exited(); i++) await sleep(25);
  const qemu: TestQemu = {
    qmp: sockets[0]!,
    qmp2: sockets[1] ?? sockets[0]!,
    sockets,
    hmp,
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
  if (!ready()) {
    await qemu.stop();
    throw new Error(`QEMU did not create its monitor sockets: ${stderr}`);
  }
  return qemu;
}

/** A QEMU with an HMP monitor socket beside its QMP one. */
export type MonitoredQemu = TestQemu & { hmp: string };

export function startMonitoredQemu(args: string[]): Promise<MonitoredQemu> {
  return startQemu(args, { hmp: true, qmpSockets: 1 }) as Promise<MonitoredQemu>;
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
