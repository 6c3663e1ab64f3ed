/**
 * `serial.log`, bounded. QEMU's chardev `logfile=` grows without limit and no
 * one could bound it while no qmon process runs, so the serial keeper (see
 * serial-keeper.ts), which receives every byte the guest prints, writes the
 * log itself: when the next bytes would take `serial.log` past the limit, it
 * is renamed to `serial.log.1` (replacing the older one) and a new one is
 * begun. At most twice the limit is kept on disk, and a rotation loses nothing.
 */
import { closeSync, constants, fstatSync, openSync, renameSync, writeSync } from 'node:fs';

export const DEFAULT_SERIAL_LOG_MAX_BYTES = 1024 * 1024;

export class BoundedLog {
  private fd: number;
  private size: number;
  /** How many times the log was rotated. */
  rotations = 0;

  constructor(
    readonly path: string,
    readonly maxBytes = DEFAULT_SERIAL_LOG_MAX_BYTES,
  ) {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) {
      throw new RangeError(`serial log limit must be a positive integer, got ${maxBytes}`);
    }
    this.fd = openLog(path);
    this.size = fstatSync(this.fd).size;
  }

  /** Appends `bytes`, rotating first whenever they would not fit. */
  write(bytes: Uint8Array): void {
    let rest = bytes;
    while (rest.length > 0) {
      if (this.size >= this.maxBytes) this.rotate();
      const part = rest.subarray(0, this.maxBytes - this.size);
      let written = 0;
      while (written < part.length) written += writeSync(this.fd, part, written);
      this.size += part.length;
      rest = rest.subarray(part.length);
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  private rotate(): void {
    closeSync(this.fd);
    renameSync(this.path, `${this.path}.1`);
    this.fd = openLog(this.path);
    this.size = 0;
    this.rotations++;
  }
}

/** Opens for appending, never through a symlink: QEMU's user can write in the VM's folder. */
function openLog(path: string): number {
  const { O_APPEND, O_CREAT, O_NOFOLLOW, O_WRONLY } = constants;
  return openSync(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600);
}
