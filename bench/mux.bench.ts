// query-status through the mux against straight to QEMU: one QEMU, one QMP socket per path, same run.
// The mux runs in a child process, as `qmon mux` would. Next to it runs socat as a byte-for-byte
// relay: what one extra hop costs on this machine with no work done in it at all. Paths are
// compared in interleaved blocks (ABBA). QEMU serves the client that connected first faster
// (see qmp.bench.ts), so halfway through the paths connect to QEMU in the reverse order.
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startMux } from '../src/mux/index.js';
import { QmpClient } from '../src/qmp/index.js';
import {
  comparePaired,
  mergePaired,
  type PairedResult,
  qmonRoundTrips,
  RawQmp,
  rawPipelined,
  rawRoundTrips,
  startQemu,
  summarizePaired,
} from './support.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEQUENTIAL_BLOCK = 100;
const PIPELINED_BLOCK = 400;
const CLIENTS = 10;

/** The child process: the mux, serving `listen`, upstream `upstream`. */
async function runMux(upstream: string, listen: string): Promise<void> {
  const mux = await startMux({ upstream, listen: [listen], log: () => {} });
  process.send!('ready');
  process.once('message', () => void mux.close().then(() => process.exit(0)));
}

async function startMuxProcess(upstream: string, listen: string): Promise<() => Promise<void>> {
  const child = fork(fileURLToPath(import.meta.url), [upstream, listen], {
    execArgv: ['--import', 'tsx'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the mux process exited (${code})`)));
  });
  return async () => {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}

async function startSocat(upstream: string, listen: string): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(
    'socat',
    [`UNIX-LISTEN:${listen},fork`, `UNIX-CONNECT:${upstream}`],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200 && !existsSync(listen); i++) await sleep(10);
  return async () => {
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve));
  };
}

const sequential = (client: RawQmp) => () => rawRoundTrips(client, SEQUENTIAL_BLOCK);
const sequentialLibrary = (client: QmpClient) => () => qmonRoundTrips(client, SEQUENTIAL_BLOCK);
/** Every client writes its share of the block at once and reads all its replies. */
const pipelined = (clients: RawQmp[]) => () =>
  Promise.all(clients.map((client) => rawPipelined(client, PIPELINED_BLOCK / clients.length)));
/** Every client runs its share of the block one round trip at a time. */
const concurrentSequential = (clients: RawQmp[]) => () =>
  Promise.all(clients.map((client) => rawRoundTrips(client, PIPELINED_BLOCK / clients.length)));

interface Row {
  name: string;
  block: number;
  baseline: string;
  candidate: string;
  pairs: number;
  target?: number;
}

const ROWS: Row[] = [
  {
    name: '1 client, one at a time',
    block: SEQUENTIAL_BLOCK,
    baseline: 'direct',
    candidate: 'mux',
    pairs: 40,
    target: 0.9,
  },
  {
    name: '1 client, one at a time',
    block: SEQUENTIAL_BLOCK,
    baseline: 'direct',
    candidate: 'socat relay',
    pairs: 40,
  },
  {
    name: '1 client, one at a time',
    block: SEQUENTIAL_BLOCK,
    baseline: 'socat relay',
    candidate: 'mux',
    pairs: 40,
    target: 0.97,
  },
  {
    name: 'QmpClient, one at a time',
    block: SEQUENTIAL_BLOCK,
    baseline: 'direct',
    candidate: 'mux',
    pairs: 20,
  },
  {
    name: `${CLIENTS} clients pipelining vs 1 direct`,
    block: PIPELINED_BLOCK,
    baseline: 'direct',
    candidate: 'mux',
    pairs: 16,
    target: 0.9,
  },
  {
    name: `${CLIENTS} clients one at a time vs 1 direct pipelining`,
    block: PIPELINED_BLOCK,
    baseline: 'direct',
    candidate: 'mux',
    pairs: 16,
  },
];

/**
 * Half of every row's blocks. Paths connect to QEMU in the order given
 * (`mux`, `direct`, `socat`; the library's direct client with `direct`), each
 * to the next of QEMU's sockets.
 */
async function half(
  sockets: string[],
  order: ('mux' | 'direct' | 'socat')[],
  dir: string,
): Promise<PairedResult[]> {
  const muxListen = join(dir, `mux-${order.join('-')}.sock`);
  const socatListen = join(dir, `socat-${order.join('-')}.sock`);
  const free = [...sockets];
  let stopMux: (() => Promise<void>) | undefined;
  let stopSocat: (() => Promise<void>) | undefined;
  let direct: RawQmp | undefined;
  let libraryDirect: QmpClient | undefined;
  let viaSocat: RawQmp | undefined;
  for (const path of order) {
    if (path === 'mux') stopMux = await startMuxProcess(free.shift()!, muxListen);
    if (path === 'direct') {
      direct = await RawQmp.open(free.shift()!);
      libraryDirect = await QmpClient.connect(free.shift()!);
    }
    if (path === 'socat') {
      stopSocat = await startSocat(free.shift()!, socatListen);
      viaSocat = await RawQmp.open(socatListen); // socat connects to QEMU now
    }
  }
  if (!stopMux || !stopSocat || !direct || !libraryDirect || !viaSocat)
    throw new Error(`incomplete path order ${order.join(', ')}`);
  const viaMux = await RawQmp.open(muxListen);
  const muxClients = await Promise.all(
    Array.from({ length: CLIENTS }, () => RawQmp.open(muxListen)),
  );
  const libraryMux = await QmpClient.connect(muxListen);
  const block: Record<string, () => Promise<unknown>> = {
    'direct 1 client, one at a time': sequential(direct),
    'mux 1 client, one at a time': sequential(viaMux),
    'socat relay 1 client, one at a time': sequential(viaSocat),
    'direct QmpClient, one at a time': sequentialLibrary(libraryDirect),
    'mux QmpClient, one at a time': sequentialLibrary(libraryMux),
    [`direct ${CLIENTS} clients pipelining vs 1 direct`]: pipelined([direct]),
    [`mux ${CLIENTS} clients pipelining vs 1 direct`]: pipelined(muxClients),
    [`direct ${CLIENTS} clients one at a time vs 1 direct pipelining`]: pipelined([direct]),
    [`mux ${CLIENTS} clients one at a time vs 1 direct pipelining`]:
      concurrentSequential(muxClients),
  };
  try {
    // The mux's process starts cold: let its JIT settle before anything is timed.
    for (let i = 0; i < 20; i++) for (const run of Object.values(block)) await run();
    const results: PairedResult[] = [];
    for (const row of ROWS) {
      results.push(
        await comparePaired(
          block[`${row.baseline} ${row.name}`]!,
          block[`${row.candidate} ${row.name}`]!,
          Math.ceil((row.pairs * SCALE) / 2),
        ),
      );
    }
    return results;
  } finally {
    for (const client of [direct, viaMux, viaSocat, ...muxClients]) client.close();
    await libraryDirect.close();
    await libraryMux.close();
    await stopSocat();
    await stopMux();
  }
}

async function main(): Promise<void> {
  const qemu = await startQemu(4);
  const dir = mkdtempSync(join(tmpdir(), 'qmon-bench-mux-'));
  try {
    const first = await half(qemu.sockets, ['mux', 'direct', 'socat'], dir);
    const second = await half(qemu.sockets, ['socat', 'direct', 'mux'], dir);
    console.log('mux: query-status, interleaved blocks, connection order reversed halfway');
    console.log(
      `  ${'case'.padEnd(56)} ${'baseline/s'.padStart(10)} ${'candidate/s'.padStart(11)}  ratio  (per-block quartiles)`,
    );
    ROWS.forEach((row, i) => {
      const result = mergePaired(first[i]!, second[i]!);
      const { ratio, quartiles } = summarizePaired(result);
      const rate = (ms: number) => ((result.blocks * row.block * 1000) / ms).toFixed(0);
      const target = row.target === undefined ? '' : `  target ≥ ${row.target}`;
      console.log(
        `  ${`${row.name}: ${row.candidate} / ${row.baseline}`.padEnd(56)} ${rate(result.baselineMs).padStart(10)} ${rate(result.candidateMs).padStart(11)}  ${ratio.toFixed(3)}  (${quartiles.map((q) => q.toFixed(2)).join(' ')})${target}`,
      );
    });
  } finally {
    await qemu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.send) void runMux(process.argv[2]!, process.argv[3]!);
else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
