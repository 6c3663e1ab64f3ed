// query-status through the mux against straight to QEMU: same QEMU (two QMP sockets), same run.
// The mux runs in a worker thread, as it would run in its own process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startMux } from '../src/mux/index.js';
import { median, RawQmp, startQemu, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SEQUENTIAL = 2000;
const PIPELINED = 4000;
const CLIENTS = 10;
const STATUS = '{"execute":"query-status"}\n';

interface WorkerInput {
  upstream: string;
  listen: string;
}

async function runMuxWorker(input: WorkerInput): Promise<void> {
  const mux = await startMux({ upstream: input.upstream, listen: [input.listen], log: () => {} });
  parentPort!.postMessage(mux.listeners[0]!.address);
  parentPort!.once('message', () => {
    void mux.close().then(() => process.exit(0));
  });
}

async function startMuxWorker(input: WorkerInput): Promise<{ address: string; stop(): Promise<void> }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: input });
  const address = await new Promise<string>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    address: address.replace(/^unix:/, ''),
    stop: async () => {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/** Sequential round trips: returns per-second rate and the latency of each. */
async function sequential(client: RawQmp, count: number, latencies: number[]): Promise<number> {
  const ms = await timed(async () => {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      client.write(STATUS);
      JSON.parse((await client.readLines(1))[0]!);
      latencies.push(performance.now() - start);
    }
  });
  return (count * 1000) / ms;
}

/** Every client writes its share at once and reads all replies; returns aggregate per-second rate. */
async function pipelined(clients: RawQmp[], total: number): Promise<number> {
  const share = total / clients.length;
  const ms = await timed(() =>
    Promise.all(
      clients.map(async (client) => {
        client.write(STATUS.repeat(share));
        for (const line of await client.readLines(share)) JSON.parse(line);
      }),
    ),
  );
  return (total * 1000) / ms;
}

/** Every client runs its share one round trip at a time; returns aggregate per-second rate. */
async function concurrentSequential(clients: RawQmp[], total: number): Promise<number> {
  const share = total / clients.length;
  const ms = await timed(() => Promise.all(clients.map((client) => sequential(client, share, []))));
  return (total * 1000) / ms;
}

async function main(): Promise<void> {
  const qemu = await startQemu(2);
  const dir = mkdtempSync(join(tmpdir(), 'qmon-bench-mux-'));
  const mux = await startMuxWorker({ upstream: qemu.sockets[0]!, listen: join(dir, 'mux.sock') });
  try {
    const direct = await RawQmp.open(qemu.sockets[1]!);
    const viaMux = await RawQmp.open(mux.address);
    const muxClients = await Promise.all(Array.from({ length: CLIENTS }, () => RawQmp.open(mux.address)));
    for (const client of [direct, viaMux, ...muxClients]) await sequential(client, 200, []);

    const rate = { direct: [] as number[], mux: [] as number[] };
    const latency = { direct: [] as number[], mux: [] as number[] };
    const aggregate = { direct: [] as number[], mux: [] as number[], muxSequential: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rate.direct.push(await sequential(direct, SEQUENTIAL, latency.direct));
      rate.mux.push(await sequential(viaMux, SEQUENTIAL, latency.mux));
      aggregate.direct.push(await pipelined([direct], PIPELINED));
      aggregate.mux.push(await pipelined(muxClients, PIPELINED));
      aggregate.muxSequential.push(await concurrentSequential(muxClients, PIPELINED));
    }
    const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
    const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
    console.log(`mux benchmark: query-status, ${ROUNDS} alternating rounds, medians`);
    row('direct, 1 client sequential', `${Math.round(median(rate.direct))} round trips/s, latency ${us(median(latency.direct))}`);
    row('mux, 1 client sequential', `${Math.round(median(rate.mux))} round trips/s, latency ${us(median(latency.mux))}`);
    row('  ratio mux/direct (target ≥ 0.9)', (median(rate.mux) / median(rate.direct)).toFixed(2));
    row(`direct, 1 client pipelining ${PIPELINED}`, `${Math.round(median(aggregate.direct))} commands/s`);
    row(`mux, ${CLIENTS} clients pipelining ${PIPELINED / CLIENTS} each`, `${Math.round(median(aggregate.mux))} commands/s`);
    row('  ratio mux/direct (target ≥ 0.9)', (median(aggregate.mux) / median(aggregate.direct)).toFixed(2));
    row(`mux, ${CLIENTS} clients sequential`, `${Math.round(median(aggregate.muxSequential))} commands/s`);
    row('  ratio to direct pipelined', (median(aggregate.muxSequential) / median(aggregate.direct)).toFixed(2));
    for (const client of [direct, viaMux, ...muxClients]) client.close();
  } finally {
    await mux.stop();
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else void runMuxWorker(workerData as WorkerInput);
