// File copy through qemu-ga: qmon's copyFromGuest against a raw loop of guest-file-read on a
// bare socket, same agent, same chunk size, same run; and copyToGuest per chunk size.
// BENCH_QGA=guest (default: the demo guest under TCG, falling back to the host agent) or host.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QgaClient } from '../src/qga/index.js';
import { bootDemoGuest } from '../test/support/guest.js';
import { startHostAgent } from '../test/support/qga-host-agent.js';
import { median, timed } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MiB = 1 << 20;
/** Chunk sizes to compare, in KiB (`BENCH_CHUNKS_KIB=1024,4096`). */
const CHUNK_SIZES = (process.env.BENCH_CHUNKS_KIB ?? '64,256,1024,2048,4096,8192')
  .split(',')
  .map((kib) => Number(kib) << 10);
/** The guest-tier file size (64 MiB); the guest keeps it in RAM. */
const GUEST_FILE_MIB = Number(process.env.BENCH_QGA_MIB ?? 64);

interface Agent {
  kind: 'guest' | 'host';
  socket: string;
  /** Where the file to read lives, seen by the agent. */
  agentPath: string;
  /** A scratch path the agent can write. */
  agentScratch: string;
  fileBytes: number;
  stop(): Promise<void>;
}

/** A bare agent connection: 0xFF + guest-sync-delimited once, then one JSON line per reply. */
class RawQga {
  private chunks: Buffer[] = [];
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.waiter?.();
    });
  }

  static async open(path: string): Promise<RawQga> {
    const socket = net.connect(path);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const raw = new RawQga(socket);
    const id = Math.floor(Math.random() * 2 ** 40);
    socket.write(
      Buffer.concat([
        Buffer.from([0xff]),
        Buffer.from(`{"execute":"guest-sync-delimited","arguments":{"id":${id}}}\n`),
      ]),
    );
    for (;;) {
      const seen = Buffer.concat(raw.chunks);
      const reset = seen.lastIndexOf(0xff);
      const reply = seen.indexOf(`{"return": ${id}}\n`, reset);
      if (reset >= 0 && reply > reset) {
        raw.chunks = [seen.subarray(seen.indexOf(10, reply) + 1)];
        return raw;
      }
      await raw.more();
    }
  }

  /** Sends a command and parses the next line; only the newest chunk is searched for its end. */
  async call(command: string, args: Record<string, unknown>): Promise<unknown> {
    this.socket.write(`{"execute":"${command}","arguments":${JSON.stringify(args)}}\n`);
    let searched = 0;
    for (;;) {
      for (; searched < this.chunks.length; searched++) {
        const end = this.chunks[searched]!.indexOf(10);
        if (end < 0) continue;
        const last = this.chunks[searched]!;
        const line = Buffer.concat([...this.chunks.slice(0, searched), last.subarray(0, end)]);
        this.chunks = end + 1 < last.length ? [last.subarray(end + 1)] : [];
        return (JSON.parse(line.toString('utf8')) as { return: unknown }).return;
      }
      await this.more();
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private more(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

/** The baseline: open, read chunk after chunk until EOF, decode, write to a host file, close. */
async function rawCopy(raw: RawQga, agentPath: string, hostPath: string, chunk: number) {
  const handle = await raw.call('guest-file-open', { path: agentPath, mode: 'r' });
  const fd = openSync(hostPath, 'w');
  try {
    for (;;) {
      const read = (await raw.call('guest-file-read', { handle, count: chunk })) as {
        'buf-b64': string;
        eof: boolean;
        count: number;
      };
      if (read.count > 0) writeSync(fd, Buffer.from(read['buf-b64'], 'base64'));
      if (read.eof || read.count === 0) break;
    }
  } finally {
    closeSync(fd);
    await raw.call('guest-file-close', { handle });
  }
}

async function startAgent(): Promise<Agent> {
  if (process.env.BENCH_QGA !== 'host') {
    let vm: Awaited<ReturnType<typeof bootDemoGuest>> | undefined;
    try {
      const booted = await bootDemoGuest({ memoryMiB: Math.max(256, GUEST_FILE_MIB * 8) });
      vm = booted;
      const client = await QgaClient.waitUntilReady(booted.qgaSocket, { timeout: 120_000 });
      const fileBytes = GUEST_FILE_MIB * MiB;
      await client.exec('/bin/sh', ['-c', `head -c ${fileBytes} /dev/urandom > /tmp/blob`]);
      await client.close();
      return {
        kind: 'guest',
        socket: booted.qgaSocket,
        agentPath: '/tmp/blob',
        agentScratch: '/tmp/upload',
        fileBytes,
        stop: () => booted.stop(),
      };
    } catch (error) {
      await vm?.stop();
      console.error(`the demo guest did not start (${String(error)}); using the host agent`);
    }
  }
  const agent = await startHostAgent();
  const fileBytes = 64 * MiB;
  const agentPath = join(agent.dir, 'blob');
  writeFileSync(agentPath, randomBytes(fileBytes));
  return {
    kind: 'host',
    socket: agent.socket,
    agentPath,
    agentScratch: join(agent.dir, 'upload'),
    fileBytes,
    stop: () => agent.stop(),
  };
}

async function main(): Promise<void> {
  const agent = await startAgent();
  const hostFile = join(tmpdir(), `qmon-bench-qga-${process.pid}`);
  const mib = agent.fileBytes / MiB;
  console.log(
    `agent: ${agent.kind === 'guest' ? 'demo guest (TCG, virtio-serial)' : 'qemu-ga on the host (unix socket)'}; ` +
      `${mib} MiB file, median of ${ROUNDS} rounds, MiB/s`,
  );
  try {
    const rows: { chunk: number; raw: number; qmon: number; up: number }[] = [];
    for (const chunk of CHUNK_SIZES) {
      const raw: number[] = [];
      const qmon: number[] = [];
      const up: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // One connection at a time: the agent's channel serves one client.
        const bare = await RawQga.open(agent.socket);
        raw.push(
          mib / ((await timed(() => rawCopy(bare, agent.agentPath, hostFile, chunk))) / 1000),
        );
        bare.close();
        const client = await QgaClient.connect(agent.socket, { timeout: 120_000 });
        qmon.push(
          mib /
            ((await timed(() =>
              client.copyFromGuest(agent.agentPath, hostFile, { chunkSize: chunk }),
            )) /
              1000),
        );
        up.push(
          mib /
            ((await timed(() =>
              client.copyToGuest(hostFile, agent.agentScratch, { chunkSize: chunk }),
            )) /
              1000),
        );
        await client.close();
      }
      rows.push({ chunk, raw: median(raw), qmon: median(qmon), up: median(up) });
    }
    console.log('chunk      raw read   qmon read  ratio   qmon write');
    for (const row of rows) {
      console.log(
        `${`${row.chunk >> 10} KiB`.padEnd(10)} ${row.raw.toFixed(1).padStart(8)}   ${row.qmon
          .toFixed(1)
          .padStart(
            8,
          )}  ${(row.qmon / row.raw).toFixed(2).padStart(5)}   ${row.up.toFixed(1).padStart(8)}`,
      );
    }
    const best = rows.reduce((a, b) => (b.qmon + b.up > a.qmon + a.up ? b : a));
    console.log(`best chunk size (read + write): ${best.chunk >> 10} KiB`);
  } finally {
    rmSync(hostFile, { force: true });
    await agent.stop();
  }
}

await main();
