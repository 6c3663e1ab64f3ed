import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostView } from '../../src/fleet/hosts.js';
import { placeVm } from '../../src/fleet/placement.js';
import type { FleetVm } from '../../src/fleet/vm-catalog.js';

const MIB = 1024 * 1024;
const host = (id: string, freeMiB: number, up = true): HostView => ({
  id,
  name: id.toUpperCase(),
  url: null,
  cpus: 2,
  memoryTotal: 4096 * MIB,
  memoryFree: freeMiB * MIB,
  load1: 0,
  running: 0,
  version: '0',
  up,
  lastSeenMs: 0,
});
const placed = (hostId: string, memoryMiB: number) => ({
  vm: { host: hostId, spec: { name: 'x', memoryMiB } } as FleetVm,
  running: false,
});

test('the live host with the most room, counting VMs placed but not running', () => {
  const hosts = [host('a', 3000), host('b', 2000), host('c', 9000, false)];
  assert.equal(placeVm(hosts, [], 128).id, 'a');
  assert.equal(placeVm(hosts, [placed('a', 1500)], 128).id, 'b');
});

test('pinned by name or id; a down or unknown host, or no room, is a bad request', () => {
  const hosts = [host('a', 3000), host('b', 100, false)];
  assert.equal(placeVm(hosts, [], 128, 'A').id, 'a');
  assert.throws(() => placeVm(hosts, [], 128, 'b'), { code: 'BAD_REQUEST', message: /down/ });
  assert.throws(() => placeVm(hosts, [], 128, 'zz'), { code: 'BAD_REQUEST' });
  assert.throws(() => placeVm(hosts, [], 4000), { code: 'BAD_REQUEST', message: /MiB free/ });
});
