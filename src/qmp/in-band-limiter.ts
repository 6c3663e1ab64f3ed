/**
 * With OOB enabled QEMU queues at most 8 in-band commands per monitor and drops
 * the rest (COMMAND_DROPPED), so the client keeps no more than that in flight.
 */
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

/** QEMU's QMP_REQ_QUEUE_LEN_MAX. */
export const QEMU_IN_BAND_QUEUE_LENGTH = 8;
