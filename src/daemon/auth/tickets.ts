/**
 * Single-use tickets for console streams: issued to an authenticated user for
 * one VM and one kind of stream, valid for a short time, spent on first use.
 * Kept in memory: a restart of the daemon voids them, which costs a reconnect.
 */
import { hashSecret, newSecret } from './secrets.js';

export type StreamKind = 'serial' | 'hmp' | 'qmp' | 'vnc' | 'events';

export interface Ticket {
  userId: string;
  vmId: string;
  kind: StreamKind;
  expiresAt: number;
}

export const TICKET_LIFETIME_MS = 30_000;

export class Tickets {
  private readonly byHash = new Map<string, Ticket>();

  issue(userId: string, vmId: string, kind: StreamKind): { ticket: string; expiresAt: number } {
    this.sweep();
    const ticket = newSecret();
    const expiresAt = Date.now() + TICKET_LIFETIME_MS;
    this.byHash.set(hashSecret(ticket), { userId, vmId, kind, expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's grant if it is valid for `vmId` and `kind`; spent either way. */
  redeem(ticket: string, vmId: string, kind: StreamKind): Ticket | undefined {
    const key = hashSecret(ticket);
    const found = this.byHash.get(key);
    this.byHash.delete(key);
    if (!found || found.expiresAt < Date.now() || found.vmId !== vmId || found.kind !== kind)
      return undefined;
    return found;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, ticket] of this.byHash) if (ticket.expiresAt < now) this.byHash.delete(key);
  }
}
