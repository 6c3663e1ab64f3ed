/**
 * Exponential backoff: each `next()` returns the pause to take and doubles the
 * following one, up to `max`. With `jitter`, a pause is spread over ±25% so
 * many clients retrying at once do not move in step.
 */
export class Backoff {
  private pause: number;

  constructor(
    private readonly initial: number,
    private readonly max: number,
    private readonly jitter = false,
  ) {
    this.pause = initial;
  }

  next(): number {
    const pause = this.jitter ? this.pause * (0.75 + Math.random() / 2) : this.pause;
    this.pause = Math.min(this.pause * 2, this.max);
    return pause;
  }

  /** Starts again from the initial pause (after a success). */
  reset(): void {
    this.pause = this.initial;
  }
}
