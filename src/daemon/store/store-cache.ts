import type { Store } from './database.js';

/**
 * What hot paths read from the store, kept in memory while nothing was
 * written to it (`Store.version()` unchanged), and at most `limit` entries:
 * past that, and at every change, it starts over.
 */
export class StoreCache<V> {
  private readonly entries = new Map<string, V>();
  private version = '';

  constructor(
    private readonly store: Store,
    private readonly limit: number,
  ) {}

  /** The entry kept for `key`, if the store has not changed since. */
  lookup(key: string): V | undefined {
    const version = this.store.version();
    if (version !== this.version || this.entries.size >= this.limit) {
      this.entries.clear();
      this.version = version;
    }
    return this.entries.get(key);
  }

  /** Keeps `value` for `key`, until the store changes. */
  keep(key: string, value: V): void {
    this.entries.set(key, value);
  }
}
