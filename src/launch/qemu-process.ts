/**
 * A QEMU process as the supervisor sees it: either our own child (exit code
 * and signal known, reaped by Node) or one started by another process and
 * found through the state file (watched by polling its pid).
 */
import type { ChildProcess } from 'node:child_process';
import { open } from 'node:fs/promises';
import { isPidAlive } from './state-file.js';

export interface QemuExit {
  /** Exit code, or null when killed by a signal or when it is not our child. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface QemuProcess {
  readonly pid: number;
  /** Settles once the process is gone (and reaped, for a child). */
  readonly exited: Promise<QemuExit>;
  readonly hasExited: boolean;
  kill(signal: NodeJS.Signals): void;
  /** Stops watching without touching the process. */
  release(): void;
}

export class ChildQemu implements QemuProcess {
  readonly exited: Promise<QemuExit>;
  private exit: QemuExit | undefined;

  constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        this.exit = { code, signal };
        resolve(this.exit);
      };
      if (child.exitCode !== null || child.signalCode !== null) {
        done(child.exitCode, child.signalCode);
      } else child.once('exit', done);
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  kill(signal: NodeJS.Signals): void {
    if (!this.exit) this.child.kill(signal);
  }

  release(): void {
    this.child.unref();
  }
}

const POLL_MS = 100;

export class ForeignQemu implements QemuProcess {
  readonly exited: Promise<QemuExit>;
  private timer: NodeJS.Timeout | undefined;
  private gone = false;

  /** `isAlive` tells whether `pid` is still this QEMU (not a process that got its pid later). */
  constructor(
    readonly pid: number,
    private readonly isAlive: () => boolean = () => isPidAlive(pid),
  ) {
    this.exited = new Promise((resolve) => {
      this.timer = setInterval(() => {
        if (this.isAlive()) return;
        clearInterval(this.timer);
        this.gone = true;
        resolve({ code: null, signal: null });
      }, POLL_MS);
      this.timer.unref();
    });
  }

  get hasExited(): boolean {
    return this.gone;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.gone || !this.isAlive()) return;
    try {
      process.kill(this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  release(): void {
    clearInterval(this.timer);
  }
}

/** The last `bytes` of a log file, from a line start where possible. */
export async function tailOfFile(path: string, bytes = 4096): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    const firstLine = start > 0 ? text.indexOf('\n') + 1 : 0;
    return text.slice(firstLine);
  } catch {
    return '';
  } finally {
    await handle?.close();
  }
}
