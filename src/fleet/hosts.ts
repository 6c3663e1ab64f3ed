/**
 * Hosts of the fleet: each daemon puts its record into the hosts bucket every
 * second (a heartbeat); every daemon watches the bucket and counts a host down
 * when it has not heard from it for DOWN_AFTER_MS. Time is measured by the
 * watching process's own clock, so the hosts' clocks need not agree.
 */
import { cpus, freemem, hostname, loadavg, totalmem } from 'node:os';
import type { KV } from '@nats-io/kv';
import { KvMirror } from './kv-mirror.js';

export const HEARTBEAT_MS = 1_000;
/**
 * A host not heard from for this long is down (documented in docs/fleet.md):
 * longer than a NATS cluster takes to fail over after losing a server.
 */
export const DOWN_AFTER_MS = 10_000;

/**
 * Self-fencing: a host that has stored no heartbeat for `fenceAfterMs(down)`
 * kills its HA VMs, before any other host may start them. Another host takes
 * an HA VM over no earlier than `down` after it received the holder's last
 * stored heartbeat, and that heartbeat was stored no earlier than the holder
 * sent it. The holder counts from the sending, on its own monotonic clock:
 *
 *   sent + fenceAfter + margin <= stored + down <= earliest takeover
 *
 * holds because fenceAfter = down - margin. The margin covers a fence timer
 * firing late (a busy event loop), the kill itself (SIGKILL, then waiting for
 * the pid to go) and two machines' clocks ticking at slightly different rates.
 * The actor also waits until its own beats were stored for a whole down
 * window, and acts at its next round: both only add to the margin.
 */
export const FENCE_MARGIN_MS = 3_000;

export function fenceAfterMs(downAfterMs: number): number {
  return downAfterMs - fenceMarginMs(downAfterMs);
}

/**
 * The fence watchdog (a process of its own, for a daemon that died) fences
 * this much later than the daemon itself would, within the margin: a living
 * daemon fences first, through its own kill path (no restart after a crash).
 */
export function watchdogGraceMs(downAfterMs: number): number {
  return Math.round(fenceMarginMs(downAfterMs) / 3);
}

/** A short down window (tests) keeps the same proportion of margin. */
function fenceMarginMs(downAfterMs: number): number {
  return Math.min(FENCE_MARGIN_MS, Math.round(downAfterMs * 0.3));
}

export interface HostRecord {
  id: string;
  name: string;
  /** The daemon's API, as the host advertises it. */
  url: string | null;
  cpus: number;
  memoryTotal: number;
  memoryFree: number;
  load1: number;
  /** VMs running on the host. */
  running: number;
  version: string;
  /** Set by the last record of a daemon that stopped cleanly: down at once. */
  stopped?: boolean;
}

export interface HostView extends HostRecord {
  up: boolean;
  /** Milliseconds since this daemon last heard the host. */
  lastSeenMs: number;
}

export function localHostRecord(
  id: string,
  name: string | undefined,
  running: number,
  version: string,
  url: string | null,
): HostRecord {
  return {
    id,
    name: name ?? hostname(),
    url,
    cpus: cpus().length,
    memoryTotal: totalmem(),
    memoryFree: freemem(),
    load1: loadavg()[0] ?? 0,
    running,
    version,
  };
}

export class HostDirectory {
  readonly mirror: KvMirror<HostRecord>;

  constructor(
    kv: KV,
    private readonly downAfterMs = DOWN_AFTER_MS,
  ) {
    this.mirror = new KvMirror<HostRecord>(kv);
  }

  list(): HostView[] {
    const now = Date.now();
    return this.mirror
      .values()
      .map(([, entry]) => ({
        ...entry.value,
        up: !entry.value.stopped && now - entry.seenAt < this.downAfterMs,
        lastSeenMs: Math.max(0, now - entry.seenAt),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  get(id: string): HostView | undefined {
    return this.list().find((host) => host.id === id);
  }

  /** By id or name. */
  find(idOrName: string): HostView | undefined {
    return this.list().find((host) => host.id === idOrName || host.name === idOrName);
  }

  isUp(id: string): boolean {
    return this.get(id)?.up ?? false;
  }
}

/** Puts this host's record every HEARTBEAT_MS until stopped; a failed put is retried at the next beat. */
export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  lastError: unknown;
  /** Since when every beat has been stored (0 while they fail), by this process's clock. */
  storingSince = 0;

  constructor(
    private readonly kv: KV,
    private readonly record: () => HostRecord,
    private readonly intervalMs = HEARTBEAT_MS,
    private readonly log: (message: string) => void = () => {},
    /** Told, after each stored beat, when (`performance.now()`) that beat was sent. */
    private readonly onStored: (sentAt: number) => void = () => {},
  ) {}

  /** Whether every beat of the last `ms` was stored: this host's view of who is down is current. */
  storedThroughout(ms: number): boolean {
    return this.storingSince > 0 && Date.now() - this.storingSince >= ms;
  }

  async beat(): Promise<void> {
    const record = this.record();
    await this.kv.put(record.id, JSON.stringify(record));
  }

  private inFlight?: Promise<void>;

  start(): void {
    const loop = async () => {
      try {
        const sentAt = performance.now();
        this.inFlight = this.beat();
        await this.inFlight;
        if (this.lastError !== undefined) this.log('heartbeat stored again');
        this.lastError = undefined;
        this.storingSince ||= Date.now();
        if (!this.stopped) this.onStored(sentAt);
      } catch (error) {
        if (this.lastError === undefined) this.log(`heartbeat not stored: ${String(error)}`);
        this.lastError = error;
        this.storingSince = 0;
      }
      if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
    };
    this.timer = setTimeout(loop, this.intervalMs);
  }

  /** Stops beating and stores a last record saying so (bounded by the store's timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A beat still on its way would land after the last record and undo it.
    await this.inFlight?.catch(() => {});
    const record = { ...this.record(), stopped: true };
    await this.kv.put(record.id, JSON.stringify(record)).catch(() => {});
  }
}
