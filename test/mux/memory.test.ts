import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QmpClient } from '../../src/index.js';
import { spawnQmon } from '../support/cli.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { LineClient, within } from './support.js';

const FLOOD_BYTES = 20 * 1024 * 1024;
const FLOODERS_PER_LISTENER = 6;

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** Writes `FLOOD_BYTES` with no newline (as fast as the mux reads); resolves with what came back once the mux closes. */
function flood(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ path });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    let received = '';
    socket.setEncoding('utf8').on('data', (text: string) => {
      received += text;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
    const pump = () => {
      while (sent < FLOOD_BYTES && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return;
      }
    };
    socket.on('drain', pump);
    socket.on('connect', pump);
  });
}

describe('bounded memory per client (the real qmon mux process, a real QEMU)', () => {
  let qemu: TestQemu;
  let mux: ReturnType<typeof spawnQmon>;
  let stderr = '';
  const qmpPath = () => join(qemu.dir, 'mux-qmp.sock');
  const hmpPath = () => join(qemu.dir, 'mux-hmp.sock');

  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    mux = spawnQmon(['mux', qemu.qmp, '--listen', qmpPath(), '--hmp', hmpPath()]);
    mux.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    for (let i = 0; i < 200 && !/HMP clients on/.test(stderr); i++) await sleep(50);
    assert.match(stderr, /HMP clients on/);
  });
  after(async () => {
    mux.kill('SIGKILL');
    await qemu.stop();
  });

  it('cuts off clients that send 20 MiB without a newline; the others keep working', async () => {
    const pid = mux.pid!;
    const client = await QmpClient.connect(qmpPath());
    const console = await LineClient.open(hmpPath());
    await console.waitForText(/\(qemu\) $/);
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(pid));
    }, 20);
    let roundTrips = 0;
    let flooding = true;
    const others = (async () => {
      while (flooding) {
        assert.equal((await client.execute('query-status')).status, 'running');
        roundTrips++;
        await sleep(20);
      }
    })();
    try {
      const answers = await within(
        120_000,
        'the flooders to be cut off',
        Promise.all([
          ...Array.from({ length: FLOODERS_PER_LISTENER }, () => flood(hmpPath())),
          ...Array.from({ length: FLOODERS_PER_LISTENER }, () => flood(qmpPath())),
        ]),
      );
      flooding = false;
      await others;
      for (const answer of answers.slice(0, FLOODERS_PER_LISTENER))
        assert.match(answer, /Error: line too long \(QEMU's monitor takes at most 4095 bytes\)/);
      for (const answer of answers.slice(FLOODERS_PER_LISTENER))
        assert.match(answer, /"desc": "JSON token size limit exceeded"/);
    } finally {
      flooding = false;
      clearInterval(sampler);
    }
    console.send('info status\n');
    await console.waitForText(/VM status: running/);
    assert.equal((await client.execute('query-status')).status, 'running');
    assert.ok(roundTrips > 0);
    const grown = peak - before;
    process.stderr.write(
      `# mux RSS ${(before / 2 ** 20).toFixed(1)} MiB before, peak ${(peak / 2 ** 20).toFixed(1)} MiB (+${(grown / 2 ** 20).toFixed(1)} MiB), ${roundTrips} round trips meanwhile\n`,
    );
    // 12 clients x 20 MiB went in; the QMP clients' caps (4 Mi characters each) bound the rest.
    assert.ok(grown < 128 * 2 ** 20, `the mux grew by ${grown} bytes`);
    assert.equal(
      stderr.match(/cut off: a line longer than 4095 bytes/g)?.length,
      FLOODERS_PER_LISTENER,
    );
    assert.equal(
      stderr.match(/cut off: a command longer than 4194304 characters/g)?.length,
      FLOODERS_PER_LISTENER,
    );
    console.close();
    await client.close();
  });
});
