/**
 * Users and API tokens valid on every host: each host's SQLite keeps them as
 * before, and the fleet's `qmon-accounts` bucket carries them (argon2id and
 * SHA-256 hashes, never a secret) to the others. A user is keyed by name, so
 * two hosts that made the same user before joining agree on the first one
 * stored. Sessions stay per host: a browser logs in to the host it talks to.
 */
import type { KV } from '@nats-io/kv';
import type { RouteSpec } from '../daemon/api/route.js';
import { ROUTES } from '../daemon/api/routes.js';
import type { DaemonContext } from '../daemon/context.js';
import { KvMirror } from './kv-mirror.js';
import { guarded } from './store.js';

interface UserRow {
  id: string;
  name: string;
  password_hash: string;
  role: string;
  created_at: string;
}

interface TokenRow {
  id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
}

type AccountRecord = { user: UserRow } | { token: TokenRow };

const userKey = (name: string) => `user.${Buffer.from(name).toString('base64url')}`;
const tokenKey = (id: string) => `token.${id}`;

export class AccountSync {
  readonly mirror: KvMirror<AccountRecord>;

  constructor(
    private readonly kv: KV,
    private readonly ctx: DaemonContext,
    private readonly log: (message: string) => void,
  ) {
    this.mirror = new KvMirror(kv, (key, entry) => {
      try {
        this.apply(key, entry?.value);
      } catch (error) {
        this.log(`account ${key} not copied here: ${String(error)}`);
      }
    });
  }

  /** Loads the fleet's accounts, then offers this host's own that the fleet lacks. */
  async start(): Promise<void> {
    await this.mirror.start();
    for (const user of this.localUsers()) {
      if (!this.mirror.get(userKey(user.name))) await this.pushUser(user.id).catch(() => {});
    }
    for (const [key, entry] of this.mirror.values()) this.apply(key, entry.value);
    for (const token of this.localTokens())
      if (!this.mirror.get(tokenKey(token.id))) await this.pushToken(token.id).catch(() => {});
  }

  stop(): void {
    this.mirror.stop();
  }

  /** The base account routes, each followed by carrying its change to the fleet. */
  routes(): RouteSpec[] {
    const userName = (id: string) => this.localUsers().find((user) => user.id === id)?.name;
    const wrap = (
      method: string,
      url: string,
      share: (result: unknown, id: string, name: string | undefined) => Promise<void>,
    ): RouteSpec[] => {
      const base = ROUTES.find((spec) => spec.method === method && spec.url === url);
      if (!base) return [];
      return [
        {
          ...base,
          async handler(request, ctx) {
            const id = (request.params as { id?: string }).id ?? '';
            // A deleted user is keyed by name in the fleet: read it before it goes.
            const name = userName(id);
            const result = await base.handler(request, ctx);
            await share(result, id, name);
            return result;
          },
        },
      ];
    };
    return [
      ...wrap('POST', '/users', (result) => this.pushUser((result as { id: string }).id)),
      ...wrap('DELETE', '/users/:id', async (_result, _id, name) => {
        if (name) await guarded('deleting a user', () => this.kv.delete(userKey(name)));
      }),
      ...wrap('POST', '/tokens', (result) =>
        this.pushToken((result as { info: { id: string } }).info.id),
      ),
      ...wrap('DELETE', '/tokens/:id', (_result, id) =>
        guarded('revoking a token', () => this.kv.delete(tokenKey(id))),
      ),
    ];
  }

  private async pushUser(id: string): Promise<void> {
    const user = this.localUsers().find((u) => u.id === id);
    if (!user) return;
    await guarded('sharing a user', () =>
      this.kv.create(userKey(user.name), JSON.stringify({ user })),
    );
  }

  private async pushToken(id: string): Promise<void> {
    const token = this.localTokens().find((t) => t.id === id);
    if (!token) return;
    await guarded('sharing a token', () =>
      this.kv.put(tokenKey(token.id), JSON.stringify({ token })),
    );
  }

  private localUsers(): UserRow[] {
    return this.ctx.store.read((db) => db.prepare('SELECT * FROM users').all() as UserRow[]);
  }

  private localTokens(): TokenRow[] {
    return this.ctx.store.read((db) => db.prepare('SELECT * FROM tokens').all() as TokenRow[]);
  }

  private apply(key: string, record: AccountRecord | undefined): void {
    if (key.startsWith('user.')) {
      const name = Buffer.from(key.slice(5), 'base64url').toString();
      if (!record || !('user' in record)) {
        this.ctx.store.write((db) => db.prepare('DELETE FROM users WHERE name = ?').run(name));
        return;
      }
      const { user } = record;
      this.ctx.store.write((db) => {
        db.prepare('DELETE FROM users WHERE name = ? AND id != ?').run(user.name, user.id);
        db.prepare(
          `INSERT INTO users (id, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name,
             password_hash = excluded.password_hash, role = excluded.role`,
        ).run(user.id, user.name, user.password_hash, user.role, user.created_at);
      });
      // Tokens that came before their user.
      for (const [other, entry] of this.mirror.values())
        if (
          other.startsWith('token.') &&
          'token' in entry.value &&
          entry.value.token.user_id === user.id
        )
          this.apply(other, entry.value);
      return;
    }
    if (!key.startsWith('token.')) return;
    const id = key.slice(6);
    if (!record || !('token' in record)) {
      this.ctx.store.write((db) => db.prepare('DELETE FROM tokens WHERE id = ?').run(id));
      return;
    }
    const { token } = record;
    this.ctx.store.write((db) => {
      if (!db.prepare('SELECT 1 FROM users WHERE id = ?').get(token.user_id)) return;
      db.prepare(
        `INSERT INTO tokens (id, user_id, name, secret_hash, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ).run(
        token.id,
        token.user_id,
        token.name,
        token.secret_hash,
        token.created_at,
        token.expires_at,
      );
    });
  }
}
