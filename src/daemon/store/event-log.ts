import type { Store } from './database.js';

export interface StoredEvent {
  /** Position in the host's event log: replay with `after`. */
  seq: number;
  vmId: string;
  /** A QMP event name, or `STATE` for the daemon's own state changes. */
  name: string;
  data: unknown;
  /** QEMU's timestamp (`seconds.microseconds`), when QEMU sent the event. */
  qemuTime: string | null;
  at: string;
  /** Set on an event of another host of the fleet (its name); `seq` is then that host's. */
  host?: string;
}

/** Events kept per VM; older ones are dropped as new ones come. */
export const EVENTS_PER_VM = 10_000;

interface Row {
  seq: number;
  vm_id: string;
  name: string;
  data: string | null;
  qemu_time: string | null;
  at: string;
}

export class EventLog {
  constructor(
    private readonly store: Store,
    private readonly perVm = EVENTS_PER_VM,
  ) {}

  append(vmId: string, name: string, data: unknown, qemuTime?: string): StoredEvent {
    const at = new Date().toISOString();
    const seq = this.store.writeEvent((db) => {
      const { lastInsertRowid } = db
        .prepare('INSERT INTO events (vm_id, name, data, qemu_time, at) VALUES (?, ?, ?, ?, ?)')
        .run(vmId, name, data === undefined ? null : JSON.stringify(data), qemuTime ?? null, at);
      db.prepare(
        `DELETE FROM events WHERE vm_id = ? AND seq <= (
           SELECT seq FROM events WHERE vm_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`,
      ).run(vmId, vmId, this.perVm);
      return Number(lastInsertRowid);
    });
    return { seq, vmId, name, data, qemuTime: qemuTime ?? null, at };
  }

  /** Events after `after` (exclusive), oldest first; of one VM when `vmId` is given. */
  since(after: number, limit: number, vmId?: string): StoredEvent[] {
    const rows = this.store.read((db) =>
      vmId === undefined
        ? db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(after, limit)
        : db
            .prepare('SELECT * FROM events WHERE vm_id = ? AND seq > ? ORDER BY seq LIMIT ?')
            .all(vmId, after, limit),
    ) as Row[];
    return rows.map((row) => ({
      seq: row.seq,
      vmId: row.vm_id,
      name: row.name,
      data: row.data === null ? null : JSON.parse(row.data),
      qemuTime: row.qemu_time,
      at: row.at,
    }));
  }
}
