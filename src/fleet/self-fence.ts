/**
 * Self-fencing, as Proxmox HA does it: a host that cannot store its own
 * heartbeat (cut off from NATS, or the store lost its quorum) for
 * `fenceAfterMs` kills the QEMUs of its HA VMs, before another host may start
 * them (the inequality is in hosts.ts). VMs without `ha` keep running: nobody
 * else starts them. A fenced VM is not started here again behind the fleet's
 * back: HaTakeover decides, once this host's heartbeats are stored again.
 */
import { HEARTBEAT_MS } from './hosts.js';

export interface FenceTarget {
  /** The HA VMs whose QEMU runs on this host. */
  runningHaVms(): { id: string; name: string }[];
  /** SIGKILL of the VM's verified QEMU, through the daemon's own kill path. */
  kill(vmId: string): Promise<void>;
  log(message: string): void;
  audit(vmId: string, detail: { reason: string }, result: string): void;
}

export class SelfFence {
  private timer?: NodeJS.Timeout;
  private lastSentAt = 0;
  private stopped = false;
  /** The HA VMs this host fenced, waiting for the fleet's decision. */
  readonly fenced = new Set<string>();

  constructor(
    private readonly target: FenceTarget,
    readonly fenceAfterMs: number,
  ) {}

  /**
   * A heartbeat sent at `sentAt` (`performance.now()`) was stored: the fence
   * moves on. Returns the milliseconds left until the next fence.
   */
  stored(sentAt: number): number {
    if (this.stopped) return this.fenceAfterMs;
    this.lastSentAt = Math.max(this.lastSentAt, sentAt);
    const left = this.lastSentAt + this.fenceAfterMs - performance.now();
    this.arm(left);
    return left;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fence(), Math.max(0, ms));
    this.timer.unref();
  }

  private async fence(): Promise<void> {
    const since = this.lastSentAt;
    const silentS = Math.round((performance.now() - this.lastSentAt) / 1000);
    const reason = `fenced: no heartbeat stored for ${silentS} s, the fleet may restart it elsewhere`;
    await Promise.all(
      this.target.runningHaVms().map(async ({ id, name }) => {
        this.fenced.add(id);
        try {
          await this.target.kill(id);
          this.target.log(`VM ${name} ${reason}`);
          this.target.audit(id, { reason }, 'ok');
        } catch (error) {
          this.target.log(`VM ${name}: fencing failed: ${String(error)}`);
          this.target.audit(id, { reason }, (error as { code?: string }).code ?? 'INTERNAL');
        }
      }),
    );
    // Still silent: an HA VM that runs here again meanwhile is fenced at the next round.
    if (!this.stopped && this.lastSentAt === since) this.arm(HEARTBEAT_MS);
  }
}
