import type { Store } from './database.js';

export interface AuditEntry {
  seq: number;
  at: string;
  /** The user's name, or null for the daemon itself. */
  user: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  /** `ok`, or the error's code. */
  result: string;
}

export const AUDIT_ENTRIES_KEPT = 100_000;

export class AuditLog {
  constructor(private readonly store: Store) {}

  record(entry: Omit<AuditEntry, 'seq' | 'at'>): void {
    this.store.write((db) => {
      db.prepare(
        'INSERT INTO audit (at, user, action, target, detail, result) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        new Date().toISOString(),
        entry.user,
        entry.action,
        entry.target,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
        entry.result,
      );
      db.prepare('DELETE FROM audit WHERE seq <= last_insert_rowid() - ?').run(AUDIT_ENTRIES_KEPT);
    });
  }

  since(after: number, limit: number): AuditEntry[] {
    const rows = this.store.read((db) =>
      db.prepare('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(after, limit),
    ) as (Omit<AuditEntry, 'detail'> & { detail: string | null })[];
    return rows.map((row) => ({
      ...row,
      detail: row.detail === null ? null : JSON.parse(row.detail),
    }));
  }
}
