import type { Accounts } from './auth/accounts.js';
import type { Grants } from './auth/grants.js';
import type { Tickets } from './auth/tickets.js';
import type { MetricsSampler } from './metrics/sampler.js';
import type { VmOwner } from './owner/vm-owner.js';
import type { AuditLog } from './store/audit-log.js';
import type { Store } from './store/database.js';
import type { EventLog, StoredEvent } from './store/event-log.js';
import type { VmDefinitions } from './store/vm-definitions.js';

/** What the API's handlers work with. */
export interface DaemonContext {
  store: Store;
  hostId: string;
  definitions: VmDefinitions;
  accounts: Accounts;
  grants: Grants;
  tickets: Tickets;
  events: EventLog;
  audit: AuditLog;
  owner: VmOwner;
  metrics: MetricsSampler;
  /** Live subscribers to stored events (the WebSocket). */
  subscribe(listener: (event: StoredEvent) => void): () => void;
  version: string;
}
