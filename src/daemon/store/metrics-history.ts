/**
 * Each VM's downsampled metrics in the database, so a restart of the daemon
 * keeps its graphs: one row per VM, tier and step, rewritten while the step
 * is in progress. Written through the events connection (synchronous=NORMAL):
 * samples nobody waits on, kept through a kill -9; a power loss may drop the
 * last ones.
 */
import { Rrd, type StoredPoint, TIERS } from '../metrics/rrd.js';
import type { Store } from './database.js';

interface Row {
  tier: StoredPoint['tier'];
  t: number;
  n: number;
  vals: string;
}

export class MetricsHistory {
  constructor(private readonly store: Store) {}

  /** Stores the steps in progress of many VMs at once, and drops steps their rings no longer hold. */
  save(batch: readonly { vmId: string; points: readonly StoredPoint[] }[], now = Date.now()): void {
    if (batch.length === 0) return;
    this.store.writeEvent((db) => {
      const upsert = db.prepare(
        `INSERT INTO metrics (vm_id, tier, t, n, vals) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (vm_id, tier, t) DO UPDATE SET n = excluded.n, vals = excluded.vals`,
      );
      const prune = db.prepare('DELETE FROM metrics WHERE vm_id = ? AND tier = ? AND t < ?');
      for (const { vmId, points } of batch) {
        for (const point of points) {
          upsert.run(vmId, point.tier, point.t, point.n, JSON.stringify(point.values));
          const tier = TIERS.find((candidate) => candidate.name === point.tier)!;
          prune.run(vmId, point.tier, Rrd.horizon(tier, now));
        }
      }
    });
  }

  load(vmId: string): StoredPoint[] {
    const rows = this.store.read((db) =>
      db.prepare('SELECT tier, t, n, vals FROM metrics WHERE vm_id = ? ORDER BY t').all(vmId),
    ) as Row[];
    return rows.map((row) => ({
      tier: row.tier,
      t: row.t,
      n: row.n,
      values: JSON.parse(row.vals) as StoredPoint['values'],
    }));
  }
}
