/**
 * Three daemons joined through a three-node NATS JetStream cluster, on
 * loopback: one fleet shared by every case, in the order a real fleet lives.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { ApiClient, type ApiError } from '../../src/api-client/client.js';
import { DOWN_AFTER_MS, fenceAfterMs } from '../../src/fleet/hosts.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { identityOf } from '../../src/launch/process-identity.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { agentAnswers, killQuietly } from '../daemon/support/daemon.js';
import { runQmon, spawnQmon } from '../support/cli.js';
import { eventually, startTestFleet, type TestFleet } from './support/fleet.js';
import { readMarker, writeMarker } from './support/guest-marker.js';

interface FleetVm {
  id: string;
  name: string;
  host: string;
  hostId: string;
  state: string;
  pid: number | null;
  revision: number;
  ha: boolean;
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
  // Each host a NATS user allowed only what its host does: the whole fleet's life runs under
  // them. B reaches NATS through a relay the self-fencing case severs.
  fleet = await startTestFleet({ restrictedUsers: true, relayed: ['B'] });
  for (const host of fleet.hosts) clients[host.name] = await fleet.client(host);
});

after(async () => {
  for (const pid of pids) killQuietly(pid);
  await fleet?.stop();
});

const vms = (on: string) => clients[on]!.request<FleetVm[]>('GET', '/vms');
const hosts = (on: string) => clients[on]!.request<Host[]>('GET', '/hosts');
/** The fleet healthy again after a NATS server came back: every host heartbeating. */
async function allHostsUp(after: string): Promise<void> {
  const since = Date.now();
  await eventually(
    async () => ((await hosts('A')).every((h) => h.up) ? true : undefined),
    60_000,
    `every host heartbeating after ${after}`,
  );
  console.log(`every host up ${Date.now() - since} ms after ${after}`);
}
const vm = async (on: string, name: string) => (await vms(on)).find((v) => v.name === name);

/** When a live process started, by this machine's wall clock (10 ms ticks since boot). */
async function startedAtMs(pid: number): Promise<number> {
  const ticks = Number(identityOf(pid)!.startTicks);
  const uptimeS = Number((await readFile('/proc/uptime', 'utf8')).split(' ')[0]);
  return Date.now() - (uptimeS - ticks / 100) * 1000;
}

/** The live QEMUs of VM `name` on every host, by the pid files in their runtime folders. */
async function liveQemus(name: string): Promise<number[]> {
  const found: number[] = [];
  for (const host of fleet.hosts) {
    const file = join(host.runtimeRoot, name, 'qemu.pid');
    const pid = Number(await readFile(file, 'utf8').catch(() => ''));
    if (pid > 0 && isPidAlive(pid)) found.push(pid);
  }
  return found;
}

test('every daemon sees the three hosts up', async () => {
  for (const name of ['A', 'B', 'C']) {
    const list = await eventually(
      async () => {
        const found = await hosts(name);
        return found.filter((h) => h.up).length === 3 ? found : undefined;
      },
      10_000,
      `three hosts up on ${name}`,
    );
    assert.deepEqual(
      list.map((h) => h.name),
      ['A', 'B', 'C'],
    );
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
  const seen = await eventually(
    async () => {
      const found = await vm('C', 'web');
      return found?.state === 'running' ? found : undefined;
    },
    10_000,
    'web running as seen from C',
  );
  assert.equal(seen.host, 'B');
  assert.equal(seen.pid, started.pid);
  // The QMP call goes to B, which holds the monitor.
  const status = (await clients.A!.qmp('web', 'query-status')) as { status: string };
  assert.equal(status.status, 'running');
});

test("an event of B's VM reaches a WebSocket on C, marked with its host", async () => {
  const socket = new WebSocket(clients.C!.eventSocketUrl(), { headers: clients.C!.authHeaders() });
  const received: { type: string; event?: { name: string; host?: string } }[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data))));
  try {
    await eventually(
      () => (received.some((m) => m.type === 'ready') ? true : undefined),
      5_000,
      'ready',
    );
    await clients.A!.request('POST', '/vms/web/pause');
    await clients.A!.request('POST', '/vms/web/resume');
    const resume = await eventually(
      () => received.find((m) => m.event?.name === 'RESUME')?.event,
      5_000,
      'RESUME of web on C',
    );
    assert.equal(resume.host, 'B');
  } finally {
    socket.close();
  }
  // The history of the whole fleet, from the streams, through any host.
  const events = await clients.C!.request<{ name: string; host: string }[]>('GET', '/fleet/events');
  assert.ok(events.some((e) => e.name === 'RESUME' && e.host === 'B'));
  const audit = await eventually(
    async () => {
      const entries = await clients.C!.request<{ action: string; host: string; target: string }[]>(
        'GET',
        '/fleet/audit',
      );
      return entries.find((e) => e.action === 'vm.action.pause');
    },
    5_000,
    'the pause through A in the fleet audit',
  );
  assert.equal(audit.host, 'A');
  assert.equal(audit.target, 'web');
});

/** A console WebSocket and the text frames it received, parsed. */
async function openConsole(url: string): Promise<{ socket: WebSocket; received: unknown[] }> {
  const socket = new WebSocket(url);
  const received: unknown[] = [];
  socket.on('message', (data, isBinary) => {
    if (!isBinary) received.push(JSON.parse(String(data)));
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, received };
}

const muxClients = async () =>
  ((await clients.A!.qmp('web', 'x-qmon-mux-stats')) as { clients: unknown[] }).clients.length;

test("consoles of B's VM through C: QMP and HMP relayed, a bad ticket refused, the stream released", async () => {
  const before = await muxClients();
  const qmp = await openConsole((await clients.C!.consoleStream('web', 'qmp')).url);
  const hmp = await openConsole((await clients.C!.consoleStream('web', 'hmp')).url);
  try {
    // The QMP stream is a client of B's mux of its own while it is open.
    assert.equal(await muxClients(), before + 1);
    qmp.socket.send('{"execute":"query-status","id":"relayed"}');
    const reply = await eventually(
      () => qmp.received.find((m) => (m as { id?: string }).id === 'relayed'),
      10_000,
      'the query-status reply through C',
    );
    assert.equal((reply as { return: { status: string } }).return.status, 'running');
    hmp.socket.send(JSON.stringify({ id: 1, line: 'info status' }));
    const output = await eventually(
      () => hmp.received.find((m) => (m as { id?: number }).id === 1),
      10_000,
      'the HMP answer through C',
    );
    assert.match((output as { output: string }).output, /VM status: running/);
  } finally {
    qmp.socket.close();
    hmp.socket.close();
  }
  await eventually(
    async () => ((await muxClients()) === before ? true : undefined),
    10_000,
    "the relayed QMP stream's mux client gone from B once the viewer left C",
  );
  // A ticket is spent on B: a made-up one is refused before the upgrade.
  const refused = new WebSocket(clients.C!.consoleUrl('web', 'qmp', 'not-a-ticket'));
  const status = await new Promise<number>((resolve, reject) => {
    refused.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    refused.once('open', () => reject(new Error('a made-up ticket opened a console')));
    refused.once('error', () => {});
  });
  assert.equal(status, 401);
});

test("VNC of B's VM through C: binary frames relayed both ways", async () => {
  await clients.A!.request('POST', '/vms', {
    spec: { name: 'screen', machine: 'none', vnc: true },
    host: 'B',
  });
  const started = await clients.C!.request<FleetVm>('POST', '/vms/screen/start');
  pids.add(started.pid!);
  try {
    const socket = new WebSocket((await clients.C!.consoleStream('screen', 'vnc')).url);
    const bytes: Buffer[] = [];
    socket.on('message', (data: Buffer) => bytes.push(data));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    try {
      await eventually(
        () => (Buffer.concat(bytes).length >= 12 ? true : undefined),
        10_000,
        "QEMU's RFB greeting through C",
      );
      assert.equal(Buffer.concat(bytes).subarray(0, 12).toString(), 'RFB 003.008\n');
      // Our version back; QEMU answers with the security types it offers (VNC auth: 2).
      socket.send(Buffer.from('RFB 003.008\n'));
      await eventually(
        () => (Buffer.concat(bytes).length >= 14 ? true : undefined),
        10_000,
        'the security types through C',
      );
      assert.deepEqual([...Buffer.concat(bytes).subarray(12, 14)], [1, 2]);
    } finally {
      socket.close();
    }
  } finally {
    await clients.A!.request('POST', '/vms/screen/kill');
    await clients.A!.request('DELETE', '/vms/screen');
  }
});

test('a token made on A and a user made on B are valid on C', async () => {
  const { token } = await clients.A!.createToken('fleet-wide');
  const viaToken = new ApiClient({ baseUrl: fleet.hosts[2]!.url, token });
  const list = await eventually(
    () => viaToken.request<FleetVm[]>('GET', '/vms'),
    10_000,
    'the token of A accepted by C',
  );
  assert.ok(list.some((v) => v.name === 'web'));
  await clients.B!.request('POST', '/users', {
    name: 'olga',
    password: 'olga-password',
    role: 'viewer',
  });
  const olga = new ApiClient({ baseUrl: fleet.hosts[2]!.url });
  await eventually(() => olga.login('olga', 'olga-password'), 10_000, 'olga logging in on C');
});

test('kill -9 of B: marked down within the bound, its VM keeps running, B comes back to it', async () => {
  const [, b] = fleet.hosts;
  const before = (await vm('A', 'web'))!;
  // An autostart VM of B that the fleet moves to C while B is away.
  await clients.A!.request('POST', '/vms', {
    spec: { name: 'boot', machine: 'none' },
    host: 'B',
    autostart: true,
  });
  await fleet.kill9(b!);
  const killedAt = Date.now();
  await eventually(
    async () => {
      const found = (await hosts('A')).find((h) => h.name === 'B');
      return found && !found.up ? found : undefined;
    },
    DOWN_AFTER_MS + 3_000,
    'B marked down on A',
  );
  const detectedMs = Date.now() - killedAt;
  assert.ok(detectedMs <= DOWN_AFTER_MS + 2_000, `B marked down after ${detectedMs} ms`);
  assert.ok(isPidAlive(before.pid!), 'the QEMU of web outlives its daemon');
  await assert.rejects(clients.A!.request('POST', '/vms/web/pause'), (error: ApiError) => {
    assert.equal(error.status, 503);
    assert.equal(error.code, 'HOST_UNREACHABLE');
    return true;
  });
  const boot = (await vm('A', 'boot'))!;
  await clients.A!.request('PUT', `/vms/${boot.id}`, {
    spec: { name: 'boot', machine: 'none' },
    host: 'C',
    autostart: true,
  });
  await fleet.restart(b!);
  clients.B = await fleet.client(b!);
  const back = await eventually(
    async () => {
      const found = await vm('C', 'web');
      return found?.state === 'running' && found.pid === before.pid ? found : undefined;
    },
    15_000,
    'web running on B again, seen from C',
  );
  assert.equal(back.pid, before.pid, 'adopted, not restarted');
  // B started its autostart VMs only after it joined: `boot`, placed on C now, is not one of them.
  const moved = (await vm('C', 'boot'))!;
  assert.equal(moved.host, 'C');
  assert.notEqual(moved.state, 'running');
  // It runs nowhere, so it can be undefined (409 if B had started it).
  await clients.A!.request('DELETE', '/vms/boot');
});

test('a nats-server killed: the fleet goes on, and the server rejoins', async () => {
  const [n1] = fleet.nats.nodes;
  await fleet.nats.kill(n1!);
  const defined = await eventually(
    () => clients.A!.request<FleetVm>('POST', '/vms', { spec: { name: 'db', machine: 'none' } }),
    20_000,
    'a define while n1 is down',
  );
  const started = await eventually(
    () => clients.C!.request<FleetVm>('POST', '/vms/db/start'),
    20_000,
    'starting db while n1 is down',
  );
  pids.add(started.pid!);
  assert.equal(started.state, 'running');
  assert.equal(started.hostId, defined.hostId);
  await fleet.nats.startNode(n1!);
  await allHostsUp('n1 back');
});

test('two of three nats-servers stopped: changes refused with the reason, VMs keep running; back: nothing lost', async () => {
  const [, n2, n3] = fleet.nats.nodes;
  const running = await eventually(
    async () => {
      const list = (await vms('A')).filter((v) => v.state === 'running');
      return list.length === 2 ? list : undefined;
    },
    10_000,
    'web and db running, seen from A',
  );
  await fleet.nats.kill(n2!);
  await fleet.nats.kill(n3!);
  await assert.rejects(
    clients.A!.request('POST', '/vms', { spec: { name: 'late', machine: 'none' } }),
    (error: ApiError) => {
      assert.equal(error.status, 503);
      assert.equal(error.code, 'FLEET_UNAVAILABLE');
      assert.match(error.message, /quorum/);
      return true;
    },
  );
  const web = running.find((v) => v.name === 'web')!;
  await assert.rejects(clients.B!.request('POST', '/vms/web/stop'), (error: ApiError) => {
    assert.equal(error.code, 'FLEET_UNAVAILABLE');
    return true;
  });
  for (const v of running) assert.ok(isPidAlive(v.pid!), `${v.name} keeps running`);
  await fleet.nats.startNode(n2!);
  await fleet.nats.startNode(n3!);
  await eventually(
    () => clients.A!.request('POST', '/vms', { spec: { name: 'late', machine: 'none' } }),
    30_000,
    'a define once the quorum is back',
  );
  const after = await eventually(
    async () => {
      const list = await vms('C');
      return list.length === 3 ? list : undefined;
    },
    10_000,
    'three VMs seen from C',
  );
  assert.deepEqual(
    after.map((v) => v.name),
    ['db', 'late', 'web'],
  );
  await allHostsUp('the quorum back');
  // Nothing running twice: each running VM has one QEMU, on its own host.
  const qemus = running.map((v) => v.pid);
  assert.equal(new Set(qemus).size, qemus.length);
  assert.equal(after.find((v) => v.name === 'web')!.pid, web.pid);
});

test('HA: C killed, its watchdog fences its HA VM, which starts on another host after that', async () => {
  const c = fleet.hosts[2]!;
  await clients.A!.request('POST', '/vms', {
    spec: { name: 'ha1', machine: 'none' },
    host: 'C',
    ha: true,
  });
  // Right after the quorum test, a NATS server may still be recovering its JetStream.
  const started = await eventually(
    () => clients.A!.request<FleetVm>('POST', '/vms/ha1/start'),
    30_000,
    'starting ha1',
  );
  pids.add(started.pid!);
  assert.equal(started.host, 'C');
  // The first heartbeat stored with ha1 running starts the watchdog, and feeds
  // it ha1 right after; one more beat leaves no doubt it arrived.
  await eventually(
    () => (/fence watchdog started/.test(c.log) ? true : undefined),
    5_000,
    'the fence watchdog of C',
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await fleet.kill9(c);
  const killedAt = await eventually(
    () => (isPidAlive(started.pid!) ? undefined : Date.now()),
    DOWN_AFTER_MS,
    "C's HA QEMU fenced by its watchdog",
  );
  const moved = await eventually(
    async () => {
      const found = await vm('A', 'ha1');
      return found && found.host !== 'C' && found.state === 'running' ? found : undefined;
    },
    // The host that takes over acts only once its own heartbeats were stored for
    // a whole down window, which the quorum test just before may have restarted.
    2 * DOWN_AFTER_MS + 15_000,
    'ha1 running on another host',
  );
  pids.add(moved.pid!);
  assert.notEqual(moved.pid, started.pid);
  assert.ok(killedAt < (await startedAtMs(moved.pid!)), "C's copy gone before the new one started");
  // The daemon of C is back: it leaves ha1 where it runs now.
  await fleet.restart(c);
  clients.C = await fleet.client(c);
  const seen = await eventually(
    async () => {
      const found = await vm('C', 'ha1');
      return found?.state === 'running' ? found : undefined;
    },
    10_000,
    'ha1 seen running from C',
  );
  assert.equal(seen.host, moved.host);
  assert.equal(seen.pid, moved.pid);
  assert.deepEqual(await liveQemus('ha1'), [moved.pid]);
});

test('self-fencing: B cut off from NATS kills its HA VM before another host starts it', async () => {
  const b = fleet.hosts[1]!;
  const started: Record<string, FleetVm> = {};
  for (const [name, ha] of [
    ['fenced', true],
    ['steady', false],
  ] as const) {
    await clients.A!.request('POST', '/vms', { spec: { name, machine: 'none' }, host: 'B', ha });
    started[name] = await clients.A!.request<FleetVm>('POST', `/vms/${name}/start`);
    pids.add(started[name].pid!);
  }
  const { fenced, steady } = started as { fenced: FleetVm; steady: FleetVm };
  await b.relay!.sever();
  const cutAt = Date.now();
  const killedAt = await eventually(
    () => (isPidAlive(fenced.pid!) ? undefined : Date.now()),
    DOWN_AFTER_MS,
    'the HA QEMU on B fenced',
  );
  const fenceMs = killedAt - cutAt;
  assert.ok(fenceMs <= fenceAfterMs(DOWN_AFTER_MS) + 1_000, `fenced after ${fenceMs} ms`);
  await eventually(
    () => (/VM fenced fenced: no heartbeat stored for \d+ s/.test(b.log) ? true : undefined),
    5_000,
    "the fence in B's log",
  );
  const moved = await eventually(
    async () => {
      const found = await vm('A', 'fenced');
      return found && found.host !== 'B' && found.state === 'running' ? found : undefined;
    },
    2 * DOWN_AFTER_MS + 15_000,
    'fenced running on another host',
  );
  pids.add(moved.pid!);
  // Detected by polling, so killedAt is if anything later than the kill itself.
  const restartedAt = await startedAtMs(moved.pid!);
  assert.ok(
    killedAt < restartedAt,
    `B's copy gone at +${fenceMs} ms, the new one started at +${restartedAt - cutAt} ms`,
  );
  assert.ok(isPidAlive(steady.pid!), 'the VM without ha keeps running on B');
  console.log(
    `cut off: HA QEMU fenced after ${fenceMs} ms, started on ${moved.host} after ${Math.round(restartedAt - cutAt)} ms`,
  );
  // B back: it does not start its fenced copy again, since another host holds the VM now.
  await b.relay!.restore();
  await allHostsUp('B reconnected');
  await eventually(
    () => (/fenced VM fenced runs on/.test(b.log) ? true : undefined),
    2 * DOWN_AFTER_MS,
    "B's decision on its fenced VM",
  );
  assert.deepEqual(await liveQemus('fenced'), [moved.pid]);
  const seen = await eventually(
    async () => {
      const found = await vm('C', 'steady');
      return found?.state === 'running' ? found : undefined;
    },
    10_000,
    'steady seen running from C',
  );
  assert.equal(seen.pid, steady.pid);
  assert.deepEqual(await liveQemus('steady'), [steady.pid]);
});

test('the quorum lost longer than the fence: HA VMs fenced, then started again where they were', async () => {
  const before = (await vms('C')).filter((v) => v.state === 'running');
  const ha = before.filter((v) => v.ha);
  const others = before.filter((v) => !v.ha);
  assert.ok(ha.length > 0 && others.length > 0);
  const [, n2, n3] = fleet.nats.nodes;
  await fleet.nats.kill(n2!);
  await fleet.nats.kill(n3!);
  for (const v of ha)
    await eventually(
      () => (isPidAlive(v.pid!) ? undefined : true),
      DOWN_AFTER_MS,
      `${v.name} fenced on ${v.host}`,
    );
  for (const v of others) assert.ok(isPidAlive(v.pid!), `${v.name} keeps running`);
  await fleet.nats.startNode(n2!);
  await fleet.nats.startNode(n3!);
  await allHostsUp('the quorum back again');
  for (const v of ha) {
    // Each host decides on its fenced VMs once its beats were stored for a whole down window.
    const again = await eventually(
      async () => {
        const found = await vm('C', v.name);
        return found?.state === 'running' && found.pid !== v.pid ? found : undefined;
      },
      2 * DOWN_AFTER_MS + 10_000,
      `${v.name} running again`,
    );
    pids.add(again.pid!);
    assert.equal(again.host, v.host, `${v.name} started again on its own host`);
    assert.deepEqual(await liveQemus(v.name), [again.pid]);
  }
  for (const v of others) assert.deepEqual(await liveQemus(v.name), [v.pid]);
});

let source: FleetVm;

/** Once demo's migration to B is active: the pid of the QEMU waiting for it on B. */
const migrationUnderWay = (what: string) =>
  eventually(
    async () => {
      const { progress } = await clients.C!.request<{ progress: { status: string } | null }>(
        'GET',
        '/vms/demo/migration',
      );
      if (progress?.status !== 'active') return undefined;
      const onB = fleet.hosts[1]!.runtimeRoot;
      const pid = Number(await readFile(join(onB, 'demo', 'qemu.pid'), 'utf8'));
      return isPidAlive(pid) ? pid : undefined;
    },
    30_000,
    what,
  );

test('a migration cancelled through the API, then by Ctrl-C: the VM keeps running on its host, unchanged', async () => {
  const guest = await ensureDemoGuest();
  await clients.A!.request('POST', '/vms', { spec: demoGuestVmSpec(guest, 'demo'), host: 'A' });
  source = await clients.A!.request<FleetVm>('POST', '/vms/demo/start');
  pids.add(source.pid!);
  await agentAnswers(clients.C!, 'demo', 90_000);
  await writeMarker(clients.C!, 'still-me');
  assert.equal(
    await eventually(async () => (await readMarker(clients.C!)) || undefined, 10_000, 'marker'),
    'still-me',
  );
  // 1 MiB/s: the guest's RAM takes minutes to send, long enough to cancel.
  await clients.A!.qmp('demo', 'migrate-set-parameters', { 'max-bandwidth': 1 << 20 });
  const migration = clients.C!.request('POST', '/vms/demo/migrate', { to: 'B' });
  migration.catch(() => {});
  const waiting = await migrationUnderWay('the migration under way, a QEMU waiting on B');
  const cancel = await clients.C!.request<{ cancelled: boolean }>('DELETE', '/vms/demo/migration');
  assert.deepEqual(cancel, { cancelled: true });
  await assert.rejects(migration, (error: ApiError) => {
    assert.equal(error.status, 409);
    assert.equal(error.code, 'MIGRATION_CANCELLED');
    assert.match(error.message, /cancelled/);
    return true;
  });
  await eventually(
    () => (isPidAlive(waiting) ? undefined : true),
    10_000,
    'the waiting QEMU on B gone',
  );
  const after = (await vm('C', 'demo'))!;
  assert.equal(after.host, 'A');
  assert.equal(after.state, 'running');
  assert.equal(after.pid, source.pid);
  assert.equal(after.revision, source.revision, 'placement unchanged');
  const { progress } = await clients.C!.request<{ progress: unknown }>(
    'GET',
    '/vms/demo/migration',
  );
  assert.equal(progress, null);
  // Each action first rewrites the lock at the revision A holds: A still holds it.
  await clients.C!.request('POST', '/vms/demo/pause');
  await clients.C!.request('POST', '/vms/demo/resume');
  assert.equal(await readMarker(clients.C!), 'still-me');
  assert.deepEqual(await liveQemus('demo'), [source.pid]);

  // Ctrl-C in `qmon vm migrate` cancels the same way.
  const { token } = await clients.C!.createToken('ctrl-c');
  const config = await mkdtemp(join(tmpdir(), 'qmon-cli-'));
  const child = spawnQmon(
    ['--connect', fleet.hosts[2]!.url, 'vm', 'migrate', 'demo', '--to', 'B', '--json'],
    { QMON_TOKEN: token, XDG_CONFIG_HOME: config },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const waitingAgain = await migrationUnderWay('the CLI migration under way');
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /cancelled; it keeps running where it was/);
    await eventually(
      () => (isPidAlive(waitingAgain) ? undefined : true),
      10_000,
      'the waiting QEMU on B gone again',
    );
  } finally {
    child.kill('SIGKILL');
    await rm(config, { recursive: true, force: true });
  }
  assert.equal((await vm('C', 'demo'))!.host, 'A');
  assert.deepEqual(await liveQemus('demo'), [source.pid]);
  await clients.A!.qmp('demo', 'migrate-set-parameters', { 'max-bandwidth': 128 << 20 });
});

test('migrate the demo guest from A to B through C: the agent answers before and after', async () => {
  // Through the CLI, as an operator would: `qmon --connect C vm migrate demo --to B`.
  const { token } = await clients.C!.createToken('migrate');
  const hostUrl = (name: string) => fleet.hosts.find((host) => host.name === name)!.url;
  const config = await mkdtemp(join(tmpdir(), 'qmon-cli-'));
  const cli = await runQmon(
    ['--connect', hostUrl('C'), 'vm', 'migrate', 'demo', '--to', 'B', '--json'],
    { env: { QMON_TOKEN: token, XDG_CONFIG_HOME: config }, timeoutMs: 120_000 },
  ).finally(() => rm(config, { recursive: true, force: true }));
  assert.equal(cli.code, 0, cli.stderr);
  const lines = cli.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const { result } = lines.at(-1) as { result: { status: string; downtimeMs: number } };
  assert.equal(result.status, 'completed');
  assert.equal(typeof result.downtimeMs, 'number');
  let last: FleetVm | undefined;
  const moved = await eventually(
    async () => {
      last = await vm('C', 'demo');
      return last?.host === 'B' && last.state === 'running' ? last : undefined;
    },
    10_000,
    'demo running on B',
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`);
  });
  pids.add(moved.pid!);
  assert.notEqual(moved.pid, source.pid);
  await eventually(
    () => (isPidAlive(source.pid!) ? undefined : true),
    10_000,
    'the copy on A gone',
  );
  assert.equal(await readMarker(clients.A!), 'still-me');
  console.log(`demo guest migrated A to B: downtime ${result.downtimeMs} ms (QEMU's figure)`);
});

test("no NATS server refused a host a subject over the fleet's whole life", () => {
  assert.deepEqual(fleet.nats.violations, []);
});
