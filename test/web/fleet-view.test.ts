/** What the dashboard makes of the fleet's hosts and VMs (web/src/lib/fleet.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FleetHostInfo, MigrationProgressInfo, VmInfo } from '../../src/api-client/index.js';
import {
  heartbeatText,
  hostOf,
  hostRows,
  migrationFraction,
  migrationTargets,
} from '../../web/src/lib/fleet.js';

const host = (id: string, name: string, up = true): FleetHostInfo => ({
  id,
  name,
  url: null,
  up,
  lastSeenMs: up ? 400 : 12_000,
  cpus: 2,
  memoryTotal: 8 << 30,
  memoryFree: 2 << 30,
  load1: 0.5,
  running: 0,
  version: '0.1.0',
});

const vm = (name: string, hostId: string, state: string, hostName?: string): VmInfo =>
  ({
    id: `id-${name}`,
    name,
    hostId,
    state,
    ...(hostName === undefined ? {} : { host: hostName, hostUp: true }),
  }) as VmInfo;

test('a VM names its host only when a fleet lists it', () => {
  assert.equal(hostOf(vm('alone', 'h1', 'running')), undefined);
  assert.deepEqual(hostOf(vm('web', 'h1', 'running', 'alpha')), {
    id: 'h1',
    name: 'alpha',
    up: true,
  });
  const down = { ...vm('db', 'h2', 'running', 'beta'), hostUp: false } as VmInfo;
  assert.equal(hostOf(down)?.up, false);
});

test('each host gets its VMs, running ones counted; hosts and VMs by name', () => {
  const rows = hostRows(
    [host('h2', 'beta'), host('h1', 'alpha'), host('h3', 'gamma')],
    [
      vm('web', 'h1', 'running', 'alpha'),
      vm('db', 'h1', 'paused', 'alpha'),
      vm('batch', 'h1', 'stopped', 'alpha'),
      vm('cache', 'h2', 'exited', 'beta'),
    ],
  );
  assert.deepEqual(
    rows.map((row) => [row.host.name, row.vms.map((v) => v.name), row.running]),
    [
      ['alpha', ['batch', 'db', 'web'], 2],
      ['beta', ['cache'], 0],
      ['gamma', [], 0],
    ],
  );
});

test('a VM whose host has no record still shows, under a host shown down', () => {
  const rows = hostRows([host('h1', 'alpha')], [vm('lost', 'h9', 'running', 'h9')]);
  assert.equal(rows.length, 2);
  const orphan = rows.find((row) => row.host.id === 'h9')!;
  assert.equal(orphan.host.up, false);
  assert.deepEqual(
    orphan.vms.map((v) => v.name),
    ['lost'],
  );
  assert.equal(heartbeatText(orphan.host, 0, 0), 'no record of this host');
});

test('a VM may migrate to the other hosts that are up', () => {
  const hosts = [host('h3', 'gamma'), host('h1', 'alpha'), host('h2', 'beta', false)];
  assert.deepEqual(
    migrationTargets(hosts, 'h1').map((h) => h.name),
    ['gamma'],
  );
  assert.deepEqual(
    migrationTargets(hosts, 'h9').map((h) => h.name),
    ['alpha', 'gamma'],
  );
  assert.deepEqual(migrationTargets([host('h1', 'alpha')], 'h1'), []);
});

test("the migration's fraction sent: unknown until QEMU knows the total, whole once done", () => {
  const progress = (status: string, transferred: number, total: number): MigrationProgressInfo => ({
    status,
    transferred,
    remaining: total - transferred,
    total,
    totalTimeMs: 10,
  });
  assert.equal(migrationFraction(null), undefined);
  assert.equal(migrationFraction(progress('setup', 0, 0)), undefined);
  assert.equal(migrationFraction(progress('active', 256, 1024)), 0.25);
  // What is left counts, not what was sent: zero pages are cheap, dirtied ones go again.
  assert.equal(migrationFraction({ ...progress('active', 10, 1024), remaining: 256 }), 0.75);
  assert.equal(migrationFraction({ ...progress('active', 4096, 1024), remaining: 512 }), 0.5);
  assert.equal(migrationFraction(progress('completed', 0, 0)), 1);
});

test("a host's heartbeat in words, aged by the page's clock since the fetch", () => {
  const fetchedAt = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(
    heartbeatText(host('h1', 'alpha'), fetchedAt, fetchedAt + 2_000),
    'last heartbeat 2s ago',
  );
  const down = heartbeatText(host('h2', 'beta', false), fetchedAt, fetchedAt + 3_000);
  const lastBeat = new Date(fetchedAt - 12_000).toLocaleTimeString();
  assert.equal(down, `no heartbeat since ${lastBeat} (15s ago)`);
});
