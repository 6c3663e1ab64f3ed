// QMP round trips and schema fetches: qmon against a raw socket loop, same QEMU, same process.
// Both run in interleaved blocks (ABBA), so the machine's drifts in speed fall on both alike.
// QEMU does not serve its monitors alike: the client that connected first is served faster (a raw
// client against an identical raw client reads 0.95-0.98 pipelined, 1.03-1.05 the other way
// round). So each case runs half its blocks with raw connected first and half with qmon first,
// each time on the other socket.
import { qemuBuild } from '../src/launch/qemu-build.js';
import { QmpClient, type QmpConnectOptions } from '../src/qmp/index.js';
import { JsonStreamDecoder, parseJson } from '../src/wire/index.js';
import {
  comparePaired,
  median,
  mergePaired,
  type PairedResult,
  qmonRoundTrips,
  RawQmp,
  rawPipelined,
  rawRoundTrips,
  startQemu,
  summarizePaired,
  timed,
} from './support.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEQUENTIAL_BLOCK = 100;
const PIPELINED_BLOCK = 500;
const SCHEMA_BLOCK = 2;

const SCHEMA = '{"execute":"query-qmp-schema"}\n';
/** Every QEMU version qmon is tested on, each with its own set of ratios. */
const VERSIONS = (process.env.QMON_BENCH_QEMU ?? '7.2 10.0').split(/\s+/).filter(Boolean);

interface Case {
  name: string;
  /** Commands per block. */
  block: number;
  pairs: number;
  qmonOptions?: QmpConnectOptions;
  raw: (raw: RawQmp) => Promise<unknown>;
  qmon: (qmp: QmpClient) => Promise<unknown>;
}

let id = 0;

const rawSequential = (line?: () => string) => (raw: RawQmp) =>
  rawRoundTrips(raw, SEQUENTIAL_BLOCK, line);
const qmonSequential = (qmp: QmpClient) => qmonRoundTrips(qmp, SEQUENTIAL_BLOCK);
const rawPipelinedBlock = (raw: RawQmp) => rawPipelined(raw, PIPELINED_BLOCK);
const qmonPipelined = (qmp: QmpClient) =>
  Promise.all(Array.from({ length: PIPELINED_BLOCK }, () => qmp.execute('query-status')));

const CASES: Case[] = [
  {
    name: 'query-status one at a time',
    block: SEQUENTIAL_BLOCK,
    pairs: 60,
    raw: rawSequential(),
    qmon: qmonSequential,
  },
  {
    name: 'query-status pipelined',
    block: PIPELINED_BLOCK,
    pairs: 32,
    raw: rawPipelinedBlock,
    qmon: qmonPipelined,
  },
  {
    name: 'query-qmp-schema fetch+parse',
    block: SCHEMA_BLOCK,
    pairs: 24,
    raw: async (raw) => {
      for (let i = 0; i < SCHEMA_BLOCK; i++) {
        raw.write(SCHEMA);
        JSON.parse((await raw.readLines(1))[0]!);
      }
    },
    qmon: async (qmp) => {
      for (let i = 0; i < SCHEMA_BLOCK; i++) await qmp.execute('query-qmp-schema');
    },
  },
  {
    name: 'inBandIds: true, one at a time',
    block: SEQUENTIAL_BLOCK,
    pairs: 30,
    qmonOptions: { inBandIds: true },
    raw: rawSequential(),
    qmon: qmonSequential,
  },
  {
    name: 'inBandIds: true, vs raw with ids',
    block: SEQUENTIAL_BLOCK,
    pairs: 30,
    qmonOptions: { inBandIds: true },
    raw: rawSequential(() => `{"execute":"query-status","id":${++id}}\n`),
    qmon: qmonSequential,
  },
  {
    name: 'inBandIds: true, pipelined',
    block: PIPELINED_BLOCK,
    pairs: 8,
    qmonOptions: { inBandIds: true },
    raw: rawPipelinedBlock,
    qmon: qmonPipelined,
  },
];

/** One case: half its pairs with each client connected first, each time on the other socket. */
async function measure(sockets: [string, string], c: Case): Promise<PairedResult> {
  const halves: PairedResult[] = [];
  for (const rawFirst of [true, false]) {
    let raw: RawQmp | undefined;
    let qmp: QmpClient | undefined;
    try {
      if (rawFirst) raw = await RawQmp.open(sockets[0]);
      qmp = await QmpClient.connect(rawFirst ? sockets[1] : sockets[0], c.qmonOptions);
      raw ??= await RawQmp.open(sockets[1]);
      const [rawClient, qmonClient] = [raw, qmp];
      halves.push(
        await comparePaired(
          () => c.raw(rawClient),
          () => c.qmon(qmonClient),
          Math.ceil((c.pairs * SCALE) / 2),
        ),
      );
    } finally {
      raw?.close();
      await qmp?.close();
    }
  }
  return mergePaired(halves[0]!, halves[1]!);
}

async function main(): Promise<void> {
  for (const version of VERSIONS) await benchVersion(version);
}

async function benchVersion(version: string): Promise<void> {
  const qemu = await startQemu(2, [], qemuBuild(version));
  try {
    const sockets = qemu.sockets as [string, string];
    const probe = await RawQmp.open(sockets[0]);
    probe.write('{"execute":"query-version"}\n');
    const { qemu: v } = JSON.parse((await probe.readLines(1))[0]!).return;
    probe.close();
    console.log(
      `QMP against one QEMU ${v.major}.${v.minor}.${v.micro}: a raw loop vs qmon, interleaved blocks, connection order swapped halfway`,
    );
    console.log(
      `  ${'case'.padEnd(34)} ${'raw/s'.padStart(7)} ${'qmon/s'.padStart(7)}  ratio  (per-block quartiles)`,
    );
    for (const c of CASES) {
      const result = await measure(sockets, c);
      const { ratio, quartiles } = summarizePaired(result);
      const rate = (ms: number) => ((result.blocks * c.block * 1000) / ms).toFixed(0).padStart(7);
      console.log(
        `  ${c.name.padEnd(34)} ${rate(result.baselineMs)} ${rate(result.candidateMs)}  ${ratio.toFixed(3)}  (${quartiles.map((q) => q.toFixed(2)).join(' ')})`,
      );
    }
    const raw = await RawQmp.open(sockets[0]);
    raw.write(SCHEMA);
    const [schema] = (await raw.readLines(1)) as [string];
    raw.close();
    await decoderCost(Buffer.from(`${schema}\r\n`));
    await exactJsonCost(schema);
  } finally {
    await qemu.stop();
  }
}

/** The decoder's cost per byte of a real schema reply, whole vs one byte per chunk. */
async function decoderCost(bytes: Buffer): Promise<void> {
  let values = 0;
  const decoder = new JsonStreamDecoder({ onValue: () => values++ });
  const ones = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
  const whole: number[] = [];
  const single: number[] = [];
  for (let round = 0; round < 21; round++) {
    whole.push(
      (await timed(() => {
        for (let i = 0; i < 20; i++) decoder.push(bytes);
      })) / 20,
    );
    single.push(
      await timed(() => {
        for (const chunk of ones) decoder.push(chunk);
      }),
    );
  }
  const perByte = (ms: number) => (ms * 1e6) / bytes.length;
  console.log(
    `  decoder, ${bytes.length}-byte schema reply: whole ${perByte(median(whole)).toFixed(2)} ns/B, one byte per chunk ${perByte(median(single)).toFixed(2)} ns/B, ratio ${(median(single) / median(whole)).toFixed(2)}`,
  );
}

/** What keeping 64-bit integers exact costs: parseJson against JSON.parse on the same text. */
async function exactJsonCost(schema: string): Promise<void> {
  const status = '{"return": {"status": "running", "singlestep": false, "running": true}}';
  const wide = '{"return": {"max-bandwidth": 18446744073709551615, "downtime-limit": 300}}';
  const cost = async (text: string, times: number) => {
    const plain: number[] = [];
    const exact: number[] = [];
    for (let round = 0; round < 21; round++) {
      plain.push(await timed(() => repeat(times, () => JSON.parse(text))));
      exact.push(await timed(() => repeat(times, () => parseJson(text))));
    }
    return { plain: median(plain) / times, exact: median(exact) / times };
  };
  const small = await cost(status, 20_000);
  const big = await cost(schema, 5);
  const long = await cost(wide, 20_000);
  const ns = (ms: number) => `${(ms * 1e6).toFixed(0)} ns`;
  console.log(
    `  exact JSON (parseJson vs JSON.parse): query-status reply ${ns(small.exact)} vs ${ns(small.plain)}, ` +
      `schema reply ${(big.exact / big.plain).toFixed(3)}x, reply with a 64-bit integer ${ns(long.exact)} vs ${ns(long.plain)}`,
  );
}

function repeat(times: number, run: () => unknown): void {
  for (let i = 0; i < times; i++) run();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
