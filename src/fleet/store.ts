/**
 * The fleet's replicated state in JetStream: key-value buckets (three
 * replicas) and the event and audit streams. Every write to them needs a
 * quorum of the NATS cluster; without one it fails with FLEET_UNAVAILABLE.
 */
import { type JetStreamClient, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { FleetUnavailableError } from './errors.js';

/** How long a write to the fleet's store may take before it counts as refused. */
export const STORE_TIMEOUT_MS = 3_000;
/** How long a change waits for the cluster to elect a leader after losing a server. */
export const ELECTION_WAIT_MS = 10_000;

export interface FleetStore {
  js: JetStreamClient;
  /** Host records: identity, capacity, and a heartbeat every second. */
  hosts: KV;
  /** VM definitions and placement, changed only by compare-and-set on the revision. */
  vms: KV;
  /** Each VM's last known state, written by the host that runs it. */
  states: KV;
  /** One lock per running VM: its revision fences out a host that lost it. */
  locks: KV;
  /** Users and API tokens (hashes only), valid on every host. */
  accounts: KV;
}

/** The key-value buckets (the NATS users' permissions name them). */
export const BUCKETS = [
  'qmon-hosts',
  'qmon-vms',
  'qmon-vm-states',
  'qmon-locks',
  'qmon-accounts',
] as const;

export const EVENTS_STREAM = 'QMON_EVENTS';
export const AUDIT_STREAM = 'QMON_AUDIT';

/** Refusals that say the request was not carried out: a NATS server without its JetStream leader yet. */
const NOT_DONE = /jetstream is not enabled|no responders|503/i;

/**
 * Runs a store operation; one refused before it was carried out (the cluster
 * electing a leader after losing a server) is tried again for up to
 * ELECTION_WAIT_MS, and so is a read that timed out. A timeout or a missing
 * quorum becomes FleetUnavailableError.
 */
export async function guarded<T>(
  what: string,
  work: () => Promise<T>,
  options: { read?: boolean } = {},
): Promise<T> {
  const deadline = Date.now() + ELECTION_WAIT_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      const name = (error as Error).name ?? '';
      const message = String((error as Error).message ?? error);
      // A read may be asked again after a timeout too: a replica catching up may not answer.
      const again = NOT_DONE.test(message) || (options.read === true && /timeout/i.test(message));
      if (again && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (
        NOT_DONE.test(message) ||
        /Timeout|Closed|Connection/i.test(name) ||
        /timeout|no quorum|closed|disconnect|unavailable/i.test(message)
      )
        throw new FleetUnavailableError(what, error);
      throw error;
    }
  }
}

/**
 * Opens (creating when missing) every bucket and stream. A new cluster takes a
 * few seconds to elect its meta leader: retried for up to `waitMs`.
 */
export async function openFleetStore(
  nc: NatsConnection,
  replicas: number,
  waitMs = 30_000,
): Promise<FleetStore> {
  const js = jetstream(nc, { timeout: STORE_TIMEOUT_MS });
  const kvm = new Kvm(js);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const bucket = (name: (typeof BUCKETS)[number]) => kvm.create(name, { replicas, history: 1 });
      const store: FleetStore = {
        js,
        hosts: await bucket('qmon-hosts'),
        vms: await bucket('qmon-vms'),
        states: await bucket('qmon-vm-states'),
        locks: await bucket('qmon-locks'),
        accounts: await bucket('qmon-accounts'),
      };
      const jsm = await jetstreamManager(nc, { timeout: STORE_TIMEOUT_MS });
      for (const [name, subject, maxMsgs] of [
        [EVENTS_STREAM, 'qmon.events.>', 1_000_000],
        [AUDIT_STREAM, 'qmon.audit.>', 1_000_000],
      ] as const) {
        const config = { name, subjects: [subject], num_replicas: replicas, max_msgs: maxMsgs };
        await jsm.streams.info(name).catch(() => jsm.streams.add(config));
      }
      return store;
    } catch (error) {
      // Not a cluster still electing its leader: asking again changes nothing.
      if (/permissions violation/i.test(String((error as Error)?.message))) throw error;
      if (Date.now() > deadline) throw new FleetUnavailableError('joining the fleet', error);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
