/**
 * Three daemons joined through a three-node NATS JetStream cluster, on
 * loopback: one fleet shared by every case, in the order a real fleet lives.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ApiClient } from '../../src/api-client/client.js';
import { killQuietly } from '../daemon/support/daemon.js';
import { eventually, startTestFleet, type TestFleet } from './support/fleet.js';

interface FleetVm {
  id: string;
  name: string;
  host: string;
  hostId: string;
  state: string;
  pid: number | null;
  revision: number;
}
interface Host {
  id: string;
  name: string;
  up: boolean;
}

let fleet: TestFleet;
const clients: Record<string, ApiClient> = {};
const pids = new Set<number>();

before(async () => {
  fleet = await startTestFleet();
  for (const host of fleet.hosts) clients[host.name] = await fleet.client(host);
});

after(async () => {
  for (const pid of pids) killQuietly(pid);
  await fleet?.stop();
});

const vms = (on: string) => clients[on]!.request<FleetVm[]>('GET', '/vms');
const hosts = (on: string) => clients[on]!.request<Host[]>('GET', '/hosts');
const vm = async (on: string, name: string) => (await vms(on)).find((v) => v.name === name);

test('every daemon sees the three hosts up', async () => {
  for (const name of ['A', 'B', 'C']) {
    const list = await eventually(async () => {
      const found = await hosts(name);
      return found.filter((h) => h.up).length === 3 ? found : undefined;
    }, 10_000, `three hosts up on ${name}`);
    assert.deepEqual(list.map((h) => h.name), ['A', 'B', 'C']);
  }
});

test('define on A (pinned to B), start through B, see it running from C', async () => {
  const defined = await clients.A!.request<FleetVm>('POST', '/vms', {
    spec: { name: 'web', machine: 'none' },
    host: 'B',
  });
  assert.equal(defined.host, 'B');
  const started = await clients.B!.request<FleetVm>('POST', '/vms/web/start');
  assert.equal(started.host, 'B');
  assert.equal(started.state, 'running');
  pids.add(started.pid!);
  const seen = await eventually(async () => {
    const found = await vm('C', 'web');
    return found?.state === 'running' ? found : undefined;
  }, 10_000, 'web running as seen from C');
  assert.equal(seen.host, 'B');
  assert.equal(seen.pid, started.pid);
  // The QMP call goes to B, which holds the monitor.
  const status = (await clients.A!.qmp('web', 'query-status')) as { status: string };
  assert.equal(status.status, 'running');
});
