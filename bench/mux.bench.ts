// query-status through the mux against straight to QEMU: one QEMU, one QMP socket per path, same run.
// The mux runs in a child process, as `qmon mux` would; next to it runs a byte-for-byte proxy
// (no parsing at all) that shows what the extra hop alone costs.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMux } from '../src/mux/index.js';
import { QmpClient } from '../src/qmp/index.js';
import { median, RawQmp, startQemu, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SEQUENTIAL = 2000;
const PIPELINED = 4000;
const CLIENTS = 10;
const STATUS = '{"execute":"query-status"}\n';

interface ProxyInput {
  muxUpstream: string;
  muxListen: string;
  pipeUpstream: string;
  pipeListen: string;
}

/** The child process: the mux, and a plain pipe from one listener to one QEMU socket. */
async function runProxies(input: ProxyInput): Promise<void> {
  const mux = await startMux({
    upstream: input.muxUpstream,
    listen: [input.muxListen],
    log: () => {},
  });
  const pipe = net.createServer((client) => {
    const upstream = net.connect(input.pipeUpstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => pipe.listen(input.pipeListen, resolve));
  process.send!('ready');
  process.once('message', () => {
    pipe.close();
    void mux.close().then(() => process.exit(0));
  });
}

async function startProxies(input: ProxyInput): Promise<() => Promise<void>> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(input)], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the proxy process exited (${code})`)));
  });
  return async () => {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}

/** Round trips one at a time; returns the rate and records each latency. */
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

/** Round trips one at a time through qmon's QmpClient (which sends an id with each command). */
async function sequentialLibrary(client: QmpClient, count: number): Promise<number> {
  const ms = await timed(async () => {
    for (let i = 0; i < count; i++) await client.execute('query-status');
  });
  return (count * 1000) / ms;
}

/** Every client writes its share at once and reads all replies; returns the aggregate rate. */
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

/** Every client runs its share one round trip at a time; returns the aggregate rate. */
async function concurrentSequential(clients: RawQmp[], total: number): Promise<number> {
  const share = total / clients.length;
  const ms = await timed(() => Promise.all(clients.map((client) => sequential(client, share, []))));
  return (total * 1000) / ms;
}

async function main(): Promise<void> {
  const qemu = await startQemu(4);
  const dir = mkdtempSync(join(tmpdir(), 'qmon-bench-mux-'));
  const input: ProxyInput = {
    muxUpstream: qemu.sockets[0]!,
    muxListen: join(dir, 'mux.sock'),
    pipeUpstream: qemu.sockets[2]!,
    pipeListen: join(dir, 'pipe.sock'),
  };
  const stopProxies = await startProxies(input);
  try {
    const direct = await RawQmp.open(qemu.sockets[1]!);
    const piped = await RawQmp.open(input.pipeListen);
    const viaMux = await RawQmp.open(input.muxListen);
    const muxClients = await Promise.all(
      Array.from({ length: CLIENTS }, () => RawQmp.open(input.muxListen)),
    );
    for (const client of [direct, piped, viaMux, ...muxClients]) await sequential(client, 200, []);
    const libraryDirect = await QmpClient.connect(qemu.sockets[3]!);
    const libraryMux = await QmpClient.connect(input.muxListen);
    for (const client of [libraryDirect, libraryMux]) await sequentialLibrary(client, 200);

    const rate = { direct: [] as number[], pipe: [] as number[], mux: [] as number[] };
    const latency = { direct: [] as number[], pipe: [] as number[], mux: [] as number[] };
    const aggregate = {
      direct: [] as number[],
      mux: [] as number[],
      muxSequential: [] as number[],
    };
    const library = { direct: [] as number[], mux: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      rate.direct.push(await sequential(direct, SEQUENTIAL, latency.direct));
      rate.mux.push(await sequential(viaMux, SEQUENTIAL, latency.mux));
      rate.pipe.push(await sequential(piped, SEQUENTIAL, latency.pipe));
      library.direct.push(await sequentialLibrary(libraryDirect, SEQUENTIAL));
      library.mux.push(await sequentialLibrary(libraryMux, SEQUENTIAL));
      aggregate.direct.push(await pipelined([direct], PIPELINED));
      aggregate.mux.push(await pipelined(muxClients, PIPELINED));
      aggregate.muxSequential.push(await concurrentSequential(muxClients, PIPELINED));
    }
    const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
    const ratio = (a: number[], b: number[]) => (median(a) / median(b)).toFixed(2);
    const row = (name: string, value: string) => console.log(`${name.padEnd(52)} ${value}`);
    console.log(`mux: query-status, ${ROUNDS} alternating rounds, medians`);
    for (const path of ['direct', 'mux', 'pipe'] as const) {
      row(
        `${path === 'pipe' ? 'byte pipe (no parsing)' : path}, 1 client sequential`,
        `${Math.round(median(rate[path]))} round trips/s, latency ${us(median(latency[path]))}`,
      );
    }
    row('  ratio mux / direct (target ≥ 0.9)', ratio(rate.mux, rate.direct));
    row('  ratio mux / byte pipe', ratio(rate.mux, rate.pipe));
    row('  ratio byte pipe / direct', ratio(rate.pipe, rate.direct));
    row('QmpClient direct, sequential', `${Math.round(median(library.direct))} round trips/s`);
    row(
      'QmpClient through the mux, sequential',
      `${Math.round(median(library.mux))} round trips/s`,
    );
    row('  ratio mux / direct', ratio(library.mux, library.direct));
    row(
      `direct, 1 client pipelining ${PIPELINED}`,
      `${Math.round(median(aggregate.direct))} commands/s`,
    );
    row(
      `mux, ${CLIENTS} clients pipelining ${PIPELINED / CLIENTS} each`,
      `${Math.round(median(aggregate.mux))} commands/s`,
    );
    row('  ratio mux / direct pipelined (target ≥ 0.9)', ratio(aggregate.mux, aggregate.direct));
    row(
      `mux, ${CLIENTS} clients one round trip at a time`,
      `${Math.round(median(aggregate.muxSequential))} commands/s`,
    );
    row('  ratio mux / direct pipelined', ratio(aggregate.muxSequential, aggregate.direct));
    for (const client of [direct, piped, viaMux, ...muxClients]) client.close();
    await libraryDirect.close();
    await libraryMux.close();
  } finally {
    await stopProxies();
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.send) void runProxies(JSON.parse(process.argv[2]!) as ProxyInput);
else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
