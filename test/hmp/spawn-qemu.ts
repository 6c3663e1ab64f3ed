import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnQemu } from '../support/qemu-version.js';

export interface MonitoredQemu {
  dir: string;
  /** QMP socket path. */
  qmp: string;
  /** HMP (readline monitor) socket path. */
  hmp: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts QEMU (TCG) with a QMP and an HMP unix socket plus `args`; waits for both sockets. */
export async function startMonitoredQemu(args: string[]): Promise<MonitoredQemu> {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-hmp-'));
  const qmp = join(dir, 'qmp.sock');
  const hmp = join(dir, 'hmp.sock');
  const child = spawnQemu(
    [
      ...['-nodefaults', '-display', 'none', '-accel', 'tcg', ...args],
      ...['-qmp', `unix:${qmp},server=on,wait=off`],
      ...['-monitor', `unix:${hmp},server=on,wait=off`],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const stop = async () => {
    if (!exited()) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 400 && !(existsSync(qmp) && existsSync(hmp)) && !exited(); i++) {
    await sleep(25);
  }
  if (!existsSync(hmp)) {
    await stop();
    throw new Error(`QEMU did not create its monitor sockets: ${stderr}`);
  }
  return { dir, qmp, hmp, child, stop };
}
