import { randomBytes } from 'node:crypto';
import { InvalidFleetHostError } from '../../fleet/errors.js';
import {
  type FleetHostUser,
  hashPassword,
  natsAuthorization,
} from '../../fleet/nats-authorization.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

/**
 * `USER:HOST_ID` (a new password, printed once), `USER:HOST_ID:$2b$...` (a
 * password's bcrypt hash, kept) or `USER:HOST_ID:U...` (a public nkey).
 */
async function parseHost(text: string): Promise<FleetHostUser & { password?: string }> {
  const [user, hostId, ...rest] = text.split(':');
  const key = rest.join(':');
  if (!user || !hostId)
    throw new UsageError(
      `fleet nats-authorization: ${JSON.stringify(text)}: give USER:HOST_ID[:HASH_OR_NKEY] (HOST_ID from qmon serve --print-host-id)`,
    );
  if (key.startsWith('U')) return { user, hostId, nkey: key };
  if (key.startsWith('$')) return { user, hostId, passwordHash: key };
  if (key)
    throw new UsageError(
      `fleet nats-authorization: ${user}: the third part is neither a bcrypt hash ($2b$...) nor a public nkey (U...); passwords are not taken on the command line`,
    );
  const password = randomBytes(18).toString('base64url');
  return { user, hostId, password, passwordHash: await hashPassword(password) };
}

/** Prints the `authorization` block of nats-server's configuration for these hosts. */
export async function run(context: CliContext, hosts: string[]) {
  const users: (FleetHostUser & { password?: string })[] = [];
  for (const text of hosts) users.push(await parseHost(text));
  try {
    context.out(natsAuthorization(users).trimEnd());
  } catch (error) {
    if (error instanceof InvalidFleetHostError)
      throw new UsageError(`fleet nats-authorization: ${error.message}`);
    throw error;
  }
  // Only once the block is made: a refused host list shows no password that goes nowhere.
  for (const { user, password } of users)
    if (password)
      context.err(
        `qmon fleet: password of ${user}: ${password} (shown once; give it as $QMON_FLEET_PASSWORD)`,
      );
  return 0;
}
