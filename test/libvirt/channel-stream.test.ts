import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonChannelStream, type JsonRequest } from '../../src/libvirt/json-channel-stream.js';
import type { LibvirtConnection, LibvirtDomain } from '../../src/libvirt/libvirt-connection.js';
import { LibvirtQmpStream, replyWithClientId } from '../../src/libvirt/qmp-stream.js';

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

describe('the QMP stream over libvirt', () => {
  it('sends the greeting before an event that came while it was being prepared', async () => {
    // The race real libvirt shows now and then (an event between subscribing and greeting), made
    // certain: this stand-in delivers an event the moment the subscription is made.
    const connection = {
      closed: new Promise(() => {}),
      onLifecycle: async () => async () => {},
      onMonitorEvents: async (_dom: unknown, listener: (event: unknown) => void) => {
        listener({ event: 'STOP', details: null, seconds: 5n, micros: 6 });
        return async () => {};
      },
      monitorCommand: async () =>
        '{"return":{"qemu":{"major":7,"minor":2,"micro":0},"package":""},"id":"libvirt-1"}',
    } as unknown as LibvirtConnection;
    const stream = await LibvirtQmpStream.open(connection, {} as LibvirtDomain);
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
    assert.deepEqual(
      lines.map((line) => Object.keys(JSON.parse(line))[0]),
      ['QMP', 'event'],
    );
    assert.deepEqual(JSON.parse(lines[1]!), {
      event: 'STOP',
      timestamp: { seconds: 5, microseconds: 6 },
    });
  });
});
