/**
 * The serial keeper: for a VM's whole life it holds the guest's serial port,
 * so what the guest prints is logged (bounded, see serial-log.ts) whether or
 * not any qmon process is attached, and any number of consoles can share it.
 *
 * QEMU connects its serial chardev to `serial-qemu.sock` at start-up (as a
 * client, before the guest runs, so nothing printed at boot is lost); that
 * listener closes once QEMU is in. People connect to `serial.sock`: each gets
 * everything the guest prints from then on, and what any of them types goes to
 * the guest. A console that stops reading is cut off once 1 MiB waits for it,
 * so one stuck console cannot stall the guest or grow the keeper. When QEMU
 * closes the connection (it exited), the keeper closes everything and ends.
 */
import { chmod } from 'node:fs/promises';
import net from 'node:net';
import { BoundedLog } from './serial-log.js';

const MAX_CONSOLE_BACKLOG = 1024 * 1024;

export interface SerialKeeperOptions {
  /** Where QEMU connects. */
  qemuSocket: string;
  /** Where consoles connect. */
  consoleSocket: string;
  log: string;
  maxLogBytes: number;
  /** Give up when QEMU has not connected within this many ms. */
  qemuWaitMs: number;
  /** Reports trouble (a failing log write, a dropped console). */
  report?: (message: string) => void;
  /** Never hold this process's event loop open (a keeper inside another program). */
  unref?: boolean;
}

export class SerialKeeper {
  /** Settles once the keeper has closed everything. */
  readonly done: Promise<void>;
  private finish!: () => void;
  private qemu: net.Socket | undefined;
  private readonly consoles = new Set<net.Socket>();
  private readonly log: BoundedLog;
  private logFailed = false;
  private closed = false;
  private readonly report: (message: string) => void;
  private waitTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly options: SerialKeeperOptions,
    private readonly qemuServer: net.Server,
    private readonly consoleServer: net.Server,
  ) {
    this.report = options.report ?? (() => {});
    this.log = new BoundedLog(options.log, options.maxLogBytes);
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
  }

  /** Binds both sockets; QEMU may connect once this resolves. */
  static async start(options: SerialKeeperOptions): Promise<SerialKeeper> {
    const qemuServer = net.createServer({ pauseOnConnect: true });
    const consoleServer = net.createServer();
    await listen(qemuServer, options.qemuSocket);
    try {
      // QEMU may run as its own user (qemu-user.ts); the VM's folder keeps everyone else out.
      await chmod(options.qemuSocket, 0o666);
      await listen(consoleServer, options.consoleSocket);
    } catch (error) {
      qemuServer.close();
      throw error;
    }
    const keeper = new SerialKeeper(options, qemuServer, consoleServer);
    qemuServer.on('connection', (socket) => keeper.onQemu(keeper.own(socket)));
    consoleServer.on('connection', (socket) => keeper.onConsole(keeper.own(socket)));
    keeper.waitTimer = setTimeout(() => {
      if (!keeper.qemu) keeper.close('QEMU did not connect');
    }, options.qemuWaitMs);
    if (options.unref) {
      qemuServer.unref();
      consoleServer.unref();
      keeper.waitTimer.unref();
    }
    return keeper;
  }

  get consoleCount(): number {
    return this.consoles.size;
  }

  close(why?: string): void {
    if (this.closed) return;
    this.closed = true;
    if (why) this.report(why);
    clearTimeout(this.waitTimer);
    this.qemuServer.close();
    this.consoleServer.close();
    this.qemu?.destroy();
    for (const client of this.consoles) client.destroy();
    this.log.close();
    this.finish();
  }

  private own(socket: net.Socket): net.Socket {
    if (this.options.unref) socket.unref();
    return socket;
  }

  private onQemu(socket: net.Socket): void {
    if (this.qemu || this.closed) {
      socket.destroy();
      return;
    }
    this.qemu = socket;
    clearTimeout(this.waitTimer);
    // Only QEMU ever connects here, once.
    this.qemuServer.close();
    socket.on('data', (chunk: Buffer) => this.fromGuest(chunk));
    socket.on('drain', () => {
      for (const client of this.consoles) client.resume();
    });
    socket.on('error', () => {});
    socket.on('close', () => this.close());
    socket.resume();
  }

  private onConsole(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.consoles.add(socket);
    socket.on('data', (chunk: Buffer) => {
      if (!this.qemu) return;
      // QEMU reads slowly (one serial FIFO at a time): hold the consoles until it drains.
      if (!this.qemu.write(chunk)) for (const client of this.consoles) client.pause();
    });
    socket.on('error', () => {});
    socket.on('close', () => this.consoles.delete(socket));
  }

  private fromGuest(chunk: Buffer): void {
    if (!this.logFailed) {
      try {
        this.log.write(chunk);
      } catch (error) {
        this.logFailed = true;
        this.report(`serial log: ${(error as Error).message}; no longer logging`);
      }
    }
    for (const client of this.consoles) {
      if (client.writableLength > MAX_CONSOLE_BACKLOG) {
        this.report('a console stopped reading; cut off');
        client.destroy();
      } else client.write(chunk);
    }
  }
}

function listen(server: net.Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
