/**
 * Downsampled history, like Proxmox's RRD graphs: each tier keeps a fixed ring
 * of averages (an hour at 10 s, a day at 5 min, a week at 30 min, a year at a
 * day), so memory per VM is fixed however long it runs. Every `add` returns
 * each tier's step in progress (its average so far and how many samples it
 * has), which is what the store keeps; `restore` takes those rows back.
 */
export interface Tier {
  name: 'hour' | 'day' | 'week' | 'year';
  stepMs: number;
  points: number;
}

export const TIERS: readonly Tier[] = [
  { name: 'hour', stepMs: 10_000, points: 360 },
  { name: 'day', stepMs: 300_000, points: 288 },
  { name: 'week', stepMs: 1_800_000, points: 336 },
  { name: 'year', stepMs: 86_400_000, points: 365 },
];

export type Sample = Record<string, number>;

export interface Point {
  /** Start of the step, ms since the epoch. */
  t: number;
  values: Sample;
}

/** A step as stored: its average and the number of samples it averages. */
export interface StoredPoint extends Point {
  tier: Tier['name'];
  n: number;
}

class Ring {
  private readonly times: Float64Array;
  private readonly values: Sample[];
  private next = 0;
  private count = 0;
  private bucket: { t: number; sums: Sample; n: number } | undefined;

  constructor(private readonly tier: Tier) {
    this.times = new Float64Array(tier.points);
    this.values = new Array<Sample>(tier.points);
  }

  /** Adds a sample; returns the step in progress. */
  add(at: number, sample: Sample): StoredPoint {
    const t = at - (at % this.tier.stepMs);
    if (this.bucket && this.bucket.t !== t) this.flush();
    this.bucket ??= { t, sums: {}, n: 0 };
    for (const [key, value] of Object.entries(sample))
      this.bucket.sums[key] = (this.bucket.sums[key] ?? 0) + value;
    this.bucket.n++;
    return { tier: this.tier.name, t, values: average(this.bucket), n: this.bucket.n };
  }

  /** Takes stored steps back, oldest first: the last is the step in progress. */
  restore(points: readonly StoredPoint[]): void {
    points.forEach((point, i) => {
      const sums: Sample = {};
      for (const [key, value] of Object.entries(point.values)) sums[key] = value * point.n;
      this.bucket = { t: point.t, sums, n: point.n };
      if (i < points.length - 1) this.flush();
    });
  }

  /** Oldest first, the step in progress last. */
  points(): Point[] {
    const out: Point[] = [];
    for (let i = 0; i < this.count; i++) {
      const at = (this.next - this.count + i + this.tier.points) % this.tier.points;
      out.push({ t: this.times[at]!, values: this.values[at]! });
    }
    if (this.bucket) out.push({ t: this.bucket.t, values: average(this.bucket) });
    return out;
  }

  private flush(): void {
    if (!this.bucket) return;
    this.times[this.next] = this.bucket.t;
    this.values[this.next] = average(this.bucket);
    this.next = (this.next + 1) % this.tier.points;
    this.count = Math.min(this.count + 1, this.tier.points);
    this.bucket = undefined;
  }
}

function average(bucket: { sums: Sample; n: number }): Sample {
  const out: Sample = {};
  for (const [key, sum] of Object.entries(bucket.sums)) out[key] = sum / bucket.n;
  return out;
}

export class Rrd {
  private readonly rings = new Map(TIERS.map((tier) => [tier.name, new Ring(tier)]));

  /** Adds a sample to every tier; returns each tier's step in progress, to be stored. */
  add(at: number, sample: Sample): StoredPoint[] {
    return [...this.rings.values()].map((ring) => ring.add(at, sample));
  }

  /** Stored steps back into their tiers (any order). */
  restore(points: readonly StoredPoint[]): void {
    const sorted = [...points].sort((a, b) => a.t - b.t);
    for (const [name, ring] of this.rings) ring.restore(sorted.filter((p) => p.tier === name));
  }

  /** Per tier, the start of the oldest step its ring still holds at `now`. */
  static horizon(tier: Tier, now: number): number {
    return now - (now % tier.stepMs) - tier.stepMs * tier.points;
  }

  points(tier: Tier['name']): Point[] {
    return this.rings.get(tier)!.points();
  }
}
