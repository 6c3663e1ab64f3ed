import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonChannelStream, type JsonRequest } from '../../src/libvirt/json-channel-stream.js';
import { replyWithClientId } from '../../src/libvirt/qmp-stream.js';

/** Handles `{"execute": NAME, "arguments": {"ms": N}}` after N ms, logging starts and ends. */
class DelayedChannel extends JsonChannelStream {
  readonly log: string[] = [];
  running = 0;
  maxRunning = 0;
  constructor() {
    super(new Promise(() => {}));
  }
  protected override mayOverlap(request: JsonRequest): boolean {
    return String(request.execute).startsWith('query-');
  }
  protected async handle(request: JsonRequest): Promise<unknown> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    this.log.push(`start ${request.execute}`);
    await new Promise((resolve) => setTimeout(resolve, (request.arguments as { ms: number }).ms));
    this.log.push(`end ${request.execute}`);
    this.running--;
    return { return: request.execute };
  }
  protected async release(): Promise<void> {}
}

async function exchange(channel: DelayedChannel, requests: [string, number][]): Promise<string[]> {
  const replies: string[] = [];
  channel.on('data', (chunk: Buffer) => replies.push(...chunk.toString().trim().split('\n')));
  channel.write(
    requests.map(([execute, ms]) => JSON.stringify({ execute, arguments: { ms } })).join('\n'),
  );
  while (replies.length < requests.length) await new Promise((resolve) => setTimeout(resolve, 5));
  channel.destroy();
  return replies.map((line) => JSON.parse(line).return);
}

describe('JSON channel scheduling', () => {
  it('answers in request order; reads overlap, other commands run alone and in turn', async () => {
    const channel = new DelayedChannel();
    const replies = await exchange(channel, [
      ['query-a', 40],
      ['query-b', 5],
      ['stop', 10],
      ['query-c', 5],
      ['query-d', 30],
      ['cont', 5],
    ]);
    assert.deepEqual(replies, ['query-a', 'query-b', 'stop', 'query-c', 'query-d', 'cont']);
    const at = (entry: string) => channel.log.indexOf(entry);
    // The two first reads ran together; stop waited for both, the next reads for stop, cont for them.
    assert.ok(at('start query-b') < at('end query-a'));
    assert.ok(at('start stop') > at('end query-a') && at('start stop') > at('end query-b'));
    assert.ok(at('start query-c') > at('end stop') && at('start query-d') < at('end query-c'));
    assert.ok(at('start cont') > at('end query-d'));
    assert.equal(channel.maxRunning, 2);
  });

  it('runs at most four reads at once', async () => {
    const channel = new DelayedChannel();
    await exchange(
      channel,
      Array.from({ length: 10 }, (_, i): [string, number] => [`query-${i}`, 10]),
    );
    assert.equal(channel.maxRunning, 4);
  });
});

describe('replies through libvirt', () => {
  it("put the client's id where libvirt's was, or none", () => {
    const text = '{"return":{"status":"running","id":"libvirt-9"},"id":"libvirt-413"}';
    assert.equal(
      replyWithClientId(text, { id: 'mine' }).text,
      '{"return":{"status":"running","id":"libvirt-9"},"id":"mine"}',
    );
    assert.equal(
      replyWithClientId(text, {}).text,
      '{"return":{"status":"running","id":"libvirt-9"}}',
    );
    assert.deepEqual(replyWithClientId('{"return":{}}', { id: 7 }), { return: {}, id: 7 });
  });
});
