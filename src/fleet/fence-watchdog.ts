/**
 * The daemon's side of the fence watchdog (fence-watchdog-main.ts): one per
 * host, spawned detached when the daemon first runs an HA VM, fed over a unix
 * socket in the runtime folder after every stored heartbeat. A daemon that
 * starts again attaches to the watchdog still running, or spawns a new one.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessIdentity } from '../launch/process-identity.js';

/** What the daemon tells the watchdog, one JSON line per stored heartbeat. */
export interface WatchdogFeed {
  /** The HA VMs' QEMUs on this host. */
  vms: (ProcessIdentity & { name: string })[];
  /** Kill them if no feed comes within this many milliseconds. */
  fenceInMs: number;
}

const READY_TIMEOUT_MS = 5_000;

/**
 * The watchdog's script beside this file; under tsx (tests) the TypeScript source.
 * Written as `../fleet/` so it resolves from the CLI bundle (dist/bundle/) too.
 */
function watchdogCommand(): string[] {
  const script = fileURLToPath(new URL('../fleet/fence-watchdog-main.js', import.meta.url));
  if (import.meta.url.endsWith('.ts')) return ['--import', 'tsx', script.replace(/\.js$/, '.ts')];
  return [script];
}

export class FenceWatchdog {
  private socket?: Socket;
  private attaching?: Promise<void>;
  private latest?: WatchdogFeed;
  private closed = false;

  constructor(
    private readonly runtimeRoot: string,
    private readonly log: (message: string) => void,
  ) {}

  get socketPath(): string {
    return join(this.runtimeRoot, '.fence-watchdog.sock');
  }

  /** Hands the watchdog the current feed; without HA VMs and without a watchdog, nothing is spawned. */
  feed(message: WatchdogFeed): void {
    if (this.closed) return;
    this.latest = message;
    if (this.socket) {
      this.socket.write(`${JSON.stringify(message)}\n`);
      return;
    }
    if (message.vms.length === 0 || this.attaching) return;
    this.attaching = this.attach()
      .catch((error: Error) => this.log(`fence watchdog not running: ${error.message}`))
      .finally(() => {
        this.attaching = undefined;
      });
  }

  /** Detaches, leaving the watchdog to guard the HA VMs until a daemon feeds it again. */
  close(): void {
    this.closed = true;
    this.socket?.end();
  }

  private async attach(): Promise<void> {
    const socket = (await this.connect()) ?? (await this.spawnAndConnect());
    if (this.closed) return void socket.end();
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.socket === socket) this.socket = undefined;
      if (!this.closed) this.log('fence watchdog gone; a new one starts at the next heartbeat');
    });
    this.socket = socket;
    if (this.latest) socket.write(`${JSON.stringify(this.latest)}\n`);
  }

  private connect(): Promise<Socket | undefined> {
    return new Promise((resolve) => {
      const socket = connect(this.socketPath, () => resolve(socket));
      socket.once('error', () => resolve(undefined));
    });
  }

  private async spawnAndConnect(): Promise<Socket> {
    // A socket left by a watchdog that died refuses connections: it goes.
    await rm(this.socketPath, { force: true });
    const child = spawn(
      process.execPath,
      [
        ...watchdogCommand(),
        this.runtimeRoot,
        this.socketPath,
        join(this.runtimeRoot, 'fence-watchdog.log'),
      ],
      { stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`not ready within ${READY_TIMEOUT_MS} ms`));
      }, READY_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`it exited (status ${code})`));
      });
      child.stdout!.setEncoding('utf8').on('data', (text: string) => {
        if (!text.includes('ready')) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.stdout!.destroy();
        child.unref();
        resolve();
      });
    });
    this.log(`fence watchdog started (pid ${child.pid})`);
    const socket = await this.connect();
    if (!socket) throw new Error(`no answer on ${this.socketPath}`);
    return socket;
  }
}
