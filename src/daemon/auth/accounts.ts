/**
 * Users (argon2id password hashes), API tokens and sessions (SHA-256 hashes of
 * their secrets: the database never holds anything that logs in by itself).
 */
import { randomUUID } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { BadRequestError, NameTakenError, NotFoundError, UnauthenticatedError } from '../errors.js';
import type { Store } from '../store/database.js';
import { StoreCache } from '../store/store-cache.js';
import { Grants } from './grants.js';
import { LoginThrottle } from './login-throttle.js';
import { type Principal, ROLES, type Role } from './roles.js';
import { hashSecret, newSecret } from './secrets.js';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
const TOKEN_PREFIX = 'qmon_';
const TOKEN_CACHE_SIZE = 1024;
/** `Algorithm.Argon2id`, a const enum that isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

export interface User {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
}

export interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
}

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's recommendation). */
function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

// A hash to verify against when the user does not exist, so timing does not tell.
const dummyHash = hashPassword(newSecret());

export class Accounts {
  private readonly throttle = new LoginThrottle();

  /** Principals of tokens in use, by the token's hash, while the database stays unchanged. */
  private readonly tokens: StoreCache<{ principal: Principal; expiresAt: string | null }>;

  constructor(
    private readonly store: Store,
    private readonly grants = new Grants(store),
  ) {
    this.tokens = new StoreCache(store, TOKEN_CACHE_SIZE);
  }

  async createUser(name: string, password: string, role: Role): Promise<User> {
    if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(name))
      throw new BadRequestError('name', 'letters, digits and _.@- only, 1 to 64 of them');
    if (password.length < 8) throw new BadRequestError('password', 'at least 8 characters');
    if (!ROLES.includes(role)) throw new BadRequestError('role', `one of ${ROLES.join(', ')}`);
    const passwordHash = await hashPassword(password);
    const user: User = { id: randomUUID(), name, role, createdAt: new Date().toISOString() };
    this.store.write((db) => {
      if (db.prepare('SELECT 1 FROM users WHERE name = ?').get(name))
        throw new NameTakenError('user', name);
      db.prepare(
        'INSERT INTO users (id, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(user.id, name, passwordHash, role, user.createdAt);
    });
    return user;
  }

  listUsers(): User[] {
    return this.store.read(
      (db) =>
        db
          .prepare('SELECT id, name, role, created_at AS createdAt FROM users ORDER BY name')
          .all() as User[],
    );
  }

  deleteUser(id: string): void {
    this.store.write((db) => {
      if (db.prepare('DELETE FROM users WHERE id = ?').run(id).changes === 0)
        throw new NotFoundError('user', id);
    });
  }

  countUsers(): number {
    return this.store.read(
      (db) => (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n,
    );
  }

  /** Checks a password; returns a new session's secret (for the cookie) and its user. */
  async login(name: string, password: string): Promise<{ secret: string; user: User }> {
    const row = this.store.read(
      (db) =>
        db
          .prepare(
            'SELECT id, name, role, created_at AS createdAt, password_hash FROM users WHERE name = ?',
          )
          .get(name) as (User & { password_hash: string }) | undefined,
    );
    this.throttle.check(name);
    const ok = await verify(row?.password_hash ?? (await dummyHash), password).catch(() => false);
    if (!row || !ok) {
      this.throttle.failed(name);
      throw new UnauthenticatedError('wrong user name or password');
    }
    this.throttle.succeeded(name);
    const { password_hash: _, ...user } = row;
    return { secret: this.openSession(user.id), user };
  }

  /** Logs a user in without a password (a one-time login link was spent): a new session's secret. */
  loginAs(userId: string): { secret: string; user: User } {
    const user = this.listUsers().find((candidate) => candidate.id === userId);
    if (!user) throw new UnauthenticatedError('the user of this login link is gone');
    return { secret: this.openSession(user.id), user };
  }

  private openSession(userId: string): string {
    const secret = newSecret();
    const now = Date.now();
    this.store.write((db) => {
      db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(new Date(now).toISOString());
      db.prepare(
        'INSERT INTO sessions (secret_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ).run(
        hashSecret(secret),
        userId,
        new Date(now).toISOString(),
        new Date(now + SESSION_LIFETIME_MS).toISOString(),
      );
    });
    return secret;
  }

  logout(sessionSecret: string): void {
    this.store.write((db) =>
      db.prepare('DELETE FROM sessions WHERE secret_hash = ?').run(hashSecret(sessionSecret)),
    );
  }

  /** The principal of a session cookie, or undefined. */
  bySession(secret: string): Principal | undefined {
    const row = this.store.read(
      () =>
        this.store
          .statement(
            `SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.secret_hash = ? AND s.expires_at > ?`,
          )
          .get(hashSecret(secret), new Date().toISOString()) as
          | { id: string; name: string; role: Role }
          | undefined,
    );
    return row && this.principal(row, 'session');
  }

  /** The principal of a user by id (a stream ticket's holder, as the user is now), or undefined. */
  byUserId(userId: string): Principal | undefined {
    const row = this.store.read(
      () =>
        this.store.statement('SELECT id, name, role FROM users WHERE id = ?').get(userId) as
          | { id: string; name: string; role: Role }
          | undefined,
    );
    return row && this.principal(row, 'ticket');
  }

  /** A new API token for `userId`: the returned text is shown once and never stored. */
  createToken(userId: string, name: string): { token: string; info: TokenInfo } {
    if (name.length === 0 || name.length > 100)
      throw new BadRequestError('name', '1 to 100 characters');
    const info: TokenInfo = {
      id: randomUUID(),
      name,
      createdAt: new Date().toISOString(),
      expiresAt: null,
    };
    const secret = newSecret();
    this.store.write((db) =>
      db
        .prepare(
          'INSERT INTO tokens (id, user_id, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(info.id, userId, name, hashSecret(secret), info.createdAt),
    );
    return { token: `${TOKEN_PREFIX}${secret}`, info };
  }

  listTokens(userId: string): TokenInfo[] {
    return this.store.read(
      (db) =>
        db
          .prepare(
            `SELECT id, name, created_at AS createdAt, expires_at AS expiresAt FROM tokens
             WHERE user_id = ? ORDER BY created_at`,
          )
          .all(userId) as TokenInfo[],
    );
  }

  deleteToken(userId: string, id: string): void {
    this.store.write((db) => {
      if (
        db.prepare('DELETE FROM tokens WHERE id = ? AND user_id = ?').run(id, userId).changes === 0
      )
        throw new NotFoundError('token', id);
    });
  }

  /**
   * The principal of an API token (`qmon_...`), or undefined. Asked on every
   * API call: answered from memory until anything is written to the database
   * (a revoked token, a changed role or grant; another process's write within
   * `EXTERNAL_CHECK_MS`), then read again.
   */
  byToken(token: string): Principal | undefined {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    const now = new Date().toISOString();
    // Keyed by the hash, as the database keeps them: no token is held in the clear.
    const hash = hashSecret(token.slice(TOKEN_PREFIX.length));
    const cached = this.tokens.lookup(hash);
    if (cached && (cached.expiresAt === null || cached.expiresAt > now)) return cached.principal;
    const row = this.store.read(
      () =>
        this.store
          .statement(
            `SELECT u.id, u.name, u.role, t.expires_at AS expiresAt FROM tokens t JOIN users u ON u.id = t.user_id
             WHERE t.secret_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)`,
          )
          .get(hash, now) as
          | { id: string; name: string; role: Role; expiresAt: string | null }
          | undefined,
    );
    if (!row) return undefined;
    const principal = this.principal(row, 'token');
    this.tokens.keep(hash, { principal, expiresAt: row.expiresAt });
    return principal;
  }

  private principal(
    row: { id: string; name: string; role: Role },
    via: Principal['via'],
  ): Principal {
    const grants = this.grants.forUser(row.id);
    return {
      userId: row.id,
      name: row.name,
      role: row.role,
      via,
      ...(grants.size ? { grants } : {}),
    };
  }
}
