/**
 * Runtime roots for tests of `qmon vm ...`: each test file gets its own (set as
 * QMON_RUNTIME_DIR for the qmon it runs), and everything QEMU left in it is
 * killed and removed afterwards.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { shareWithQemu } from '../launch/support.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));

/** A fresh runtime root that QEMU's own user (when qmon runs as root) may pass through. */
export async function makeCliRuntimeRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'qmon-cli-'));
  await shareWithQemu(root);
  return root;
}

/** Pids of live processes whose command line mentions `root` (QEMUs started under it). */
export function processesUsing(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const program = cmdline.slice(0, cmdline.indexOf('\0'));
      const isQemu = basename(program).startsWith('qemu-system');
      if (isQemu && cmdline.includes(root)) pids.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

/** The session id of a process (its own pid when it leads a session of its own). */
export function sessionOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
}

/** Socket files left anywhere under `root`. */
export async function socketsUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isSocket()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

/** Kills every QEMU started under `root` (SIGKILL, bounded wait) and removes the folder. */
export async function removeCliRuntimeRoot(root: string): Promise<void> {
  for (const pid of processesUsing(root)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (let i = 0; i < 100 && processesUsing(root).length > 0; i++) await sleep(20);
  await rm(root, { recursive: true, force: true });
}

/** Spawns `qmon` with `root` as its runtime root, for verbs that run until stopped. */
export function spawnQmonIn(root: string, args: string[]) {
  return spawn(process.execPath, [QMON, ...args], {
    env: { ...process.env, NO_COLOR: '1', QMON_RUNTIME_DIR: root },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(20);
  }
}

/** Whether a process is alive and not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
