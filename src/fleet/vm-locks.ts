/**
 * One lock per running VM in the `qmon-locks` bucket. The lock's revision is
 * a fencing token: every change a host makes to a VM first rewrites the lock
 * at the revision it holds, so a host that lost the lock (to a takeover while
 * it was cut off) fails before it acts, and a VM never runs on two hosts.
 */
import type { KV } from '@nats-io/kv';
import { VmLockedError } from './errors.js';
import { KvMirror } from './kv-mirror.js';
import { guarded } from './store.js';

export interface LockRecord {
  host: string;
  at: string;
}

export class VmLocks {
  readonly mirror: KvMirror<LockRecord>;

  constructor(
    private readonly kv: KV,
    private readonly hostId: string,
    private readonly hostName: (id: string) => string,
  ) {
    this.mirror = new KvMirror(kv);
  }

  holder(vmId: string): string | undefined {
    return this.mirror.get(vmId)?.value.host;
  }

  /**
   * Takes the lock for this host and returns its fencing revision. Held by
   * another host: refused, unless `takeOverFrom` names that host (a takeover
   * after it went down), which succeeds only if nobody moved the lock since.
   */
  async acquire(vmId: string, takeOverFrom?: string): Promise<number> {
    const record = JSON.stringify({ host: this.hostId, at: new Date().toISOString() });
    const current = await guarded('reading a VM lock', () => this.kv.get(vmId), { read: true });
    let revision: number;
    if (current?.operation !== 'PUT') {
      revision = await guarded('taking a VM lock', () => this.kv.create(vmId, record)).catch(
        (error) => {
          throw this.lostRace(vmId, error);
        },
      );
    } else {
      const holder = current.json<LockRecord>().host;
      if (holder !== this.hostId && holder !== takeOverFrom)
        throw new VmLockedError(vmId, this.hostName(holder));
      revision = await guarded('taking a VM lock', () =>
        this.kv.update(vmId, record, current.revision),
      ).catch((error) => {
        throw this.lostRace(vmId, error);
      });
    }
    this.mirror.note(vmId, { host: this.hostId, at: new Date().toISOString() }, revision);
    return revision;
  }

  /** Proves, by a write at the held revision, that this host still holds the lock (and has a quorum). */
  async confirm(vmId: string): Promise<number> {
    const current = await guarded('reading a VM lock', () => this.kv.get(vmId), { read: true });
    if (current?.operation === 'PUT' && current.json<LockRecord>().host !== this.hostId)
      throw new VmLockedError(vmId, this.hostName(current.json<LockRecord>().host));
    return this.acquire(vmId);
  }

  /**
   * Gives the lock up (the VM stopped here); a lock another host holds is left
   * alone. The stop and QEMU's exit both release: the one that comes second
   * finds the lock already gone, which is what it wanted.
   */
  async release(vmId: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await guarded('reading a VM lock', () => this.kv.get(vmId), { read: true });
      if (current?.operation !== 'PUT' || current.json<LockRecord>().host !== this.hostId) return;
      try {
        await guarded('releasing a VM lock', () =>
          this.kv.delete(vmId, { previousSeq: current.revision }),
        );
        this.mirror.note(vmId, undefined, current.revision + 1);
        return;
      } catch (error) {
        // Changed between the read and the delete: read it again, once.
        if (attempt > 0 || !/wrong last sequence/i.test(String((error as Error).message)))
          throw error;
      }
    }
  }

  private lostRace(vmId: string, error: unknown): unknown {
    if (!/wrong last sequence|key exists/i.test(String((error as Error).message ?? error)))
      return error;
    const holder = this.holder(vmId);
    return new VmLockedError(vmId, holder ? this.hostName(holder) : 'another host');
  }
}
