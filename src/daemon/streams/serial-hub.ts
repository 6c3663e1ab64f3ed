/**
 * One VM's serial console for every viewer in the daemon: one connection to
 * the serial keeper (`serial.sock`), held for the VM's life, fanned out to any
 * number of viewers. A viewer gets the keeper's persistent log as scrollback
 * (`serial.log.1`, then `serial.log`), read in the same tick in which it joins
 * the live output: the keeper writes the log before it sends to consoles, so
 * nothing falls between the two. Only bytes still in flight on the keeper's
 * socket at that moment can show twice. Keystrokes come from one writer.
 */
import { closeSync, constants, openSync, readFileSync } from 'node:fs';
import net from 'node:net';

export interface SerialViewer {
  /** Whether this viewer may type (operator role and up). */
  readonly mayWrite: boolean;
  output(bytes: Buffer): void;
  writerChanged(self: boolean): void;
  closed(): void;
}

export class SerialHub {
  private readonly viewers = new Set<SerialViewer>();
  private writer: SerialViewer | undefined;
  private ended = false;
  private readonly closeListeners: (() => void)[] = [];

  private constructor(
    private readonly socket: net.Socket,
    private readonly logPath: string,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const viewer of this.viewers) viewer.output(chunk);
    });
    socket.on('error', () => {});
    socket.on('close', () => this.close());
  }

  /** Connects to the keeper's console socket. */
  static connect(consoleSocket: string, logPath: string): Promise<SerialHub> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(consoleSocket);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.unref();
        resolve(new SerialHub(socket, logPath));
      });
    });
  }

  /** Calls `listener` once the keeper's connection is gone (the VM exited). */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  /** Adds a viewer: its scrollback, then live output; the first operator becomes the writer. */
  join(viewer: SerialViewer): void {
    if (this.ended) {
      viewer.closed();
      return;
    }
    viewer.output(this.scrollback());
    this.viewers.add(viewer);
    if (viewer.mayWrite && !this.writer) this.setWriter(viewer);
    else viewer.writerChanged(false);
  }

  leave(viewer: SerialViewer): void {
    if (!this.viewers.delete(viewer)) return;
    if (this.writer === viewer)
      this.setWriter([...this.viewers].find((candidate) => candidate.mayWrite));
  }

  /** A `claim`: an operator takes the keyboard. */
  claim(viewer: SerialViewer): boolean {
    if (!viewer.mayWrite || !this.viewers.has(viewer)) return false;
    if (this.writer !== viewer) this.setWriter(viewer);
    return true;
  }

  /**
   * Keystrokes: taken from the writer only. Returns false when the guest is
   * behind (a big paste): the caller stops reading its viewer until `drained`.
   */
  input(viewer: SerialViewer, bytes: Buffer): boolean {
    if (this.writer !== viewer || this.ended) return true;
    return this.socket.write(bytes);
  }

  /** Calls `listener` once the guest has taken the keystrokes waiting for it. */
  drained(listener: () => void): void {
    this.socket.once('drain', listener);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    for (const viewer of this.viewers) viewer.closed();
    this.viewers.clear();
    this.writer = undefined;
    for (const listener of this.closeListeners) listener();
  }

  private setWriter(next: SerialViewer | undefined): void {
    this.writer = next;
    for (const viewer of this.viewers) viewer.writerChanged(viewer === next);
  }

  /** The whole log, older half first; a missing file is empty. */
  private scrollback(): Buffer {
    return Buffer.concat([readLog(`${this.logPath}.1`), readLog(this.logPath)]);
  }
}

function readLog(path: string): Buffer {
  let fd: number;
  try {
    // O_NOFOLLOW: QEMU's own user can write in the VM's folder.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return Buffer.alloc(0);
  }
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
