import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreFullError } from '../../src/daemon/errors.js';
import { Store } from '../../src/daemon/store/database.js';
import { EventLog } from '../../src/daemon/store/event-log.js';
import { MIGRATIONS } from '../../src/daemon/store/migrations.js';
import { VmDefinitions } from '../../src/daemon/store/vm-definitions.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'qmon-store-'));
}

test('a new database is migrated to the last version, in WAL mode, and keeps its host id', () => {
  const dir = tempDir();
  try {
    const store = new Store(dir);
    assert.equal(store.schemaVersion, MIGRATIONS.length);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('synchronous', { simple: true }), 2); // FULL
    const host = store.hostId;
    assert.match(host, /^[0-9a-f-]{36}$/);
    store.close();
    const again = new Store(dir);
    assert.equal(again.hostId, host);
    again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a database from a newer qmon is refused, not downgraded', () => {
  const dir = tempDir();
  try {
    const store = new Store(dir);
    store.db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    store.close();
    assert.throws(() => new Store(dir), { code: 'STORE_FAILED', message: /newer than this qmon/ });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('definitions: validated by the launcher, names unique, updates bump the revision', () => {
  const dir = tempDir();
  try {
    const store = new Store(dir);
    const defs = new VmDefinitions(store);
    const vm = defs.define({ spec: { name: 'one', machine: 'none' } });
    assert.match(vm.id, /^[0-9a-f-]{36}$/);
    assert.throws(() => defs.define({ spec: { name: 'one' } }), { code: 'NAME_TAKEN' });
    assert.throws(() => defs.define({ spec: { name: '..' } }), {
      code: 'INVALID_SPEC',
      field: 'name',
    });
    assert.throws(() => defs.define({ spec: { name: 'x', hotplugPorts: 99 } }), {
      code: 'INVALID_SPEC',
      field: 'hotplugPorts',
    });
    const updated = defs.update(vm.id, {
      spec: { name: 'one', machine: 'none', cpus: 2 },
      autostart: true,
    });
    assert.equal(updated.revision, 2);
    assert.equal(updated.autostart, true);
    assert.equal(updated.spec.cpus, 2);
    defs.undefine(vm.id);
    assert.throws(() => defs.get(vm.id), { code: 'NOT_FOUND' });
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('events are kept bounded per VM and replay from an offset', () => {
  const dir = tempDir();
  try {
    const store = new Store(dir);
    const log = new EventLog(store, 5);
    for (let i = 0; i < 12; i++) log.append('a', 'E', { i });
    log.append('b', 'E', { i: 0 });
    const a = log.since(0, 100, 'a');
    assert.deepEqual(
      a.map((event) => (event.data as { i: number }).i),
      [7, 8, 9, 10, 11],
    );
    assert.equal(log.since(a[2]!.seq, 100, 'a').length, 2);
    assert.equal(log.since(0, 100, 'b').length, 1);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const isRoot = process.getuid?.() === 0;

test('a full disk: a typed error, and nothing written before is lost or corrupted', {
  skip: !isRoot && 'needs root to mount a small tmpfs',
}, () => {
  const dir = tempDir();
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  try {
    const store = new Store(dir);
    const defs = new VmDefinitions(store);
    const log = new EventLog(store, 1_000_000);
    const kept = defs.define({ spec: { name: 'kept', machine: 'none' } });
    let error: unknown;
    const blob = 'x'.repeat(8000);
    try {
      for (let i = 0; i < 10_000; i++) log.append(kept.id, 'FILL', { blob, i });
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof StoreFullError, `expected StoreFullError, got ${String(error)}`);
    assert.equal((error as StoreFullError).code, 'STORE_FULL');
    assert.throws(
      () =>
        defs.define({
          spec: { name: `big-${'y'.repeat(200)}`, machine: 'none', extraArgs: [blob, blob, blob] },
        }),
      { code: 'STORE_FULL' },
    );
    store.close();
    const reopened = new Store(dir);
    assert.equal(reopened.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(new VmDefinitions(reopened).get(kept.id).name, 'kept');
    reopened.close();
  } finally {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
