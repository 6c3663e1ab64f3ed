/**
 * Samples every running VM every 10 s: CPU (a fraction of one core, from
 * QEMU's threads in /proc), RSS, and disk bytes and operations from
 * `query-blockstats`, into each VM's downsampled history. In memory: a restart
 * of the daemon starts the history again.
 */
import type { VmOwner } from '../owner/vm-owner.js';
import { procStats } from './proc-stats.js';
import { Rrd, type Sample } from './rrd.js';

export const SAMPLE_INTERVAL_MS = 10_000;

interface Previous {
  at: number;
  cpuSeconds: number;
}

interface BlockStats {
  stats: { rd_bytes: number; wr_bytes: number; rd_operations: number; wr_operations: number };
}

export interface VmMetrics {
  /** The latest sample (absolute counters and rates). */
  latest: Sample | undefined;
  history: Rrd;
}

export class MetricsSampler {
  private readonly perVm = new Map<string, VmMetrics & { previous?: Previous }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly owner: VmOwner) {}

  start(intervalMs = SAMPLE_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.sampleAll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  get(vmId: string): VmMetrics | undefined {
    return this.perVm.get(vmId);
  }

  async sampleAll(): Promise<void> {
    await Promise.all(this.owner.runningIds().map((id) => this.sample(id).catch(() => {})));
  }

  async sample(vmId: string): Promise<Sample | undefined> {
    const managed = this.owner.managed(vmId);
    if (!managed) return undefined;
    const at = Date.now();
    const [proc, blocks] = await Promise.all([
      procStats(managed.vm.pid),
      managed.vm.qmp.executeUntyped('query-blockstats', undefined, { timeout: 5_000 }) as Promise<
        BlockStats[]
      >,
    ]);
    const entry = this.perVm.get(vmId) ?? { latest: undefined, history: new Rrd() };
    this.perVm.set(vmId, entry);
    const sum = (key: keyof BlockStats['stats']) =>
      blocks.reduce((total, block) => total + Number(block.stats[key]), 0);
    const cpu =
      entry.previous && at > entry.previous.at
        ? (proc.cpuSeconds - entry.previous.cpuSeconds) / ((at - entry.previous.at) / 1000)
        : 0;
    entry.previous = { at, cpuSeconds: proc.cpuSeconds };
    const sample: Sample = {
      cpu,
      cpuSeconds: proc.cpuSeconds,
      rssBytes: proc.rssBytes,
      diskReadBytes: sum('rd_bytes'),
      diskWriteBytes: sum('wr_bytes'),
      diskReadOps: sum('rd_operations'),
      diskWriteOps: sum('wr_operations'),
    };
    entry.latest = sample;
    entry.history.add(at, {
      cpu,
      rssBytes: proc.rssBytes,
      diskReadBytes: sample.diskReadBytes!,
      diskWriteBytes: sample.diskWriteBytes!,
    });
    return sample;
  }
}
