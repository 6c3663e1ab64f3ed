/**
 * The NATS users of a fleet, one per host, each allowed only what its host
 * does: answer calls on its own `qmon.host.ID.call`, send calls to the other
 * hosts, publish its own events and audit entries, write its own heartbeat,
 * and use JetStream (the shared buckets and streams). `qmon fleet
 * nats-authorization` prints the block for the servers' configuration.
 */
import bcrypt from 'bcryptjs';
import { inboxPrefix } from './connection.js';
import { InvalidFleetHostError } from './errors.js';
import { BUCKETS } from './store.js';

export interface FleetHostUser {
  /** The NATS user name (with a password; an nkey user is known by its key). */
  user: string;
  /** The host's id in the fleet, as `qmon serve --print-host-id` shows it. */
  hostId: string;
  /** A bcrypt hash of the host's password (`$2a$...`, `$2b$...`). */
  passwordHash?: string;
  /** The public nkey of the host (`U...`), instead of a password. */
  nkey?: string;
}

export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
}

/** A host id or user name becomes a subject token or a quoted string: nothing that could change either. */
const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
const TOKEN_RULE = ': letters, digits, "-" and "_" only, up to 128';
const NKEY_USER = /^U[A-Z2-7]{55}$/;
const BCRYPT = /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/;
/** bcrypt's usual cost: a tenth of a second or so per check, once per connection. */
export const BCRYPT_COST = 11;

/** What the host `hostId` may publish and subscribe to, and nothing else. */
export function hostPermissions(hostId: string): NatsPermissions {
  if (!TOKEN.test(hostId))
    throw new InvalidFleetHostError(`host id ${JSON.stringify(hostId)}${TOKEN_RULE}`);
  return {
    publish: {
      allow: [
        // Calls forwarded to the hosts owning a VM (its own call subject is never used).
        'qmon.host.*.call',
        `qmon.events.${hostId}.>`,
        `qmon.audit.${hostId}`,
        // Console frames relayed to the host a stream's viewer is on, or its VM is on.
        'qmon.console.*.*.out',
        'qmon.console.*.*.in',
        // Its heartbeat is its own key; the other buckets are shared by design.
        `$KV.qmon-hosts.${hostId}`,
        ...BUCKETS.filter((bucket) => bucket !== 'qmon-hosts').map((bucket) => `$KV.${bucket}.>`),
        '$JS.API.>',
        // Flow control of the buckets' watchers (push consumers): without it they stall.
        '$JS.FC.>',
        // Answers to the calls of any host.
        '_INBOX.>',
      ],
    },
    subscribe: {
      allow: [
        `qmon.host.${hostId}.call`,
        `${inboxPrefix(hostId)}.>`,
        // The console streams it serves (`in`) or relays to a viewer (`out`).
        `qmon.console.${hostId}.>`,
      ],
    },
  };
}

/** A bcrypt hash of `password`, which nats-server 2.9 checks a client's password against. */
export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

const list = (subjects: string[]) => `[${subjects.map((s) => JSON.stringify(s)).join(', ')}]`;

/** The `authorization { users = [...] }` block of nats-server's configuration for these hosts. */
export function natsAuthorization(users: FleetHostUser[]): string {
  const seen = new Set<string>();
  const lines = users.map((entry) => {
    for (const [what, value] of [
      ['user', entry.user],
      ['host id', entry.hostId],
    ] as const) {
      if (!TOKEN.test(value))
        throw new InvalidFleetHostError(`${what} ${JSON.stringify(value)}${TOKEN_RULE}`);
      if (seen.has(`${what} ${value}`))
        throw new InvalidFleetHostError(`${what} ${value} is given twice`);
      seen.add(`${what} ${value}`);
    }
    let credentials: string;
    if (entry.nkey !== undefined) {
      if (!NKEY_USER.test(entry.nkey))
        throw new InvalidFleetHostError(`nkey of ${entry.user}: not a public user nkey (U...)`);
      credentials = `nkey: ${JSON.stringify(entry.nkey)}`;
    } else if (entry.passwordHash !== undefined) {
      if (!BCRYPT.test(entry.passwordHash))
        throw new InvalidFleetHostError(`password hash of ${entry.user}: not a bcrypt hash`);
      credentials = `user: ${JSON.stringify(entry.user)}, password: ${JSON.stringify(entry.passwordHash)}`;
    } else throw new InvalidFleetHostError(`${entry.user}: give a password hash or an nkey`);
    const { publish, subscribe } = hostPermissions(entry.hostId);
    return `    # ${entry.user}: host ${entry.hostId}
    { ${credentials},
      permissions: {
        publish: { allow: ${list(publish.allow)} },
        subscribe: { allow: ${list(subscribe.allow)} } } }`;
  });
  return `authorization {
  users = [
${lines.join(',\n')}
  ]
}
`;
}
