/**
 * The daemon's SQLite database: WAL, `synchronous=FULL`, numbered migrations
 * (`user_version`), every write in a transaction.
 *
 * Why FULL: with WAL, a commit has written its frames to the WAL file (the
 * page cache) before it returns, so even NORMAL keeps every committed write
 * through a kill -9 of this process; but NORMAL fsyncs only at checkpoints,
 * and a power loss could then drop transactions that were acknowledged. FULL
 * fsyncs the WAL at every commit: an acknowledged write is on the disk.
 *
 * QEMU's events are not requests anyone waits on, and arrive in bursts: they
 * go through a second connection to the same file with NORMAL (no fsync per
 * commit; still safe through a kill -9, see above; a power loss may drop the
 * last ones). `synchronous` is a per-connection setting. Both connections live
 * on this one thread and every transaction completes before the call returns,
 * so they never wait for each other.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, StoreFullError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Sqlite = Database.Database;

export const DATABASE_FILE = 'qmon.db';
/** How long a commit by another connection may go unseen by `Store.version()`, in ms. */
export const EXTERNAL_CHECK_MS = 200;

/** The host id of the state folder `stateDir`, made with its database when there is none yet. */
export function hostIdOf(stateDir: string): string {
  const store = new Store(stateDir);
  try {
    return store.hostId;
  } finally {
    store.close();
  }
}

export class Store {
  readonly db: Sqlite;
  readonly path: string;
  private eventsDb: Sqlite | undefined;
  private readonly statements = new Map<string, Database.Statement>();
  private commits = 0;
  private external: unknown;
  private externalCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    this.path = join(stateDir, DATABASE_FILE);
    try {
      this.db = new Database(this.path, { timeout: 5_000 });
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
    } catch (error) {
      throw this.translate(error, 'open');
    }
    this.migrate();
  }

  /** Runs `work` in one IMMEDIATE transaction; a full disk becomes StoreFullError. */
  write<T>(work: (db: Sqlite) => T): T {
    this.commits++;
    try {
      return this.db.transaction(work).immediate(this.db);
    } catch (error) {
      throw this.translate(error, 'write');
    }
  }

  /** `write` on the events connection (synchronous=NORMAL), for QEMU's events only. */
  writeEvent<T>(work: (db: Sqlite) => T): T {
    try {
      if (!this.eventsDb) {
        this.eventsDb = new Database(this.path, { timeout: 5_000 });
        this.eventsDb.pragma('synchronous = NORMAL');
      }
      return this.eventsDb.transaction(work).immediate(this.eventsDb);
    } catch (error) {
      throw this.translate(error, 'write');
    }
  }

  /** Runs a read (no transaction needed: each statement sees a consistent snapshot). */
  read<T>(work: (db: Sqlite) => T): T {
    try {
      return work(this.db);
    } catch (error) {
      throw this.translate(error, 'read');
    }
  }

  /**
   * Changes whenever something may have been committed to the database: at
   * once for this connection's own writes; within `EXTERNAL_CHECK_MS` for any
   * other connection's (SQLite's `data_version`: QEMU's events, another
   * process). What is cached from the database is valid while it stays the same.
   */
  version(): string {
    const now = performance.now();
    if (now - this.externalCheckedAt >= EXTERNAL_CHECK_MS) {
      this.externalCheckedAt = now;
      this.external = this.read(() => this.statement('PRAGMA data_version').pluck().get());
    }
    return `${this.commits}:${this.external}`;
  }

  /** A prepared statement of the main connection, compiled once (for hot paths). */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** This host's id, made once when the database was created. */
  get hostId(): string {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'host_id'`).get() as
      | { value: string }
      | undefined;
    if (!row) throw new StoreError('the database has no host id');
    return row.value;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  close(): void {
    if (this.eventsDb?.open) this.eventsDb.close();
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const from = this.schemaVersion;
    if (from > MIGRATIONS.length) {
      throw new StoreError(
        `${this.path} has schema version ${from}, newer than this qmon knows (${MIGRATIONS.length})`,
      );
    }
    for (let version = from + 1; version <= MIGRATIONS.length; version++) {
      this.write((db) => {
        db.exec(MIGRATIONS[version - 1]!);
        if (version === 1) {
          db.prepare(`INSERT INTO meta (key, value) VALUES ('host_id', ?)`).run(randomUUID());
        }
        db.pragma(`user_version = ${version}`);
      });
    }
  }

  /** Domain errors pass; SQLite's "disk full" becomes StoreFullError, anything else StoreError. */
  private translate(error: unknown, what: string): Error {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code.startsWith('SQLITE_IOERR_WRITE'))
      return new StoreFullError(this.path, error);
    if (code.startsWith('SQLITE_IOERR') && /full|space/i.test(String(error)))
      return new StoreFullError(this.path, error);
    if (error instanceof Error && !code.startsWith('SQLITE_')) return error;
    return new StoreError(`${what} ${this.path}: ${String(error)}`, error);
  }
}
