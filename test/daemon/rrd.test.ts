import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rrd, TIERS } from '../../src/daemon/metrics/rrd.js';

test('each tier averages the samples of one step and keeps a bounded ring', () => {
  const rrd = new Rrd();
  const hour = TIERS[0]!;
  const start = 1_000_000 * hour.stepMs;
  rrd.add(start, { cpu: 1 });
  rrd.add(start + 1_000, { cpu: 3 });
  rrd.add(start + hour.stepMs, { cpu: 10 });
  const points = rrd.points('hour');
  assert.deepEqual(points, [
    { t: start, values: { cpu: 2 } },
    { t: start + hour.stepMs, values: { cpu: 10 } },
  ]);
  // The day tier holds all three in one step.
  assert.deepEqual(rrd.points('day').at(-1)?.values, { cpu: 14 / 3 });
  for (let i = 0; i < hour.points * 2; i++) rrd.add(start + i * hour.stepMs, { cpu: i });
  const bounded = rrd.points('hour');
  assert.equal(bounded.length, hour.points + 1);
  assert.equal(bounded.at(-1)!.values.cpu, hour.points * 2 - 1);
});

test('the steps in progress that add returns restore a history that goes on the same', () => {
  const hour = TIERS[0]!;
  const start = 2_000_000 * TIERS[3]!.stepMs;
  const original = new Rrd();
  const stored = new Map<string, ReturnType<Rrd['add']>[number]>();
  for (let i = 0; i < 50; i++) {
    for (const point of original.add(start + i * 3_000, { cpu: i }))
      stored.set(`${point.tier}@${point.t}`, point);
  }
  const copy = new Rrd();
  copy.restore([...stored.values()].reverse());
  for (const tier of TIERS) assert.deepEqual(copy.points(tier.name), original.points(tier.name));
  // One more sample into the step in progress averages with what was restored.
  original.add(start + 50 * 3_000, { cpu: 100 });
  copy.add(start + 50 * 3_000, { cpu: 100 });
  for (const tier of TIERS) assert.deepEqual(copy.points(tier.name), original.points(tier.name));
  assert.equal(copy.points('hour').length, Math.ceil((51 * 3_000) / hour.stepMs));
});
