import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startQemu, type TestQemu } from '../support/qemu.js';

/** A plain socket client, the way `nc` or `socat` talk: bytes in, lines out. */
export class LineClient {
  readonly lines: string[] = [];
  /** Everything received, as text. */
  text = '';
  readonly closed: Promise<void>;
  private partial = '';
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.text += chunk;
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      for (const part of parts) this.lines.push(part.replace(/\r$/, ''));
      this.wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.wake();
        resolve();
      }),
    );
  }

  static async open(address: string): Promise<LineClient> {
    const socket = address.startsWith('tcp:')
      ? net.connect({
          host: address.slice(4, address.lastIndexOf(':')),
          port: Number(address.slice(address.lastIndexOf(':') + 1)),
        })
      : net.connect({ path: address.replace(/^unix:/, '') });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new LineClient(socket);
  }

  /** Opens a QMP connection and negotiates; the greeting and `{"return": {}}` are consumed. */
  static async negotiated(address: string, capabilities = ''): Promise<LineClient> {
    const client = await LineClient.open(address);
    await client.waitForLines(1);
    const args = capabilities ? `, "arguments": {"enable": ["${capabilities}"]}` : '';
    client.send(`{"execute": "qmp_capabilities"${args}}\n`);
    await client.waitForLines(2);
    client.lines.splice(0, 2);
    return client;
  }

  send(text: string | Uint8Array): void {
    this.socket.write(text);
  }

  /** Waits until `count` lines have arrived (or the connection closed), within `timeoutMs`. */
  async waitForLines(count: number, timeoutMs = 10_000): Promise<string[]> {
    const deadline = performance.now() + timeoutMs;
    while (this.lines.length < count && !this.socket.destroyed) {
      const left = deadline - performance.now();
      if (left <= 0)
        throw new Error(`got ${this.lines.length} of ${count} lines within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.lines.slice(0, count);
  }

  /** Waits until the received text matches `pattern`. */
  async waitForText(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!pattern.test(this.text)) {
      if (performance.now() > deadline || this.socket.destroyed)
        throw new Error(`no ${pattern} in ${JSON.stringify(this.text.slice(-300))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A QEMU with a third QMP socket (`direct`) for a client that bypasses the mux. */
export interface MuxTestQemu extends TestQemu {
  direct: string;
}

export async function startQemuWithDirect(
  args: string[] = ['-machine', 'none'],
): Promise<MuxTestQemu> {
  const qemu = await startQemu(args, { qmpSockets: 3 });
  return { ...qemu, direct: qemu.sockets[2]! };
}

/** A fresh folder for listener sockets, removed by the returned function. */
export function socketDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-mux-l-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fails with `what` if `promise` takes longer than `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
