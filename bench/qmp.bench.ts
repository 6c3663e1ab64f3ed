// QMP round trips and schema fetches: qmon against a raw socket loop, same QEMU, same process,
// run in interleaved blocks so that the machine's drifts in speed fall on both alike.
import { QmpClient } from '../src/qmp/index.js';
import { JsonStreamDecoder } from '../src/wire/index.js';
import { comparePaired, median, type PairedResult, RawQmp, startQemu, timed } from './support.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SEQUENTIAL_BLOCK = 100;
const PIPELINED_BLOCK = 500;
const SCHEMA_BLOCK = 2;

const STATUS = '{"execute":"query-status"}\n';

async function main(): Promise<void> {
  const qemu = await startQemu(3);
  try {
    const raw = await RawQmp.open(qemu.sockets[0]!);
    const client = await QmpClient.connect(qemu.sockets[1]!);
    // Opt-in: every in-band command labelled with an id.
    const labelled = await QmpClient.connect(qemu.sockets[2]!, { inBandIds: true });

    const rawSequential = (line: (i: number) => string) => async () => {
      for (let i = 0; i < SEQUENTIAL_BLOCK; i++) {
        raw.write(line(i));
        JSON.parse((await raw.readLines(1))[0]!);
      }
    };
    const qmonSequential = (qmp: QmpClient) => async () => {
      for (let i = 0; i < SEQUENTIAL_BLOCK; i++) await qmp.execute('query-status');
    };
    const rawPipelined = async () => {
      raw.write(STATUS.repeat(PIPELINED_BLOCK));
      for (const line of await raw.readLines(PIPELINED_BLOCK)) JSON.parse(line);
    };
    const qmonPipelined = (qmp: QmpClient) => () =>
      Promise.all(Array.from({ length: PIPELINED_BLOCK }, () => qmp.execute('query-status')));
    let schemaLine = '';
    const rawSchema = async () => {
      for (let i = 0; i < SCHEMA_BLOCK; i++) {
        raw.write('{"execute":"query-qmp-schema"}\n');
        [schemaLine] = (await raw.readLines(1)) as [string];
        JSON.parse(schemaLine);
      }
    };
    const qmonSchema = async () => {
      for (let i = 0; i < SCHEMA_BLOCK; i++) await client.execute('query-qmp-schema');
    };
    let id = 0;
    const withId = () => `{"execute":"query-status","id":${++id}}\n`;

    const rows: [string, number, PairedResult][] = [];
    const compare = async (
      name: string,
      block: number,
      pairs: number,
      rawBlock: () => Promise<unknown>,
      qmonBlock: () => Promise<unknown>,
    ) => {
      rows.push([name, block, await comparePaired(rawBlock, qmonBlock, Math.ceil(pairs * SCALE))]);
    };
    await compare(
      'query-status one at a time',
      SEQUENTIAL_BLOCK,
      60,
      rawSequential(() => STATUS),
      qmonSequential(client),
    );
    await compare(
      'query-status pipelined',
      PIPELINED_BLOCK,
      16,
      rawPipelined,
      qmonPipelined(client),
    );
    await compare('query-qmp-schema fetch+parse', SCHEMA_BLOCK, 16, rawSchema, qmonSchema);
    await compare(
      'inBandIds: true, one at a time',
      SEQUENTIAL_BLOCK,
      30,
      rawSequential(() => STATUS),
      qmonSequential(labelled),
    );
    await compare(
      'inBandIds: true, vs raw with ids',
      SEQUENTIAL_BLOCK,
      30,
      rawSequential(withId),
      qmonSequential(labelled),
    );
    await compare(
      'inBandIds: true, pipelined',
      PIPELINED_BLOCK,
      8,
      rawPipelined,
      qmonPipelined(labelled),
    );
    raw.close();
    await client.close();
    await labelled.close();

    console.log(
      `QMP against one QEMU: raw loop vs qmon in interleaved blocks (ABBA); schema reply ${schemaLine.length} bytes`,
    );
    console.log(
      `  ${'case'.padEnd(34)} ${'raw/s'.padStart(7)} ${'qmon/s'.padStart(7)}  ratio  (per-block quartiles)`,
    );
    for (const [name, block, r] of rows) {
      const rate = (ms: number) => ((r.blocks * block * 1000) / ms).toFixed(0).padStart(7);
      console.log(
        `  ${name.padEnd(34)} ${rate(r.baselineMs)} ${rate(r.candidateMs)}  ${r.ratio.toFixed(3)}  (${r.pairRatios.map((p) => p.toFixed(2)).join(' ')})`,
      );
    }
    await decoderCost(Buffer.from(`${schemaLine}\r\n`));
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
    `  decoder, ${bytes.length}-byte reply: whole ${perByte(median(whole)).toFixed(2)} ns/B, one byte per chunk ${perByte(median(single)).toFixed(2)} ns/B, ratio ${(median(single) / median(whole)).toFixed(2)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
