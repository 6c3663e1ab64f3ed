/**
 * The fleet's history in JetStream: every host's audit entries go to the
 * `QMON_AUDIT` stream as well as its own log, and `GET /fleet/events` and
 * `GET /fleet/audit` page through the two streams by stream sequence.
 */
import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { Type } from '@sinclair/typebox';
import type { RouteSpec } from '../daemon/api/route.js';
import { Page } from '../daemon/api/schemas.js';
import { AuditLog } from '../daemon/store/audit-log.js';
import type { Store } from '../daemon/store/database.js';
import { AUDIT_STREAM, EVENTS_STREAM, guarded } from './store.js';

/** The host's audit log, each entry also published to the fleet's audit stream. */
export class FleetAuditLog extends AuditLog {
  constructor(
    store: Store,
    private readonly js: JetStreamClient,
    private readonly host: { id: string; name: string },
  ) {
    super(store);
  }

  override record(entry: Parameters<AuditLog['record']>[0]): void {
    super.record(entry);
    const payload = { ...entry, at: new Date().toISOString(), host: this.host.name };
    this.js.publish(`qmon.audit.${this.host.id}`, JSON.stringify(payload)).catch(() => {
      // No quorum: the entry stays in this host's own audit log.
    });
  }
}

/** Up to `limit` messages of a stream after sequence `after`, each with its `seq`. */
export async function readStream(
  js: JetStreamClient,
  stream: string,
  after: number,
  limit: number,
): Promise<unknown[]> {
  return guarded(`reading ${stream}`, async () => {
    const consumer = await js.consumers.get(stream, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: after + 1,
    });
    const pending = (await consumer.info(true)).num_pending;
    const out: unknown[] = [];
    if (pending === 0) return out;
    const messages = await consumer.fetch({
      max_messages: Math.min(limit, pending),
      expires: 2_000,
    });
    for await (const message of messages)
      out.push({ ...message.json<Record<string, unknown>>(), seq: message.seq });
    return out;
  });
}

export function historyRoutes(js: JetStreamClient): RouteSpec[] {
  const page = (query: { after?: number; limit?: number }) =>
    [query.after ?? 0, query.limit ?? 1000] as const;
  return [
    {
      method: 'GET',
      url: '/fleet/events',
      summary:
        "Every host's VM events from the fleet's stream (`seq` is the stream's), with `host`",
      access: 'vm.read',
      schema: { querystring: Page, response: Type.Array(Type.Unknown()) },
      handler: ({ query }) => readStream(js, EVENTS_STREAM, ...page(query as never)),
    },
    {
      method: 'GET',
      url: '/fleet/audit',
      summary: "Every host's audit entries from the fleet's stream, with `host`",
      access: 'audit.read',
      schema: { querystring: Page, response: Type.Array(Type.Unknown()) },
      handler: ({ query }) => readStream(js, AUDIT_STREAM, ...page(query as never)),
    },
  ];
}
