interface Waiter {
  grant(): void;
}

/** Hands out one turn at a time, in arrival order; a waiter can leave the queue before its turn. */
export class SerialLock {
  private busy = false;
  private readonly waiters: Waiter[] = [];

  /**
   * Resolves with the function that ends the turn. Rejects with `onTimeout()` or
   * `onAbort()` if the turn does not come within `timeoutMs` or `signal` fires first.
   */
  acquire(options: {
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    onTimeout: () => Error;
    onAbort: () => Error;
  }): Promise<() => void> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(options.onAbort());
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (error: Error) => {
        const at = this.waiters.indexOf(waiter);
        if (at < 0) return;
        this.waiters.splice(at, 1);
        cleanup();
        reject(error);
      };
      const onAbort = () => leave(options.onAbort());
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        grant: () => {
          cleanup();
          resolve(this.releaser());
        },
      };
      this.waiters.push(waiter);
      if (Number.isFinite(options.timeoutMs))
        timer = setTimeout(() => leave(options.onTimeout()), Math.max(0, options.timeoutMs));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Callers waiting for a turn. */
  get waiting(): number {
    return this.waiters.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next.grant();
      else this.busy = false;
    };
  }
}
