import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import type { ApiClient } from '../src/api-client/client.js';
import type { VmInfo } from '../src/api-client/types.js';
import { type QemuBuild, qemuBuild } from '../src/launch/qemu-build.js';
import type { QmpClient } from '../src/qmp/index.js';
import { startQemu as startTestQemu } from '../test/support/qemu.js';

export interface BenchQemu {
  sockets: string[];
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A `-machine none` QEMU with `count` QMP sockets, so raw and library clients
 * each get their own; the build `$QMON_QEMU` names unless given one.
 */
export function startQemu(
  count: number,
  extraArgs: string[] = [],
  build: QemuBuild = qemuBuild(),
): Promise<BenchQemu> {
  return startTestQemu(['-machine', 'none', ...extraArgs], { qmpSockets: count, build });
}

/** A bare QMP connection with no library: greeting read, capabilities negotiated. */
export class RawQmp {
  private buffered = '';
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      this.buffered += text;
      this.waiter?.();
    });
  }

  static async open(path: string): Promise<RawQmp> {
    const socket = net.connect(path);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.setNoDelay(true);
    const raw = new RawQmp(socket);
    await raw.readLines(1);
    raw.socket.write('{"execute":"qmp_capabilities"}\n');
    await raw.readLines(1);
    return raw;
  }

  /** Waits until `count` complete lines arrived and returns them. */
  async readLines(count: number): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      for (let at = this.buffered.indexOf('\n'); at >= 0; at = this.buffered.indexOf('\n')) {
        lines.push(this.buffered.slice(0, at));
        this.buffered = this.buffered.slice(at + 1);
        if (lines.length === count) return lines;
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  write(text: string): void {
    this.socket.write(text);
  }

  close(): void {
    this.socket.destroy();
  }
}

export const STATUS = '{"execute":"query-status"}\n';

/** `count` round trips one at a time: write a line (`STATUS` unless told), read one, parse it. */
export async function rawRoundTrips(
  raw: RawQmp,
  count: number,
  line: () => string = () => STATUS,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    raw.write(line());
    JSON.parse((await raw.readLines(1))[0]!);
  }
}

/** `count` commands written at once, then every reply read and parsed. */
export async function rawPipelined(raw: RawQmp, count: number): Promise<void> {
  raw.write(STATUS.repeat(count));
  for (const line of await raw.readLines(count)) JSON.parse(line);
}

/** `count` `query-status` round trips one at a time through qmon. */
export async function qmonRoundTrips(qmp: QmpClient, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await qmp.execute('query-status');
}

/** Median of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` and returns its duration in milliseconds. */
export async function timed(fn: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export interface PairedResult {
  /** Blocks each side ran, warm-up excluded. */
  blocks: number;
  /** Milliseconds each side spent in all its blocks. */
  baselineMs: number;
  candidateMs: number;
  /** Baseline time over candidate time, per pair of blocks. */
  pairRatios: number[];
}

/**
 * Runs two workloads in interleaved blocks, alternating which goes first
 * (ABBA), so the machine's drifts in speed fall on both alike. Each function
 * runs one block; the first `warmup` pairs are not counted.
 */
export async function comparePaired(
  baseline: () => Promise<unknown>,
  candidate: () => Promise<unknown>,
  pairs: number,
  warmup = 2,
): Promise<PairedResult> {
  const result: PairedResult = { blocks: 0, baselineMs: 0, candidateMs: 0, pairRatios: [] };
  for (let pair = 0; pair < pairs + warmup; pair++) {
    let b: number;
    let c: number;
    if (pair % 2) {
      c = await timed(candidate);
      b = await timed(baseline);
    } else {
      b = await timed(baseline);
      c = await timed(candidate);
    }
    if (pair < warmup) continue;
    result.blocks++;
    result.baselineMs += b;
    result.candidateMs += c;
    result.pairRatios.push(b / c);
  }
  return result;
}

/** Two runs' results as one. */
export function mergePaired(a: PairedResult, b: PairedResult): PairedResult {
  return {
    blocks: a.blocks + b.blocks,
    baselineMs: a.baselineMs + b.baselineMs,
    candidateMs: a.candidateMs + b.candidateMs,
    pairRatios: [...a.pairRatios, ...b.pairRatios],
  };
}

/** Candidate throughput over baseline throughput, and the per-pair quartiles. */
export function summarizePaired(result: PairedResult): {
  ratio: number;
  quartiles: [number, number, number];
} {
  const sorted = [...result.pairRatios].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    ratio: result.baselineMs / result.candidateMs,
    quartiles: [at(0.25), median(sorted), at(0.75)],
  };
}

/**
 * Defines and starts the VM `probe` (`-machine none`) through the daemon,
 * with a second QMP socket for a direct client, in its runtime folder under
 * `runtimeRoot` (a confined QEMU can create sockets nowhere else).
 */
export async function startProbeVm(
  api: ApiClient,
  runtimeRoot: string,
): Promise<{ direct: string; probe: VmInfo }> {
  const direct = join(runtimeRoot, 'probe', 'direct.sock');
  await api.defineVm({
    spec: {
      name: 'probe',
      machine: 'none',
      extraArgs: ['-qmp', `unix:${direct},server=on,wait=off`],
    },
  });
  return { direct, probe: await api.vmAction('probe', 'start') };
}
