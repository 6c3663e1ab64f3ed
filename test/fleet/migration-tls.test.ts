/**
 * Live migration over TCP with TLS between two daemons of a fleet whose NATS
 * server demands client certificates: each host's fleet pair authenticates
 * its QEMU's migration stream. A destination waiting for a migration lets
 * nobody in (a plain TCP client, a TLS client of another CA), and no TCP
 * listener outlives the migration or its cancel.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { connect as tlsConnect } from 'node:tls';
import { connect as natsConnect } from '@nats-io/transport-node';
import { ApiClient, type ApiError } from '../../src/api-client/client.js';
import { type Daemon, startDaemon } from '../../src/daemon/daemon.js';
import { fleetExtension } from '../../src/fleet/join.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { QmpClient } from '../../src/qmp/qmp-client.js';
import { agentAnswers, killQuietly } from '../daemon/support/daemon.js';
import { shareWithQemu } from '../launch/support.js';
import { issueHostCertificate, makeTestPki, type TestPki } from '../mux/certificates.js';
import { eventually } from './support/fleet.js';
import { readMarker, writeMarker } from './support/guest-marker.js';
import { freePort } from './support/nats-cluster.js';

interface Host {
  name: string;
  id: string;
  runtimeRoot: string;
  daemon: Daemon;
  client: ApiClient;
  pair: { cert: string; key: string };
}
interface FleetVm {
  id: string;
  name: string;
  host: string;
  state: string;
  pid: number | null;
  revision: number;
}

let dir: string;
let pki: TestPki;
let nats: ChildProcess;
let natsUrl: string;
const hosts: Record<string, Host> = {};
const pids = new Set<number>();

/** The ports of the TCP sockets listening in /proc/net/tcp{,6}, with their inodes. */
function tcpListeners(): { port: number; inode: string }[] {
  const found: { port: number; inode: string }[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== '0A') continue; // TCP_LISTEN
      found.push({ port: Number.parseInt(fields[1]!.split(':')[1]!, 16), inode: fields[9]! });
    }
  }
  return found;
}

/** The TCP ports process `pid` listens on. */
function listeningPortsOf(pid: number): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    const link = (() => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    })();
    const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
    if (inode) inodes.add(inode);
  }
  return tcpListeners()
    .filter((entry) => inodes.has(entry.inode))
    .map((entry) => entry.port);
}

const isListening = (port: number) => tcpListeners().some((entry) => entry.port === port);

async function qemuPid(host: Host): Promise<number> {
  return Number(await readFile(join(host.runtimeRoot, 'demo', 'qemu.pid'), 'utf8'));
}

const credsDir = (host: Host) => join(host.runtimeRoot, 'demo', 'migration-tls');

async function startNats(): Promise<void> {
  const port = await freePort();
  natsUrl = `tls://127.0.0.1:${port}`;
  const conf = join(dir, 'nats.conf');
  const server = join(dir, 'pki', 'server');
  await writeFile(
    conf,
    `listen: 127.0.0.1:${port}
jetstream { store_dir: "${join(dir, 'js')}" }
tls { cert_file: "${join(server, 'server-cert.pem')}", key_file: "${join(server, 'server-key.pem')}",
      ca_file: "${pki.ca}", verify: true }
`,
  );
  nats = spawn('nats-server', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  nats.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  await eventually(() => (/Server is ready/.test(log) ? true : undefined), 10_000, 'NATS');
}

async function startHost(name: string, address?: string): Promise<void> {
  await mkdir(join(dir, name));
  await shareWithQemu(join(dir, name));
  const pair = issueHostCertificate(join(dir, 'pki'), `host-${name}`);
  const runtimeRoot = join(dir, name, 'run');
  const daemon = await startDaemon({
    listen: '127.0.0.1:0',
    stateDir: join(dir, name, 'state'),
    runtimeRoot,
    initAdmin: { name: 'admin', password: 'admin-password' },
    log: () => {},
    extend: fleetExtension({
      servers: [natsUrl],
      hostName: name,
      replicas: 1,
      tlsCa: pki.ca,
      tlsCert: pair.cert,
      tlsKey: pair.key,
      ...(address ? { address } : {}),
    }),
  });
  const client = new ApiClient({ baseUrl: daemon.url, timeout: 120_000 });
  await client.login('admin', 'admin-password');
  hosts[name] = { name, id: '', runtimeRoot, daemon, client, pair };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qmt-'));
  await shareWithQemu(dir);
  await mkdir(join(dir, 'pki'));
  pki = makeTestPki(join(dir, 'pki'));
  await startNats();
  // A derives its address from its certificate (IP:127.0.0.1 first); B is given a name its
  // certificate carries, which its QEMU listens on as B resolves it.
  await startHost('A');
  await startHost('B', 'localhost');
  const listed = await hosts.A!.client.request<{ id: string; name: string }[]>('GET', '/hosts');
  for (const h of listed) hosts[h.name]!.id = h.id;
  const guest = await ensureDemoGuest();
  const a = hosts.A!.client;
  await a.request('POST', '/vms', { spec: demoGuestVmSpec(guest, 'demo'), host: 'A' });
  const started = await a.request<FleetVm>('POST', '/vms/demo/start');
  pids.add(started.pid!);
  await agentAnswers(a, 'demo', 90_000);
  await writeMarker(a, 'still-me');
});

after(async () => {
  for (const host of Object.values(hosts)) await host.daemon.close().catch(() => {});
  for (const pid of pids) killQuietly(pid);
  for (const host of Object.values(hosts)) {
    const pid = await qemuPid(host).catch(() => 0);
    if (pid > 0) killQuietly(pid);
  }
  nats?.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const vm = async (via: Host) =>
  (await via.client.request<FleetVm[]>('GET', '/vms')).find((v) => v.name === 'demo')!;

test('each host publishes its migration address: the one its certificate names', async () => {
  const listed = await hosts.A!.client.request<
    { id: string; name: string; migrationAddress?: string }[]
  >('GET', '/hosts');
  assert.deepEqual(
    listed.map((h) => [h.name, h.migrationAddress]),
    [
      ['A', '127.0.0.1'],
      ['B', 'localhost'],
    ],
  );
});

/** Connects, sends `hello`, and resolves once the peer closed (what it sent, if anything). */
function probe(socket: Socket, hello: string): Promise<{ received: number; error?: string }> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let error: string | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the destination kept the probe open for 20 s'));
    }, 20_000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.on('error', (failure: Error) => {
      error = failure.message;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, ...(error ? { error } : {}) });
    });
    socket.write(hello);
  });
}

test('a destination waiting for a TLS migration lets nobody in, and stays waiting', async () => {
  const a = hosts.A!;
  const b = hosts.B!;
  const vmId = (await vm(a)).id;
  // What host A sends host B to start a migration, over NATS with A's own certificate.
  const nc = await natsConnect({
    servers: [natsUrl],
    tls: { caFile: pki.ca, certFile: a.pair.cert, keyFile: a.pair.key },
  });
  const call = async (route: string) => {
    const reply = await nc.request(
      `qmon.host.${b.id}.call`,
      JSON.stringify({
        route,
        params: { id: vmId, from: a.id, transport: 'tls' },
        query: {},
        principal: { userId: '', name: 'qmon', role: 'admin', via: 'token' },
      }),
      { timeout: 60_000 },
    );
    const answer = reply.json<{ ok?: unknown; error?: { message: string } }>();
    if (answer.error) throw new Error(answer.error.message);
    return answer.ok;
  };
  try {
    const { uri } = (await call('MIGRATE-IN prepare')) as { uri: string };
    const [, bracketed, bare, text] = /^tcp:(?:\[(::1)\]|(127\.0\.0\.1)):(\d+)$/.exec(uri) ?? [];
    const host = bracketed ?? bare!;
    const port = Number(text);
    assert.ok(port > 0, uri);
    const waiting = await qemuPid(b);
    pids.add(waiting);
    assert.deepEqual(listeningPortsOf(waiting), [port], "the waiting QEMU's one TCP listener");

    // QEMU's private copy of B's credentials: its group may read, nobody else.
    const vmDir = await stat(join(b.runtimeRoot, 'demo'));
    const folder = await stat(credsDir(b));
    assert.equal(folder.mode & 0o777, 0o750);
    assert.equal(folder.gid, vmDir.gid);
    assert.deepEqual(readdirSync(credsDir(b)).sort(), [
      'ca-cert.pem',
      'server-cert.pem',
      'server-key.pem',
    ]);
    const key = await stat(join(credsDir(b), 'server-key.pem'));
    assert.equal(key.mode & 0o777, 0o640);
    assert.equal(key.gid, vmDir.gid);

    // A plain TCP client writing what could be a migration stream: QEMU's TLS refuses it.
    const plain = await probe(
      netConnect({ host, port }),
      'QEVM\x00\x00\x00\x03 not a TLS hello\r\n',
    );
    // A TLS client whose certificate another CA signed: refused by verify-peer.
    const stranger = await probe(
      tlsConnect({
        host,
        port,
        ca: readFileSync(pki.ca),
        cert: readFileSync(pki.stranger.cert),
        key: readFileSync(pki.stranger.key),
        checkServerIdentity: () => undefined,
      }),
      'QEVM',
    );
    console.log(`plain client: ${JSON.stringify(plain)}; stranger: ${JSON.stringify(stranger)}`);
    // gnutls may answer with an alert record (7 bytes), never with data.
    assert.ok(plain.received <= 7, `the plain client got ${plain.received} bytes`);
    assert.ok(stranger.received === 0, `the stranger got ${stranger.received} bytes`);

    // QEMU says why: no TLS at all, and a certificate the fleet's CA did not sign.
    const log = await readFile(join(b.runtimeRoot, 'demo', 'qemu.log'), 'utf8');
    assert.match(log, /TLS handshake failed/);
    assert.match(log, /certificate hasn't got a known issuer/);
    // Still waiting, undisturbed: the same QEMU, the same listener, no failed migration.
    assert.ok(isPidAlive(waiting), 'the waiting QEMU is alive');
    assert.deepEqual(listeningPortsOf(waiting), [port]);
    const qmp = await QmpClient.connect(join(b.runtimeRoot, 'demo', 'mux.sock'));
    try {
      const info = await qmp.execute('query-migrate');
      assert.notEqual(info.status, 'failed');
      assert.notEqual(info.status, 'completed');
    } finally {
      await qmp.close();
    }

    // The control: a certificate of the fleet's CA gets in, and is kept (until the abort).
    const member = tlsConnect({
      host,
      port,
      ca: readFileSync(pki.ca),
      cert: readFileSync(a.pair.cert),
      key: readFileSync(a.pair.key),
      servername: 'localhost',
    });
    const memberClosed = new Promise<void>((resolve) => member.once('close', () => resolve()));
    member.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      member.once('secureConnect', () => resolve());
      member.once('close', () => reject(new Error('the fleet member was refused')));
    });
    assert.equal(member.authorized, true, "B's QEMU shows B's certificate");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal(member.closed, false, 'the fleet member is still connected');

    // What the source does when its side fails or is cancelled: the waiting QEMU goes.
    await call('MIGRATE-IN abort');
    await memberClosed;
    await eventually(() => (isPidAlive(waiting) ? undefined : true), 10_000, 'B waiting no more');
    assert.equal(isListening(port), false, 'no listener left on the port');
    await eventually(
      () =>
        stat(credsDir(b)).then(
          () => undefined,
          () => true,
        ),
      10_000,
      "B's copy of its credentials removed",
    );
  } finally {
    await nc.close();
  }
  // The source never knew: its VM runs where it was.
  const still = await vm(a);
  assert.equal(still.host, a.name);
  assert.equal(still.state, 'running');
});

test('a TLS migration cancelled: no listener left, the source without TLS again', async () => {
  const a = hosts.A!;
  const b = hosts.B!;
  const before = await vm(a);
  // 1 MiB/s: the guest's RAM takes minutes to send, long enough to cancel.
  await a.client.qmp('demo', 'migrate-set-parameters', { 'max-bandwidth': 1 << 20 });
  const migration = a.client.request('POST', '/vms/demo/migrate', { to: 'B' });
  migration.catch(() => {});
  const { waiting, port } = await eventually(
    async () => {
      const { progress } = await a.client.request<{ progress: { status: string } | null }>(
        'GET',
        '/vms/demo/migration',
      );
      if (progress?.status !== 'active') return undefined;
      const pid = await qemuPid(b);
      const [listening] = listeningPortsOf(pid);
      return listening ? { waiting: pid, port: listening } : undefined;
    },
    30_000,
    'the migration under way, a QEMU waiting on B',
  );
  pids.add(waiting);
  const sourceKey = await stat(join(credsDir(a), 'client-key.pem'));
  assert.equal(sourceKey.mode & 0o777, 0o640);
  assert.equal(
    ((await a.client.qmp('demo', 'query-migrate-parameters')) as { 'tls-creds': string })[
      'tls-creds'
    ],
    'qmon-migration-tls',
  );
  await a.client.request('DELETE', '/vms/demo/migration');
  await assert.rejects(migration, (error: ApiError) => error.code === 'MIGRATION_CANCELLED');
  await eventually(() => (isPidAlive(waiting) ? undefined : true), 10_000, 'B waiting no more');
  assert.equal(isListening(port), false, 'no listener left on the port');
  const parameters = (await a.client.qmp('demo', 'query-migrate-parameters')) as Record<
    string,
    unknown
  >;
  assert.equal(parameters['tls-creds'], '');
  await assert.rejects(stat(credsDir(a)), { code: 'ENOENT' });
  const after = await vm(a);
  assert.equal(after.host, a.name);
  assert.equal(after.pid, before.pid);
  assert.equal(after.revision, before.revision);
  await a.client.qmp('demo', 'migrate-set-parameters', { 'max-bandwidth': 128 << 20 });
});

test('the demo guest migrates from A to B over TLS: it runs on, its agent answers on B', async () => {
  const a = hosts.A!;
  const b = hosts.B!;
  const source = await vm(a);
  const result = await b.client.request<{ status: string; downtimeMs: number }>(
    'POST',
    '/vms/demo/migrate',
    { to: 'B' },
  );
  assert.equal(result.status, 'completed');
  assert.equal(typeof result.downtimeMs, 'number');
  const moved = await eventually(
    async () => {
      const now = await vm(a);
      return now.host === b.name && now.state === 'running' ? now : undefined;
    },
    10_000,
    'demo running on B',
  );
  pids.add(moved.pid!);
  assert.notEqual(moved.pid, source.pid);
  assert.equal(await readMarker(a.client), 'still-me', 'the guest kept its state');
  assert.deepEqual(listeningPortsOf(moved.pid!), [], 'no TCP listener left in the VM on B');
  await eventually(
    () => (isPidAlive(source.pid!) ? undefined : true),
    10_000,
    'the copy on A gone',
  );
  for (const host of [a, b])
    await assert.rejects(stat(credsDir(host)), { code: 'ENOENT' }, `${host.name}'s copy gone`);
  console.log(
    `demo guest migrated A to B over TLS: downtime ${result.downtimeMs} ms (QEMU's figure)`,
  );
});
