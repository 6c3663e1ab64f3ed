/**
 * Boots qmon's demo guest under QEMU (TCG) for tests, and talks to its agent over a
 * raw socket. Deliberately independent of the library's own QGA client.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  type DemoGuest,
  demoGuestQemuArgs,
  ensureDemoGuest,
  qemuOptionValue,
} from '../../src/launch/demo-guest/demo-guest.js';
import { spawnQemu } from './qemu-version.js';
import { stopOnce } from './stopper.js';

const run = promisify(execFile);

export interface DataDiskOptions {
  sizeMiB?: number;
  /** Files to put on the disk, by path relative to its root. */
  files?: Record<string, string | Uint8Array>;
}

export interface BootOptions {
  /** Attach an ext4 disk, mounted in the guest at /mnt/data. */
  dataDisk?: boolean | DataDiskOptions;
  memoryMiB?: number;
  /** Extra QEMU arguments, appended last. */
  qemuArgs?: string[];
  /** Reuse an already ensured guest. */
  guest?: DemoGuest;
  onProgress?: (line: string) => void;
}

export interface BootedGuest {
  dir: string;
  qgaSocket: string;
  qmpSocket: string;
  serialLog: string;
  dataDisk?: string;
  process: ChildProcess;
  /** Settles when QEMU exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What QEMU printed on stderr so far. */
  stderr(): string;
  /** Waits for the agent, failing early with QEMU's stderr and the console if QEMU exits. */
  waitForAgent(timeoutMs: number): Promise<number>;
  /** Kills QEMU (SIGTERM, then SIGKILL after 3 s), reaps it and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

async function findProgram(name: string): Promise<string> {
  for (const dir of ['/usr/sbin', '/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return name;
}

/** Creates an ext4 image, optionally filled with `files` (mke2fs -d). */
export async function makeExt4Image(path: string, options: DataDiskOptions = {}): Promise<void> {
  const args = ['-q', '-F', '-t', 'ext4', '-L', 'data', '-E', 'root_owner=0:0'];
  const staging = `${path}.d`;
  if (options.files) {
    for (const [name, content] of Object.entries(options.files)) {
      const target = join(staging, name);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    args.push('-d', staging);
  }
  await run(await findProgram('mke2fs'), [...args, path, `${options.sizeMiB ?? 32}M`]);
  await rm(staging, { recursive: true, force: true });
}

export async function bootDemoGuest(options: BootOptions = {}): Promise<BootedGuest> {
  const guest = options.guest ?? (await ensureDemoGuest({ onProgress: options.onProgress }));
  const dir = await mkdtemp(join(tmpdir(), 'qmon-guest-'));
  const qgaSocket = join(dir, 'qga.sock');
  const qmpSocket = join(dir, 'qmp.sock');
  const serialLog = join(dir, 'serial.log');
  let dataDisk: string | undefined;
  if (options.dataDisk) {
    dataDisk = join(dir, 'data.img');
    await makeExt4Image(dataDisk, options.dataDisk === true ? {} : options.dataDisk);
  }
  const args = [
    ...demoGuestQemuArgs(guest, {
      qgaSocket,
      serialLog,
      dataDisk,
      memoryMiB: options.memoryMiB,
      noReboot: true,
    }),
    ...['-qmp', `unix:${qemuOptionValue(qmpSocket)},server=on,wait=off`],
    ...(options.qemuArgs ?? []),
  ];
  const child = spawnQemu(args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('error', (error) => {
      stderr += String(error);
      resolve({ code: null, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });

  const stop = stopOnce(child, exited, dir);

  const consoleTail = async (): Promise<string> =>
    (await readFile(serialLog, 'utf8').catch(() => '')).slice(-2000);

  return {
    dir,
    qgaSocket,
    qmpSocket,
    serialLog,
    dataDisk,
    process: child,
    exited,
    stderr: () => stderr,
    stop,
    async waitForAgent(timeoutMs) {
      const abort = new AbortController();
      const early = exited.then(async ({ code, signal }) => {
        if (abort.signal.aborted) return 0;
        throw new Error(
          `QEMU exited (code ${code}, signal ${signal}) before the agent answered\n` +
            `stderr: ${stderr}\nconsole: ${await consoleTail()}`,
        );
      });
      try {
        return await Promise.race([waitForAgent(qgaSocket, timeoutMs, abort.signal), early]);
      } catch (error) {
        if (error instanceof AgentTimeoutError) {
          error.message += `\nconsole: ${await consoleTail()}`;
        }
        throw error;
      } finally {
        abort.abort();
      }
    },
  };
}

export class AgentTimeoutError extends Error {
  override name = 'AgentTimeoutError';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface AgentLink {
  /** Resolves with the next complete JSON line received after the last one taken. */
  nextValue(timeoutMs: number): Promise<unknown>;
  send(text: string): void;
  close(): void;
}

/** A raw connection that decodes newline-framed JSON, dropping bytes before a 0xFF. */
function openLink(path: string): Promise<AgentLink> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffer = Buffer.alloc(0);
    let closed = false;
    const values: unknown[] = [];
    let waiter: (() => void) | undefined;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const reset = buffer.lastIndexOf(0xff);
      if (reset >= 0) buffer = buffer.subarray(reset + 1);
      for (let nl = buffer.indexOf(10); nl >= 0; nl = buffer.indexOf(10)) {
        const line = buffer.subarray(0, nl).toString('utf8').trim();
        buffer = buffer.subarray(nl + 1);
        if (!line) continue;
        try {
          values.push(JSON.parse(line));
        } catch {
          // not JSON: an earlier, interrupted reply
        }
      }
      waiter?.();
    });
    socket.on('close', () => {
      closed = true;
      waiter?.();
    });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.on('error', () => {});
      resolve({
        send: (text) => socket.write(text),
        close: () => socket.destroy(),
        async nextValue(timeoutMs) {
          const deadline = Date.now() + timeoutMs;
          while (values.length === 0) {
            if (closed) throw new Error('the agent socket closed');
            const left = deadline - Date.now();
            if (left <= 0)
              throw new AgentTimeoutError(`no reply from the agent in ${timeoutMs} ms`);
            await new Promise<void>((wake) => {
              const timer = setTimeout(wake, left);
              waiter = () => {
                clearTimeout(timer);
                wake();
              };
            });
            waiter = undefined;
          }
          return values.shift();
        },
      });
    });
  });
}

function syncRequest(id: number): string {
  return `\xff${JSON.stringify({ execute: 'guest-sync-delimited', arguments: { id } })}\n`;
}

/** Sends 0xFF + guest-sync-delimited (again every 250 ms: the port drops what is sent before qemu-ga opens it) until the agent echoes one of our ids. */
async function sync(link: AgentLink, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ids = new Set<number>();
  while (Date.now() < deadline) {
    const id = randomInt(1, 2 ** 31);
    ids.add(id);
    link.send(syncRequest(id));
    const resend = Date.now() + 250;
    while (Date.now() < Math.min(resend, deadline)) {
      const value = await link
        .nextValue(Math.min(resend, deadline) - Date.now())
        .catch((error: unknown) => {
          if (error instanceof AgentTimeoutError) return undefined;
          throw error;
        });
      const reply = value as { return?: unknown } | undefined;
      if (typeof reply?.return === 'number' && ids.has(reply.return)) return;
    }
  }
  throw new AgentTimeoutError(`the agent did not answer guest-sync-delimited in ${timeoutMs} ms`);
}

/**
 * Waits until the agent behind `qgaSocket` answers guest-sync-delimited, reconnecting
 * as needed. Returns the milliseconds it took.
 */
export async function waitForAgent(
  qgaSocket: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<number> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline && !signal?.aborted) {
    const link = await openLink(qgaSocket).catch((error: unknown) => {
      lastError = error;
      return undefined;
    });
    if (!link) {
      await sleep(50);
      continue;
    }
    try {
      await sync(link, deadline - Date.now());
      return Date.now() - started;
    } catch (error) {
      lastError = error;
    } finally {
      link.close();
    }
  }
  throw new AgentTimeoutError(
    `the agent on ${qgaSocket} was not ready within ${timeoutMs} ms: ${String(lastError)}`,
  );
}

export interface AgentReply {
  return?: unknown;
  error?: { class: string; desc: string };
  id?: unknown;
}

/**
 * Runs one agent command on a fresh connection (sync first) and returns its reply
 * object (`{return}` or `{error}`). With `noReply` it only sends it.
 */
export async function agentCommand(
  qgaSocket: string,
  execute: string,
  args?: Record<string, unknown>,
  options: { timeoutMs?: number; noReply?: boolean } = {},
): Promise<AgentReply> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const link = await openLink(qgaSocket);
  try {
    await sync(link, timeoutMs);
    const id = `cmd-${randomInt(1, 2 ** 31)}`;
    link.send(`${JSON.stringify({ execute, arguments: args, id })}\n`);
    if (options.noReply) return {};
    for (;;) {
      // Late replies to repeated syncs may come first: take the one with our id.
      const reply = (await link.nextValue(timeoutMs)) as AgentReply;
      if (reply.id === id) return reply;
    }
  } finally {
    link.close();
  }
}
