/**
 * Keeps the serial console log bounded. QEMU's chardev `logfile=` grows
 * without limit, while a `ringbuf` chardev would be bounded but leaves no
 * socket to attach a console to. So QEMU logs with `logappend=on` (its fd is
 * O_APPEND) and the supervisor rotates by copy-and-truncate, as logrotate's
 * `copytruncate` does: once `serial.log` passes the limit, its content moves to
 * `serial.log.1` and `serial.log` is truncated, so QEMU's next write lands at
 * offset 0. At most twice the limit is kept on disk. Bytes written between the
 * copy and the truncate (microseconds) can be lost; the limit holds only while
 * some qmon process supervises the VM.
 */
import { constants } from 'node:fs';
import { open, rm, stat, writeFile } from 'node:fs/promises';

export const DEFAULT_SERIAL_LOG_MAX_BYTES = 1024 * 1024;
const CHECK_INTERVAL_MS = 1_000;

export class SerialLogLimiter {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  /** How many times the log was rotated. */
  rotations = 0;

  constructor(
    readonly path: string,
    readonly maxBytes = DEFAULT_SERIAL_LOG_MAX_BYTES,
    private readonly intervalMs = CHECK_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** Rotates now if the log is over the limit. */
  check(): Promise<void> {
    this.checking ??= this.rotateIfNeeded().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.checking;
  }

  private async rotateIfNeeded(): Promise<void> {
    const size = await stat(this.path).then(
      (info) => info.size,
      () => 0,
    );
    if (size <= this.maxBytes) return;
    // QEMU may run as another user who can replace these names with symlinks: follow none.
    const log = await open(this.path, constants.O_RDWR | constants.O_NOFOLLOW);
    try {
      const content = await log.readFile();
      await rm(`${this.path}.1`, { force: true });
      await writeFile(`${this.path}.1`, content, { flag: 'wx', mode: 0o600 });
      await log.truncate(0);
    } finally {
      await log.close();
    }
    this.rotations++;
  }
}
