/** QEMU's QMP_REQ_QUEUE_LEN_MAX: the in-band commands one monitor queues with OOB on. */
export const QMP_REQ_QUEUE_LEN_MAX = 8;

/**
 * In-band commands a client may have in QEMU at once with OOB on. QEMU 7.2
 * (monitor/qmp.c) does not drop commands: when an in-band command arrives
 * while `QMP_REQ_QUEUE_LEN_MAX - 1` are queued, it stops reading the monitor
 * until its dispatcher takes one, and an `exec-oob` behind it in the socket
 * waits too. With at most this many in flight at most 6 are queued when one
 * arrives, so QEMU keeps reading and `exec-oob` commands get through at once.
 */
export const QEMU_IN_BAND_WINDOW = QMP_REQ_QUEUE_LEN_MAX - 1;

/** Keeps at most `limit` tasks running; the rest wait their turn in order. */
export class InBandLimiter {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    try {
      return await task();
    } finally {
      this.inFlight--;
      this.waiting.shift()?.();
    }
  }
}
