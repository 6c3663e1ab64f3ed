/**
 * VM definitions and their placement in the fleet's `qmon-vms` bucket: one key
 * per VM (`vm.ID`) and one per name (`name.B64`, which keeps names unique).
 * Every change is a compare-and-set on the revision the caller read: two
 * hosts changing the same VM at once cannot both win.
 */
import type { KV } from '@nats-io/kv';
import { ConflictError, NameTakenError, NotFoundError } from '../daemon/errors.js';
import type { RestartPolicy } from '../daemon/store/vm-definitions.js';
import type { VmSpec } from '../launch/spec.js';
import { KvMirror, type Mirrored } from './kv-mirror.js';
import { guarded } from './store.js';

export interface FleetVm {
  id: string;
  name: string;
  spec: VmSpec;
  autostart: boolean;
  restart: RestartPolicy;
  /** Restart on another host when its host goes down. */
  ha: boolean;
  /** The host id it is placed on. */
  host: string;
  createdAt: string;
  updatedAt: string;
}

export interface CatalogEntry {
  vm: FleetVm;
  revision: number;
}

const vmKey = (id: string) => `vm.${id}`;
const nameKey = (name: string) => `name.${Buffer.from(name).toString('base64url')}`;

function isCasFailure(error: unknown): boolean {
  return /wrong last sequence|key exists/i.test(String((error as Error).message ?? error));
}

export class VmCatalog {
  readonly mirror: KvMirror<FleetVm | { id: string }>;

  constructor(
    private readonly kv: KV,
    onChange?: (vm: FleetVm | undefined, key: string) => void,
  ) {
    this.mirror = new KvMirror(kv, (key, entry) => {
      if (key.startsWith('vm.')) onChange?.(entry?.value as FleetVm | undefined, key.slice(3));
    });
  }

  list(): CatalogEntry[] {
    return this.mirror
      .values()
      .filter(([key]) => key.startsWith('vm.'))
      .map(([, entry]) => ({ vm: entry.value as FleetVm, revision: entry.revision }))
      .sort((a, b) => a.vm.name.localeCompare(b.vm.name));
  }

  /** By id or name, from the mirror. */
  find(idOrName: string): CatalogEntry | undefined {
    const byId = this.mirror.get(vmKey(idOrName)) as Mirrored<FleetVm> | undefined;
    if (byId) return { vm: byId.value, revision: byId.revision };
    return this.list().find((entry) => entry.vm.name === idOrName);
  }

  /** The current entry, read from the store itself (not the mirror): for a compare-and-set. */
  async fresh(idOrName: string): Promise<CatalogEntry> {
    let id = this.find(idOrName)?.vm.id;
    if (!id) {
      // Not in the mirror yet: the name's key says which VM it is.
      const named = await guarded('reading a VM', () => this.kv.get(nameKey(idOrName)), {
        read: true,
      });
      id = named?.operation === 'PUT' ? named.json<{ id: string }>().id : idOrName;
    }
    const entry = await guarded('reading a VM', () => this.kv.get(vmKey(id)), { read: true });
    if (entry?.operation !== 'PUT') throw new NotFoundError('VM', idOrName);
    return { vm: entry.json<FleetVm>(), revision: entry.revision };
  }

  async define(vm: FleetVm): Promise<CatalogEntry> {
    await this.reserveName(vm.name, vm.id);
    try {
      const revision = await guarded('defining a VM', () =>
        this.kv.create(vmKey(vm.id), JSON.stringify(vm)),
      );
      this.mirror.note(vmKey(vm.id), vm, revision);
      return { vm, revision };
    } catch (error) {
      await this.kv.delete(nameKey(vm.name)).catch(() => {});
      throw error;
    }
  }

  /** Replaces the VM as read at `revision`; anything changed meanwhile makes it a conflict. */
  async update(current: CatalogEntry, next: FleetVm): Promise<CatalogEntry> {
    const renamed = next.name !== current.vm.name;
    if (renamed) await this.reserveName(next.name, next.id);
    let revision: number;
    try {
      revision = await guarded('changing a VM', () =>
        this.kv.update(vmKey(next.id), JSON.stringify(next), current.revision),
      );
    } catch (error) {
      if (renamed) await this.kv.delete(nameKey(next.name)).catch(() => {});
      if (isCasFailure(error))
        throw new ConflictError(
          `VM ${current.vm.name} changed meanwhile (revision ${current.revision} is stale); read it again`,
        );
      throw error;
    }
    this.mirror.note(vmKey(next.id), next, revision);
    if (renamed) await this.kv.delete(nameKey(current.vm.name)).catch(() => {});
    return { vm: next, revision };
  }

  async remove(current: CatalogEntry): Promise<void> {
    try {
      await guarded('undefining a VM', () =>
        this.kv.delete(vmKey(current.vm.id), { previousSeq: current.revision }),
      );
    } catch (error) {
      if (isCasFailure(error))
        throw new ConflictError(`VM ${current.vm.name} changed meanwhile; read it again`);
      throw error;
    }
    this.mirror.note(vmKey(current.vm.id), undefined, current.revision + 1);
    await this.kv.delete(nameKey(current.vm.name)).catch(() => {});
  }

  private async reserveName(name: string, id: string): Promise<void> {
    try {
      await guarded('reserving a VM name', () =>
        this.kv.create(nameKey(name), JSON.stringify({ id })),
      );
    } catch (error) {
      if (!isCasFailure(error)) throw error;
      // A name left behind by a define that failed half-way is free again.
      const holder = await this.kv.get(nameKey(name));
      const owner = holder?.operation === 'PUT' ? holder.json<{ id: string }>().id : undefined;
      const alive = owner && (await this.kv.get(vmKey(owner)))?.operation === 'PUT';
      if (alive || !holder) throw new NameTakenError('VM', name);
      await guarded('reserving a VM name', () =>
        this.kv.update(nameKey(name), JSON.stringify({ id }), holder.revision),
      );
    }
  }
}
