/**
 * Every API call asks who its token belongs to; the answer comes from memory
 * until anything is written to the database. A revoked token, a changed
 * grant and a deleted user are each seen at once; a write by another process
 * within EXTERNAL_CHECK_MS.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { Accounts } from '../../src/daemon/auth/accounts.js';
import { Grants } from '../../src/daemon/auth/grants.js';
import { EXTERNAL_CHECK_MS, Store } from '../../src/daemon/store/database.js';
import { VmDefinitions } from '../../src/daemon/store/vm-definitions.js';

const dir = mkdtempSync(join(tmpdir(), 'qmon-token-cache-'));
const store = new Store(dir);
const grants = new Grants(store);
const accounts = new Accounts(store, grants);

after(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a token is answered from memory while nothing changes', async () => {
  const user = await accounts.createUser('ann', 'password-1', 'viewer');
  const { token } = accounts.createToken(user.id, 'cli');
  const first = accounts.byToken(token);
  assert.equal(first?.name, 'ann');
  assert.equal(accounts.byToken(token), first, 'the second call is the cached principal');
  assert.equal(accounts.byToken(`${token}x`), undefined);
});

test('a revoked token, a new grant and a deleted user are seen by the next call', async () => {
  const user = await accounts.createUser('bob', 'password-2', 'viewer');
  const kept = accounts.createToken(user.id, 'kept');
  const revoked = accounts.createToken(user.id, 'revoked');
  assert.ok(accounts.byToken(revoked.token));
  accounts.deleteToken(user.id, revoked.info.id);
  assert.equal(accounts.byToken(revoked.token), undefined);

  const vm = new VmDefinitions(store).define({ spec: { name: 'g', machine: 'none' } });
  assert.equal(accounts.byToken(kept.token)?.grants, undefined);
  grants.set(user.id, vm.id, 'operator');
  assert.equal(accounts.byToken(kept.token)?.grants?.get(vm.id), 'operator');

  accounts.deleteUser(user.id);
  assert.equal(accounts.byToken(kept.token), undefined);
});

test('a token deleted by another process is refused within EXTERNAL_CHECK_MS', async () => {
  const user = await accounts.createUser('cat', 'password-3', 'admin');
  const { token, info } = accounts.createToken(user.id, 'elsewhere');
  assert.ok(accounts.byToken(token));
  const other = new Database(store.path);
  try {
    other.prepare('DELETE FROM tokens WHERE id = ?').run(info.id);
  } finally {
    other.close();
  }
  // Another connection's commit is seen within EXTERNAL_CHECK_MS.
  await new Promise((resolve) => setTimeout(resolve, EXTERNAL_CHECK_MS + 20));
  assert.equal(accounts.byToken(token), undefined);
});
