import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QEMU_MAX_NESTING, qemuJsonLimitExceeded } from '../../src/wire/index.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('qemuJsonLimitExceeded', () => {
  it('passes ordinary commands', () => {
    assert.equal(qemuJsonLimitExceeded('{"execute":"query-status"}'), undefined);
    const big = JSON.stringify({ execute: 'x', arguments: { list: Array(50_000).fill('a') } });
    assert.equal(qemuJsonLimitExceeded(big), undefined);
  });

  it('counts nesting the way QEMU does, outside strings only', () => {
    assert.equal(qemuJsonLimitExceeded(nested(QEMU_MAX_NESTING)), undefined);
    assert.equal(
      qemuJsonLimitExceeded(nested(QEMU_MAX_NESTING + 1)),
      'JSON nesting depth limit exceeded',
    );
    const inString = JSON.stringify({ text: '['.repeat(5000), quoted: '"\\[' });
    assert.equal(qemuJsonLimitExceeded(inString), undefined);
  });

  it('counts tokens: two million scalars are too many', () => {
    const json = JSON.stringify({ execute: 'x', arguments: { list: Array(1_100_000).fill(7) } });
    assert.equal(qemuJsonLimitExceeded(json), 'JSON token count limit exceeded');
    const fewer = JSON.stringify({ list: Array(1_000_000).fill(true) });
    assert.equal(qemuJsonLimitExceeded(fewer), undefined);
  });

  it('refuses 64 MiB of text', () => {
    const json = JSON.stringify({
      execute: 'x',
      arguments: { data: 'A'.repeat(64 * 1024 * 1024) },
    });
    assert.equal(qemuJsonLimitExceeded(json), 'JSON token size limit exceeded');
  });
});
