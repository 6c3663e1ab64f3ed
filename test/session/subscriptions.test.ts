import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { describe, it } from 'node:test';
import { Listeners } from '../../src/listeners.js';
import { QapiSession } from '../../src/session/qapi-session.js';

/** A stream whose peer side is `push`; what the session writes is kept in `written`. */
function loopless(): { stream: Duplex; written: string[] } {
  const written: string[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString('latin1'));
      callback();
    },
    // The peer closes when we do, so closing takes no grace period.
    final(callback) {
      this.push(null);
      callback();
    },
  });
  return { stream, written };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Listeners', () => {
  it('each unsubscribe removes only its own listener, once', () => {
    const listeners = new Listeners<[number]>();
    const seen: string[] = [];
    const same = (n: number) => seen.push(`same ${n}`);
    const first = listeners.add(same);
    listeners.add(same);
    listeners.add((n) => seen.push(`other ${n}`));
    first();
    first();
    listeners.emit(1);
    assert.deepEqual(seen, ['same 1', 'other 1']);
  });

  it('a listener that unsubscribes while called does not disturb the others', () => {
    const listeners = new Listeners<[]>();
    const seen: string[] = [];
    const stop = listeners.add(() => {
      seen.push('a');
      stop();
    });
    listeners.add(() => seen.push('b'));
    listeners.emit();
    listeners.emit();
    assert.deepEqual(seen, ['a', 'b', 'b']);
  });
});

describe('QapiSession subscriptions', () => {
  it('gives non-reply messages and 0xFF to every subscriber, none replacing another', async () => {
    const { stream } = loopless();
    const session = new QapiSession(stream);
    const seen: string[] = [];
    const stopA = session.onMessage((message) => seen.push(`a ${message.event}`));
    session.onMessage((message) => seen.push(`b ${message.event}`));
    const stopReset = session.onReset(() => seen.push('reset 1'));
    session.onReset(() => seen.push('reset 2'));
    stream.push('{"event":"ONE"}\n');
    stream.push(Buffer.from([0xff]));
    await tick();
    stopA();
    stopReset();
    stream.push('{"event":"TWO"}\n');
    stream.push(Buffer.from([0xff]));
    await tick();
    assert.deepEqual(seen, ['a ONE', 'b ONE', 'reset 1', 'reset 2', 'b TWO', 'reset 2']);
    await session.close();
  });

  it('hands replies to their request, not to message subscribers', async () => {
    const { stream, written } = loopless();
    const session = new QapiSession(stream);
    const messages: unknown[] = [];
    session.onMessage((message) => messages.push(message));
    const reply = session.request('query-status');
    assert.deepEqual(written, ['{"execute":"query-status","id":1}\n']);
    stream.push('{"return":{"running":true},"id":1}\n');
    assert.deepEqual(await reply, { running: true });
    assert.deepEqual(messages, []);
    await session.close();
  });
});
