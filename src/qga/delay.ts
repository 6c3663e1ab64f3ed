/** Waits `ms`; rejects with `abortError()` as soon as `signal` fires. */
export function delay(
  ms: number,
  signal: AbortSignal | undefined,
  abortError: () => Error,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
