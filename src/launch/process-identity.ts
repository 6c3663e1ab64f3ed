/**
 * Which process a pid is, beyond the number: its start time since boot (field
 * 22 of /proc/PID/stat) and the boot it belongs to. A pid reused by another
 * process, now or after a reboot, has a different identity, and no escaping of
 * names or paths is involved in comparing them.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot, as /proc/PID/stat gives it. */
  startTicks: string;
  /** /proc/sys/kernel/random/boot_id of the boot the process runs in. */
  bootId: string;
}

/** The identity of a live (non-zombie) process; undefined when it is gone or unreadable. */
export function identityOf(pid: number): ProcessIdentity | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces and parentheses): state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    const startTicks = fields[19];
    if (!startTicks) return undefined;
    return { pid, startTicks, bootId: bootId() };
  } catch {
    return undefined;
  }
}

/** Whether the process `identity` describes still runs (same pid, start time and boot). */
export function isSameProcess(identity: ProcessIdentity): boolean {
  const now = identityOf(identity.pid);
  return now?.startTicks === identity.startTicks && now.bootId === identity.bootId;
}

let cachedBootId: string | undefined;

function bootId(): string {
  cachedBootId ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  return cachedBootId;
}
