// Schemes beyond unix: and tcp: come from a registry the layers above fill;
// the transport layer itself imports none of them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { openStream } from '../../src/transport/open-stream.js';
import { registerStreamScheme } from '../../src/transport/stream-schemes.js';

describe('stream schemes', () => {
  it('an unregistered scheme is a socket path; a registered one goes to its opener', async () => {
    await assert.rejects(openStream('qmontest:vm0'), { code: 'TARGET_NOT_FOUND' });
    const stream = new PassThrough();
    const seen: [string, unknown][] = [];
    registerStreamScheme('qmontest:', async (target, options) => {
      seen.push([target, options.channel]);
      return { stream, name: target };
    });
    const opened = await openStream('qmontest:vm0', { channel: 'qga' });
    assert.equal(opened.stream, stream);
    assert.equal(opened.name, 'qmontest:vm0');
    assert.deepEqual(seen, [['qmontest:vm0', 'qga']]);
  });

  it('open-stream.ts imports nothing from the layers above it', () => {
    const source = readFileSync(
      new URL('../../src/transport/open-stream.ts', import.meta.url),
      'utf8',
    );
    assert.doesNotMatch(source, /\.\.\/(libvirt|qmp|session|cli)\//);
  });
});
