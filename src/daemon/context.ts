import type { Accounts } from './auth/accounts.js';
import type { Grants } from './auth/grants.js';
import type { LoginLinks } from './auth/login-links.js';
import type { Tickets } from './auth/tickets.js';
import type { DiskImages } from './disks/disk-images.js';
import type { LibvirtSource } from './libvirt/libvirt-source.js';
import type { MetricsSampler } from './metrics/sampler.js';
import type { VmOwner } from './owner/vm-owner.js';
import type { AuditLog } from './store/audit-log.js';
import type { Store } from './store/database.js';
import type { EventLog, StoredEvent } from './store/event-log.js';
import type { VmDefinitions } from './store/vm-definitions.js';
import type { FileTransfers } from './transfers/file-transfers.js';

/** What the API's handlers work with. */
export interface DaemonContext {
  store: Store;
  hostId: string;
  definitions: VmDefinitions;
  accounts: Accounts;
  grants: Grants;
  tickets: Tickets;
  loginLinks: LoginLinks;
  events: EventLog;
  audit: AuditLog;
  owner: VmOwner;
  metrics: MetricsSampler;
  /** libvirt connections whose domains are listed and driven beside the daemon's own VMs. */
  libvirt: LibvirtSource[];
  /** Disk images under `STATE/disks/VMID/`. */
  disks: DiskImages;
  /** Guest file copies, and their progress for the WebSocket. */
  transfers: FileTransfers;
  /** Live subscribers to stored events (the WebSocket). */
  subscribe(listener: (event: StoredEvent) => void): () => void;
  version: string;
}
