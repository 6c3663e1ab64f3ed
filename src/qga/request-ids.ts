import { randomBytes, randomInt } from 'node:crypto';

/**
 * Request ids unique across clients and connections: a random prefix and a
 * counter. The agent's channel outlives a host connection (QEMU keeps the
 * virtio-serial port), so a reply meant for an earlier client, or for a request
 * this client gave up on, must never carry an id a later request could have.
 */
export function uniqueRequestIds(): () => string {
  const prefix = randomBytes(6).toString('hex');
  let counter = 0;
  return () => `${prefix}-${++counter}`;
}

/** A fresh id for `guest-sync-delimited` (an int in the schema; kept within doubles' exact range). */
export function randomSyncId(): number {
  return randomInt(1, 2 ** 47);
}
