/**
 * An in-memory copy of a key-value bucket, kept current by a watcher: reads
 * (listing 300 VMs) cost no round trip. Entries apply by revision, so the
 * initial load and the watcher may overlap in any order.
 */
import type { KV, KvEntry } from '@nats-io/kv';

export interface Mirrored<T> {
  value: T;
  revision: number;
  /** When this process received it (for heartbeats: no clock of another machine involved). */
  seenAt: number;
}

export class KvMirror<T> {
  private readonly entries = new Map<string, Mirrored<T> | { deleted: true; revision: number }>();
  private stopWatch?: () => void;
  /** The highest revision applied; and the bucket's last one at the previous check. */
  private applied = 0;
  private expected?: number;

  constructor(
    private readonly kv: KV,
    private readonly onChange?: (key: string, entry: Mirrored<T> | undefined) => void,
  ) {}

  async start(): Promise<void> {
    await this.watch();
    // The watcher replays every key too; this makes the mirror complete before start() returns.
    for await (const key of await this.kv.keys()) {
      const entry = await this.kv.get(key);
      if (entry) this.apply(entry);
    }
  }

  stop(): void {
    this.stopWatch?.();
  }

  /**
   * A new watcher in place of the current one, which may have stalled while its
   * NATS server went away (the client notices only after missed heartbeats).
   */
  async restart(): Promise<void> {
    this.stopWatch?.();
    await this.watch();
  }

  /**
   * Renews the watcher when the bucket held, at the previous check, a revision
   * the watcher has not delivered since: it stalled (its NATS server went away;
   * the client would notice only after missed heartbeats). Called every second.
   */
  async renewIfStalled(): Promise<boolean> {
    const stalled = this.expected !== undefined && this.applied < this.expected;
    if (stalled) await this.restart();
    this.expected = (await this.kv.status()).streamInfo.state.last_seq;
    return stalled;
  }

  private async watch(): Promise<void> {
    const watcher = await this.kv.watch();
    this.stopWatch = () => watcher.stop();
    void (async () => {
      for await (const entry of watcher) this.apply(entry, entry.isUpdate ? Date.now() : undefined);
    })().catch(() => {});
  }

  /** Puts a value this process has just written (its revision known), ahead of the watcher. */
  note(key: string, value: T | undefined, revision: number): void {
    this.set(key, value, revision, Date.now());
  }

  get(key: string): Mirrored<T> | undefined {
    const entry = this.entries.get(key);
    return entry && !('deleted' in entry) ? entry : undefined;
  }

  values(): [string, Mirrored<T>][] {
    const out: [string, Mirrored<T>][] = [];
    for (const [key, entry] of this.entries) if (!('deleted' in entry)) out.push([key, entry]);
    return out;
  }

  private apply(entry: KvEntry, seenAt?: number): void {
    const value = entry.operation === 'PUT' ? entry.json<T>() : undefined;
    this.set(entry.key, value, entry.revision, seenAt ?? entry.created.getTime());
  }

  private set(key: string, value: T | undefined, revision: number, seenAt: number): void {
    this.applied = Math.max(this.applied, revision);
    const current = this.entries.get(key);
    if (current && current.revision >= revision) return;
    const next =
      value === undefined ? { deleted: true as const, revision } : { value, revision, seenAt };
    this.entries.set(key, next);
    this.onChange?.(key, value === undefined ? undefined : (next as Mirrored<T>));
  }
}
