/**
 * The schema, as a numbered list: migration N brings a database from
 * `user_version` N-1 to N. Never edit one that has shipped; append another.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
  CREATE TABLE vms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    autostart INTEGER NOT NULL DEFAULT 0,
    restart TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    expires_at TEXT
  ) STRICT;
  CREATE TABLE sessions (
    secret_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    vm_id TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT,
    qemu_time TEXT,
    at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX events_by_vm ON events (vm_id, seq);
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT,
    result TEXT NOT NULL
  ) STRICT;
  `,
  `
  CREATE TABLE metrics (
    vm_id TEXT NOT NULL,
    tier TEXT NOT NULL,
    t INTEGER NOT NULL,
    n INTEGER NOT NULL,
    vals TEXT NOT NULL,
    PRIMARY KEY (vm_id, tier, t)
  ) STRICT, WITHOUT ROWID;
  `,
  // 3: per-VM grants, a role for one user on one VM (gone with either).
  `
  CREATE TABLE grants (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    vm_id TEXT NOT NULL REFERENCES vms (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, vm_id)
  ) STRICT;
  CREATE INDEX grants_by_vm ON grants (vm_id);
  `,
];
