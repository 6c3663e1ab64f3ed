// QMP round trips and schema fetches: qmon against a raw socket loop, same QEMU, same process.
import { QmpClient } from '../src/qmp/index.js';
import { JsonStreamDecoder } from '../src/wire/index.js';
import { median, RawQmp, startQemu, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SEQUENTIAL = 2000;
const PIPELINED = 2000;
const SCHEMAS = 20;

const STATUS = '{"execute":"query-status"}\n';

async function main(): Promise<void> {
  const qemu = await startQemu(3);
  try {
    const raw = await RawQmp.open(qemu.sockets[0]!);
    const client = await QmpClient.connect(qemu.sockets[1]!);
    // Opt-in: in-band commands sent without ids, replies matched by order.
    const ordered = await QmpClient.connect(qemu.sockets[2]!, { inBandIds: false });
    const results: Record<string, { raw: number[]; qmon: number[] }> = {
      'query-status sequential': { raw: [], qmon: [] },
      'query-status pipelined': { raw: [], qmon: [] },
      'sequential vs raw with ids': { raw: [], qmon: [] },
      'sequential, inBandIds: false': { raw: [], qmon: [] },
      'pipelined, inBandIds: false': { raw: [], qmon: [] },
      'query-qmp-schema fetch+parse': { raw: [], qmon: [] },
    };
    let schemaLine = '';
    const rawSchema = async () => {
      raw.write('{"execute":"query-qmp-schema"}\n');
      [schemaLine] = (await raw.readLines(1)) as [string];
      return JSON.parse(schemaLine);
    };
    // Warm up both paths.
    for (let i = 0; i < 200; i++) {
      raw.write(STATUS);
      await raw.readLines(1);
      await client.execute('query-status');
    }
    await rawSchema();
    await client.execute('query-qmp-schema');

    for (let round = 0; round < ROUNDS; round++) {
      const r = results['query-status sequential']!;
      r.raw.push(
        SEQUENTIAL /
          (await timed(async () => {
            for (let i = 0; i < SEQUENTIAL; i++) {
              raw.write(STATUS);
              JSON.parse((await raw.readLines(1))[0]!);
            }
          })),
      );
      r.qmon.push(
        SEQUENTIAL /
          (await timed(async () => {
            for (let i = 0; i < SEQUENTIAL; i++) await client.execute('query-status');
          })),
      );
      const p = results['query-status pipelined']!;
      p.raw.push(
        PIPELINED /
          (await timed(async () => {
            raw.write(STATUS.repeat(PIPELINED));
            for (const line of await raw.readLines(PIPELINED)) JSON.parse(line);
          })),
      );
      p.qmon.push(
        PIPELINED /
          (await timed(() =>
            Promise.all(Array.from({ length: PIPELINED }, () => client.execute('query-status'))),
          )),
      );
      // The same bytes as qmon's default: each command labelled with an id.
      const ri = results['sequential vs raw with ids']!;
      let id = 0;
      ri.raw.push(
        SEQUENTIAL /
          (await timed(async () => {
            for (let i = 0; i < SEQUENTIAL; i++) {
              raw.write(`{"execute":"query-status","id":${++id}}\n`);
              JSON.parse((await raw.readLines(1))[0]!);
            }
          })),
      );
      ri.qmon.push(r.qmon.at(-1)!);
      const ro = results['sequential, inBandIds: false']!;
      ro.raw.push(r.raw.at(-1)!);
      ro.qmon.push(
        SEQUENTIAL /
          (await timed(async () => {
            for (let i = 0; i < SEQUENTIAL; i++) await ordered.execute('query-status');
          })),
      );
      const po = results['pipelined, inBandIds: false']!;
      po.raw.push(p.raw.at(-1)!);
      po.qmon.push(
        PIPELINED /
          (await timed(() =>
            Promise.all(Array.from({ length: PIPELINED }, () => ordered.execute('query-status'))),
          )),
      );
      const s = results['query-qmp-schema fetch+parse']!;
      s.raw.push(
        SCHEMAS /
          (await timed(async () => {
            for (let i = 0; i < SCHEMAS; i++) await rawSchema();
          })),
      );
      s.qmon.push(
        SCHEMAS /
          (await timed(async () => {
            for (let i = 0; i < SCHEMAS; i++) await client.execute('query-qmp-schema');
          })),
      );
    }
    raw.close();
    await client.close();
    await ordered.close();

    console.log(
      `QMP against one QEMU (${ROUNDS} alternating rounds, medians; schema reply ${schemaLine.length} bytes)`,
    );
    for (const [name, { raw: r, qmon: q }] of Object.entries(results)) {
      const rawRate = median(r) * 1000;
      const qmonRate = median(q) * 1000;
      console.log(
        `  ${name.padEnd(30)} raw ${rawRate.toFixed(0).padStart(6)}/s   qmon ${qmonRate.toFixed(0).padStart(6)}/s   ratio ${(qmonRate / rawRate).toFixed(3)}`,
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
  for (let round = 0; round < ROUNDS * 3; round++) {
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
    `  decoder, ${bytes.length}-byte reply       whole ${perByte(median(whole)).toFixed(2)} ns/B   one byte per chunk ${perByte(median(single)).toFixed(2)} ns/B   ratio ${(median(single) / median(whole)).toFixed(2)}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
