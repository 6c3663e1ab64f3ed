/** A process's CPU time and memory from /proc (QEMU's, with all its threads). */
import { readFile } from 'node:fs/promises';

/** Linux's USER_HZ: /proc counts CPU time in these ticks (100 on every common architecture). */
const TICKS_PER_SECOND = 100;

export interface ProcStats {
  /** User plus system CPU time, in seconds, of every thread. */
  cpuSeconds: number;
  rssBytes: number;
}

/** The CPU `pid` uses over the next `ms` milliseconds, as a fraction of one core. */
export async function measureCpu(pid: number, ms: number): Promise<number> {
  const before = await procStats(pid);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await procStats(pid);
  return (after.cpuSeconds - before.cpuSeconds) / ((performance.now() - started) / 1000);
}

export async function procStats(pid: number): Promise<ProcStats> {
  const [stat, status] = await Promise.all([
    readFile(`/proc/${pid}/stat`, 'utf8'),
    readFile(`/proc/${pid}/status`, 'utf8'),
  ]);
  // Fields after the command name, which may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssKiB * 1024 };
}
