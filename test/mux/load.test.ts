import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { LineClient, socketDir, within } from './support.js';

const COMMANDS = ['query-status', 'query-name', 'query-version', 'query-kvm'] as const;

/** Whether `reply` is what `command` returns: tells a misrouted reply from a right one. */
function fits(
  command: (typeof COMMANDS)[number],
  reply: { return?: Record<string, unknown> },
): boolean {
  const value = reply.return;
  if (!value) return false;
  switch (command) {
    case 'query-status':
      return value.status === 'running';
    case 'query-name':
      return Object.keys(value).length === 0;
    case 'query-version':
      return typeof value.qemu === 'object';
    case 'query-kvm':
      return typeof value.enabled === 'boolean' && !('status' in value);
  }
}

/** Client `index` sends `count` commands with ids 1..count, its own mix, all at once. */
async function runClient(
  address: string,
  index: number,
  count: number,
): Promise<{ lost: number; misrouted: number }> {
  const client = await LineClient.negotiated(address);
  const sent: (typeof COMMANDS)[number][] = [];
  let batch = '';
  for (let id = 1; id <= count; id++) {
    const command = COMMANDS[(id + index) % COMMANDS.length]!;
    sent.push(command);
    batch += `{"execute": "${command}", "id": ${id}}\n`;
  }
  client.send(batch);
  await client.waitForLines(count, 60_000).catch(() => {});
  let misrouted = 0;
  for (const [at, line] of client.lines.entries()) {
    const reply = JSON.parse(line) as { id?: unknown; return?: Record<string, unknown> };
    if (reply.id !== at + 1 || !fits(sent[at]!, reply)) misrouted++;
  }
  const lost = Math.max(0, count - client.lines.length);
  client.close();
  return { lost, misrouted };
}

describe('many clients through one mux', () => {
  let qemu: TestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;
  const logged: string[] = [];

  before(async () => {
    qemu = await startQemu();
    sockets = socketDir();
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [join(sockets.dir, 'qmp.sock')],
      limits: { pauseOutputBytes: 64 * 1024, maxOutputBytes: 512 * 1024 },
      log: (message) => logged.push(message),
    });
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  it('routes 50 clients × 2,000 commands with colliding ids: none lost, none misrouted, order kept', async (t) => {
    const address = mux.listeners[0]!.address;
    const started = performance.now();
    const results = await within(
      90_000,
      '50 × 2,000 commands',
      Promise.all(Array.from({ length: 50 }, (_, index) => runClient(address, index, 2000))),
    );
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(
      `100,000 commands through the mux in ${seconds.toFixed(1)} s (${Math.round(100_000 / seconds)}/s)`,
    );
    assert.deepEqual(
      results.reduce((sum, r) => ({
        lost: sum.lost + r.lost,
        misrouted: sum.misrouted + r.misrouted,
      })),
      { lost: 0, misrouted: 0 },
    );
    const stats = mux.stats();
    assert.equal(stats.upstream.unmatchedReplies, 0);
    assert.equal(stats.upstream.inFlight, 0);
  });

  it('keeps clients that stop reading from slowing the others or growing without bound', async () => {
    const address = mux.listeners[0]!.address;
    const heapBefore = process.memoryUsage().heapUsed;
    // Never reads, keeps asking for small replies: its input is paused once its queue is full.
    const stalled = await LineClient.negotiated(address);
    stalled.socket.pause();
    stalled.send('{"execute": "query-status"}\n'.repeat(20_000));
    // Never reads, asks for big replies: its queue overflows and it is cut off.
    const hoarder = await LineClient.negotiated(address);
    hoarder.socket.pause();
    hoarder.send('{"execute": "query-qmp-schema"}\n'.repeat(20));

    const results = await within(
      60_000,
      'readers next to non-readers',
      Promise.all(Array.from({ length: 10 }, (_, index) => runClient(address, index, 1000))),
    );
    assert.deepEqual(
      results.reduce((sum, r) => ({
        lost: sum.lost + r.lost,
        misrouted: sum.misrouted + r.misrouted,
      })),
      { lost: 0, misrouted: 0 },
    );

    // A paused socket does not notice it was closed; the mux's log and stats tell.
    for (let i = 0; i < 100 && !logged.some((line) => /output queue over/.test(line)); i++)
      await sleep(100);
    assert.ok(
      logged.some((line) =>
        /output queue over 524288 bytes \(the client is not reading\)/.test(line),
      ),
    );
    const stats = mux.stats();
    const stalledStats = stats.clients.find((c) => c.commands > 0 && c.pending > 0);
    assert.ok(stalledStats, 'the stalled client is still connected, its input paused');
    assert.ok(
      stalledStats.queueHighWater <= 512 * 1024,
      `queue high-water ${stalledStats.queueHighWater}`,
    );
    assert.ok(stalledStats.commands < 20_000, 'its input was not all read');
    assert.ok(stats.recentDisconnects.some((d) => /output queue over/.test(d.reason)));
    assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024);
    stalled.close();
    hoarder.close();
  });
});
