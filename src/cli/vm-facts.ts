/** The extra columns of `qmon vm list --long`, the same with or without a daemon. */
import { formatBytes } from './format-table.js';

export interface VmFacts {
  cpus: number;
  memoryMiB: number;
  /** A fraction of one core; null when not running or not measured. */
  cpuUsage: number | null;
  rssBytes: number | null;
  /** From the guest agent; null when it does not answer. */
  guest: { os: string | null; addresses: string[] } | null;
}

export const FACT_HEADERS = ['CPUS', 'CPU', 'MEM', 'RSS', 'OS', 'ADDRESSES'] as const;

export function factCells(facts: VmFacts | undefined): string[] {
  if (!facts) return FACT_HEADERS.map(() => '-');
  return [
    String(facts.cpus),
    facts.cpuUsage === null ? '-' : `${(facts.cpuUsage * 100).toFixed(1)}%`,
    `${facts.memoryMiB} MiB`,
    facts.rssBytes === null ? '-' : formatBytes(facts.rssBytes),
    facts.guest?.os ?? '-',
    facts.guest?.addresses.join(', ') || '-',
  ];
}
