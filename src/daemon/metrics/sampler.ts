/**
 * Samples every running VM every 10 s: CPU (a fraction of one core, from
 * QEMU's threads in /proc), RSS, disk bytes and operations from
 * `query-blockstats`, the balloon's size (`query-balloon`, with a balloon
 * device), and network bytes and packets as the guest counts them (its
 * agent's interface statistics, loopback excluded, from the sample after the
 * agent is connected; QEMU keeps no counters for user-mode networking). Each
 * VM's downsampled history is kept in the database, so a restart of the
 * daemon keeps it.
 */
import type { ManagedVm } from '../owner/managed-vm.js';
import type { VmOwner } from '../owner/vm-owner.js';
import type { MetricsHistory } from '../store/metrics-history.js';
import { procStats } from './proc-stats.js';
import { Rrd, type Sample, type StoredPoint } from './rrd.js';

export const SAMPLE_INTERVAL_MS = 10_000;
/** Bound of each QMP or agent call of one sample. */
const CALL_TIMEOUT_MS = 2_000;
/** Bound of connecting the agent for a sample (a later one uses it). */
const AGENT_CONNECT_MS = 30_000;

interface Previous {
  at: number;
  cpuSeconds: number;
}

interface BlockStats {
  stats: { rd_bytes: number; wr_bytes: number; rd_operations: number; wr_operations: number };
}

interface GuestInterface {
  name: string;
  statistics?: {
    'rx-bytes': number;
    'tx-bytes': number;
    'rx-packets': number;
    'tx-packets': number;
  };
}

export interface VmMetrics {
  /** The latest sample (absolute counters and rates). */
  latest: Sample | undefined;
  history: Rrd;
}

/** The keys of a sample that go into the history (rates and levels; counters only as their latest value). */
const HISTORY_KEYS = [
  'cpu',
  'rssBytes',
  'balloonBytes',
  'diskReadBytes',
  'diskWriteBytes',
  'netRxBytes',
  'netTxBytes',
] as const;

export class MetricsSampler {
  private readonly perVm = new Map<string, VmMetrics & { previous?: Previous }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly owner: VmOwner,
    private readonly stored?: MetricsHistory,
  ) {}

  start(intervalMs = SAMPLE_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.sampleAll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A VM's metrics; its stored history is read on first use. */
  get(vmId: string): VmMetrics | undefined {
    return this.entry(vmId, false);
  }

  async sampleAll(): Promise<void> {
    const batch: { vmId: string; points: StoredPoint[] }[] = [];
    await Promise.all(
      this.owner.runningIds().map(async (vmId) => {
        const points = await this.sampleOne(vmId).catch(() => undefined);
        if (points) batch.push({ vmId, points });
      }),
    );
    try {
      this.stored?.save(batch);
    } catch {
      // A full disk: the history stays in memory, and is written again with the next sample.
    }
  }

  async sample(vmId: string): Promise<Sample | undefined> {
    await this.sampleOne(vmId);
    return this.perVm.get(vmId)?.latest;
  }

  private async sampleOne(vmId: string): Promise<StoredPoint[] | undefined> {
    const managed = this.owner.managed(vmId);
    if (!managed) return undefined;
    const at = Date.now();
    const timeout = { timeout: CALL_TIMEOUT_MS };
    const [proc, blocks, balloon, network] = await Promise.all([
      procStats(managed.vm.pid),
      managed.vm.qmp.executeUntyped('query-blockstats', undefined, timeout) as Promise<
        BlockStats[]
      >,
      managed.vm.spec.balloon
        ? managed.vm.balloonInfo(timeout).then(
            (info) => Number(info.actual),
            () => undefined,
          )
        : undefined,
      guestNetwork(managed),
    ]);
    const entry = this.entry(vmId, true)!;
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
      ...(balloon !== undefined ? { balloonBytes: balloon } : {}),
      ...network,
    };
    entry.latest = sample;
    const kept: Sample = {};
    for (const key of HISTORY_KEYS) if (sample[key] !== undefined) kept[key] = sample[key];
    return entry.history.add(at, kept);
  }

  private entry(vmId: string, create: boolean): (VmMetrics & { previous?: Previous }) | undefined {
    let entry = this.perVm.get(vmId);
    if (entry) return entry;
    const points = this.stored?.load(vmId) ?? [];
    if (points.length === 0 && !create) return undefined;
    entry = { latest: undefined, history: new Rrd() };
    entry.history.restore(points);
    this.perVm.set(vmId, entry);
    return entry;
  }
}

/** The guest's own interface counters, summed over every interface but loopback; none without an agent. */
async function guestNetwork(managed: ManagedVm): Promise<Sample> {
  if (!managed.vm.spec.guestAgent) return {};
  const agent = managed.agentIfConnected(AGENT_CONNECT_MS);
  if (!agent) return {};
  try {
    const interfaces = (await agent.executeUntyped('guest-network-get-interfaces', undefined, {
      timeout: CALL_TIMEOUT_MS,
    })) as GuestInterface[];
    const counted = interfaces.filter((i) => i.name !== 'lo' && i.statistics);
    if (counted.length === 0) return {};
    const sum = (key: keyof NonNullable<GuestInterface['statistics']>) =>
      counted.reduce((total, i) => total + Number(i.statistics![key]), 0);
    return {
      netRxBytes: sum('rx-bytes'),
      netTxBytes: sum('tx-bytes'),
      netRxPackets: sum('rx-packets'),
      netTxPackets: sum('tx-packets'),
    };
  } catch {
    return {};
  }
}
