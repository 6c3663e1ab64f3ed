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
