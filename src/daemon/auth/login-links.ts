/**
 * One-time login links: a secret that logs one user in once, within a few
 * minutes, without a password (what `npm start` prints). Kept in memory only,
 * as hashes: a restart of the daemon voids every link.
 */
import { hashSecret, newSecret } from './secrets.js';

export const LOGIN_LINK_LIFETIME_MS = 10 * 60 * 1000;

export class LoginLinks {
  private readonly byHash = new Map<string, { userId: string; expiresAt: number }>();

  issue(userId: string, lifetimeMs = LOGIN_LINK_LIFETIME_MS): string {
    const now = Date.now();
    for (const [key, link] of this.byHash) if (link.expiresAt < now) this.byHash.delete(key);
    const secret = newSecret();
    this.byHash.set(hashSecret(secret), { userId, expiresAt: now + lifetimeMs });
    return secret;
  }

  /** The user the link logs in, if it is valid; spent either way. */
  redeem(secret: string): string | undefined {
    const key = hashSecret(secret);
    const link = this.byHash.get(key);
    this.byHash.delete(key);
    return link && link.expiresAt >= Date.now() ? link.userId : undefined;
  }
}
