import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../src/backoff.js';

describe('Backoff', () => {
  it('doubles each pause up to the maximum and starts again after reset', () => {
    const backoff = new Backoff(100, 500);
    assert.deepEqual(
      Array.from({ length: 5 }, () => backoff.next()),
      [100, 200, 400, 500, 500],
    );
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });

  it('spreads jittered pauses over ±25% of the same sequence', () => {
    const backoff = new Backoff(100, 400, true);
    for (const base of [100, 200, 400, 400]) {
      const pause = backoff.next();
      assert.ok(pause >= base * 0.75 && pause <= base * 1.25, `${pause} not near ${base}`);
    }
  });
});
