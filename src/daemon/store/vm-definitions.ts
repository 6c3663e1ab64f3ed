import { randomUUID } from 'node:crypto';
import { resolveSpec, type VmSpec } from '../../launch/spec.js';
import { NameTakenError, NotFoundError } from '../errors.js';
import type { Store } from './database.js';
import { StoreCache } from './store-cache.js';

export interface RestartPolicy {
  /** `on-crash`: start again when QEMU dies without being asked to. */
  policy: 'never' | 'on-crash';
  /** Restarts in a row before giving up (5). */
  maxRetries: number;
  /** First wait before a restart, doubled each time (1000 ms). */
  backoffMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { policy: 'never', maxRetries: 5, backoffMs: 1000 };

export interface VmDefinition {
  /** A UUID: unique across hosts, so definitions can move in a fleet. */
  id: string;
  name: string;
  spec: VmSpec;
  autostart: boolean;
  restart: RestartPolicy;
  /** Bumped by every update: a compare-and-set handle. */
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export interface DefinitionInput {
  spec: VmSpec;
  autostart?: boolean;
  restart?: Partial<RestartPolicy>;
}

interface Row {
  id: string;
  name: string;
  spec: string;
  autostart: number;
  restart: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

function fromRow(row: Row): VmDefinition {
  return {
    id: row.id,
    name: row.name,
    spec: JSON.parse(row.spec) as VmSpec,
    autostart: row.autostart === 1,
    restart: { ...DEFAULT_RESTART, ...(JSON.parse(row.restart) as Partial<RestartPolicy>) },
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** VM definitions; the spec is checked by the launcher's own `resolveSpec` before it is stored. */
const ID_CACHE_SIZE = 4096;

export class VmDefinitions {
  /** Ids by what callers named VMs with (undefined: no such VM), for `idOf`. */
  private readonly ids: StoreCache<{ id: string | undefined }>;

  constructor(private readonly store: Store) {
    this.ids = new StoreCache(store, ID_CACHE_SIZE);
  }

  list(): VmDefinition[] {
    return this.store.read(() =>
      (this.store.statement('SELECT * FROM vms ORDER BY name').all() as Row[]).map(fromRow),
    );
  }

  get(id: string): VmDefinition {
    const found = this.find(id);
    if (!found) throw new NotFoundError('VM', id);
    return found;
  }

  /**
   * The id of a VM given by id or by name, without reading its definition.
   * Asked on every API call about a VM: answered from memory while the
   * database is unchanged (`Store.version`).
   */
  idOf(idOrName: string): string | undefined {
    const kept = this.ids.lookup(idOrName);
    if (kept) return kept.id;
    const id = this.store.read(
      () =>
        this.store
          .statement('SELECT id FROM vms WHERE id = ? UNION ALL SELECT id FROM vms WHERE name = ?')
          .pluck()
          .get(idOrName, idOrName) as string | undefined,
    );
    this.ids.keep(idOrName, { id });
    return id;
  }

  /** By id or by name. */
  find(idOrName: string): VmDefinition | undefined {
    const row = this.store.read(
      () =>
        this.store
          .statement('SELECT * FROM vms WHERE id = ? OR name = ?')
          .get(idOrName, idOrName) as Row | undefined,
    );
    return row && fromRow(row);
  }

  define(input: DefinitionInput): VmDefinition {
    resolveSpec(input.spec);
    const now = new Date().toISOString();
    const id = randomUUID();
    this.store.write((db) => {
      if (db.prepare('SELECT 1 FROM vms WHERE name = ?').get(input.spec.name))
        throw new NameTakenError('VM', input.spec.name);
      db.prepare(
        `INSERT INTO vms (id, name, spec, autostart, restart, revision, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
      ).run(
        id,
        input.spec.name,
        JSON.stringify(input.spec),
        input.autostart ? 1 : 0,
        JSON.stringify({ ...DEFAULT_RESTART, ...input.restart }),
        now,
        now,
      );
    });
    return this.get(id);
  }

  update(id: string, input: DefinitionInput): VmDefinition {
    resolveSpec(input.spec);
    this.store.write((db) => {
      const current = db.prepare('SELECT * FROM vms WHERE id = ?').get(id) as Row | undefined;
      if (!current) throw new NotFoundError('VM', id);
      const clash = db
        .prepare('SELECT 1 FROM vms WHERE name = ? AND id != ?')
        .get(input.spec.name, id);
      if (clash) throw new NameTakenError('VM', input.spec.name);
      const restart = { ...fromRow(current).restart, ...input.restart };
      db.prepare(
        `UPDATE vms SET name = ?, spec = ?, autostart = ?, restart = ?, revision = revision + 1,
         updated_at = ? WHERE id = ?`,
      ).run(
        input.spec.name,
        JSON.stringify(input.spec),
        (input.autostart ?? current.autostart === 1) ? 1 : 0,
        JSON.stringify(restart),
        new Date().toISOString(),
        id,
      );
    });
    return this.get(id);
  }

  undefine(id: string): void {
    this.store.write((db) => {
      if (db.prepare('DELETE FROM vms WHERE id = ?').run(id).changes === 0)
        throw new NotFoundError('VM', id);
      db.prepare('DELETE FROM events WHERE vm_id = ?').run(id);
      db.prepare('DELETE FROM metrics WHERE vm_id = ?').run(id);
    });
  }
}
