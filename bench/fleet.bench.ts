// The fleet, in one run: three nats-server processes (JetStream, three replicas) and three
// daemons on loopback, 100 VMs defined on each host; `GET /api/v1/vms` (all 300) through each
// host in turn; and how much later a VM's event on host A reaches a WebSocket client of host B
// than a WebSocket client of host A itself (STOP/RESUME of a running `-machine none` VM); and
// live migrations of the demo guest between hosts, with the downtime QEMU reports.
import WebSocket from 'ws';
import type { ApiClient } from '../src/api-client/client.js';
import { ensureDemoGuest } from '../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../src/launch/demo-vm-spec.js';
import { isPidAlive } from '../src/launch/state-file.js';
import { agentAnswers } from '../test/daemon/support/daemon.js';
import { startTestFleet } from '../test/fleet/support/fleet.js';
import { median, timed } from './support.js';

const PER_HOST = Number(process.env.FLEET_BENCH_VMS ?? 100);
const LIST_REQUESTS = 300;
const EVENT_ROUNDS = 100;
/** A → B, B → A, ...: each a whole live migration of the running demo guest. */
const MIGRATIONS = Number(process.env.FLEET_BENCH_MIGRATIONS ?? 4);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function eventArrivals(client: ApiClient, arrivals: Map<string, number>): Promise<WebSocket> {
  const socket = new WebSocket(client.eventSocketUrl(), { headers: client.authHeaders() });
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as {
        type: string;
        event?: { name: string; data: unknown; qemuTime: string | null };
      };
      if (message.type === 'ready') resolve();
      const event = message.event;
      if (event && (event.name === 'STOP' || event.name === 'RESUME') && event.qemuTime)
        arrivals.set(`${event.name} ${event.qemuTime}`, performance.now());
    });
    socket.once('error', reject);
  });
  return socket;
}

const fleet = await startTestFleet();
const pids: number[] = [];
try {
  const clients = await Promise.all(fleet.hosts.map((host) => fleet.client(host)));
  const [a, b] = clients as [ApiClient, ApiClient, ApiClient];
  for (const [i, host] of fleet.hosts.entries())
    await Promise.all(
      Array.from({ length: PER_HOST }, (_, n) =>
        clients[i]!.request('POST', '/vms', {
          spec: { name: `${host.name.toLowerCase()}-${n}`, machine: 'none' },
          host: host.name,
        }),
      ),
    );
  for (const client of clients) {
    for (;;) {
      const list = await client.request<unknown[]>('GET', '/vms');
      if (list.length === PER_HOST * 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const listTimes: number[] = [];
  for (let i = 0; i < LIST_REQUESTS; i++)
    listTimes.push(await timed(() => clients[i % 3]!.request('GET', '/vms')));
  console.log(
    `GET /api/v1/vms, ${PER_HOST * 3} VMs on 3 hosts, through each host in turn: p50 ${fmt(median(listTimes))}, p99 ${fmt(percentile(listTimes, 99))} (target p50 < 50 ms)`,
  );

  const started = await a.request<{ pid: number }>('POST', '/vms/a-0/start');
  pids.push(started.pid);
  const onA = new Map<string, number>();
  const onB = new Map<string, number>();
  const sockets = [await eventArrivals(a, onA), await eventArrivals(b, onB)];
  for (let i = 0; i < EVENT_ROUNDS; i++) {
    await a.request('POST', '/vms/a-0/pause');
    await a.request('POST', '/vms/a-0/resume');
  }
  const deadline = Date.now() + 10_000;
  while (onB.size < EVENT_ROUNDS * 2 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const later: number[] = [];
  for (const [key, atA] of onA) {
    const atB = onB.get(key);
    if (atB !== undefined) later.push(atB - atA);
  }
  for (const socket of sockets) socket.close();
  console.log(
    `event of a VM on A: WebSocket on B later than WebSocket on A, ${later.length}/${onA.size} events: p50 ${fmt(median(later))}, p99 ${fmt(percentile(later, 99))} (target p99 < 100 ms)`,
  );

  const guest = await ensureDemoGuest();
  await a.request('POST', '/vms', { spec: demoGuestVmSpec(guest, 'demo'), host: 'A' });
  pids.push((await a.request<{ pid: number }>('POST', '/vms/demo/start')).pid);
  await agentAnswers(a, 'demo', 180_000);
  const downtimes: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < MIGRATIONS; i++) {
    const to = i % 2 === 0 ? 'B' : 'A';
    const result = await a.migrateVm('demo', to);
    if (result.status !== 'completed') throw new Error(`migration to ${to}: ${result.status}`);
    downtimes.push(result.downtimeMs ?? Number.NaN);
    totals.push(result.totalTimeMs);
    const moved = await a.request<{ pid: number }[]>('GET', '/vms');
    pids.push(...moved.map((vm) => vm.pid).filter((pid) => pid > 0));
  }
  await a.agent('demo', 'guest-ping', {}, 10_000);
  console.log(
    `live migration of the demo guest between hosts, ${MIGRATIONS} times: downtime (QEMU's figure) ${downtimes.map((ms) => `${ms} ms`).join(', ')}; whole migration p50 ${fmt(median(totals))}`,
  );
} finally {
  for (const pid of pids) if (isPidAlive(pid)) process.kill(pid, 'SIGKILL');
  await fleet.stop();
}
