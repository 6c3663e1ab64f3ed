/**
 * Per-host NATS users against a real nats-server 2.9: the host ids come from
 * `qmon serve --print-host-id`, the users from `qmon fleet
 * nats-authorization` (generated passwords, stored as bcrypt hashes). Two
 * daemons work together under them without one refused subject; host B's
 * credentials in a raw NATS client cannot act as host A.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection, nkeys } from '@nats-io/transport-node';
import { ApiClient } from '../../src/api-client/client.js';
import { type Daemon, startDaemon } from '../../src/daemon/daemon.js';
import { fleetExtension } from '../../src/fleet/join.js';
import { killQuietly, tempDirs } from '../daemon/support/daemon.js';
import { runQmon } from '../support/cli.js';
import { eventually } from './support/fleet.js';
import { freePort } from './support/nats-cluster.js';

type Dirs = Awaited<ReturnType<typeof tempDirs>>;
const dirs: Dirs[] = [];
let server: ChildProcess;
let serverLog = '';
let url: string;
const ids: Record<string, string> = {};
const passwords: Record<string, string> = {};
const daemons: Record<string, Daemon> = {};
const clients: Record<string, ApiClient> = {};
const pids = new Set<number>();

const violations = () => serverLog.split('\n').filter((line) => /Violation/.test(line));

async function hostId(stateDir: string): Promise<string> {
  const result = await runQmon(['serve', '--print-host-id', '--state-dir', stateDir]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

const joinFleet = (name: string, user: string, dir: Dirs) =>
  startDaemon({
    listen: '127.0.0.1:0',
    stateDir: dir.stateDir,
    runtimeRoot: dir.runtimeRoot,
    initAdmin: { name: 'admin', password: 'admin-password' },
    log: () => {},
    extend: fleetExtension({
      servers: [url],
      hostName: name,
      replicas: 1,
      user,
      password: passwords[user]!,
    }),
  });

before(async () => {
  for (let i = 0; i < 3; i++) dirs.push(await tempDirs());
  const [a, b] = dirs as [Dirs, Dirs];
  ids.A = await hostId(a.stateDir);
  assert.match(ids.A, /^[0-9a-f-]{36}$/);
  // Kept with the state folder: the same id the next time, and the daemon's.
  assert.equal(await hostId(a.stateDir), ids.A);
  ids.B = await hostId(b.stateDir);
  assert.notEqual(ids.B, ids.A);

  const made = await runQmon(['fleet', 'nats-authorization', `a:${ids.A}`, `b:${ids.B}`]);
  assert.equal(made.code, 0, made.stderr);
  for (const [, user, password] of made.stderr.matchAll(/password of (\w+): (\S+)/g))
    passwords[user!] = password!;
  assert.deepEqual(Object.keys(passwords).sort(), ['a', 'b']);
  // The config holds hashes only.
  assert.match(made.stdout, /password: "\$2b\$11\$/);
  assert.doesNotMatch(made.stdout, new RegExp(passwords.a!));

  const port = await freePort();
  url = `nats://127.0.0.1:${port}`;
  const conf = join(a.stateDir, '..', 'nats.conf');
  await writeFile(
    conf,
    `listen: 127.0.0.1:${port}\njetstream { store_dir: "${join(a.stateDir, '..', 'js')}" }\n${made.stdout}`,
  );
  server = spawn('nats-server', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderr!.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });
  await eventually(
    () => (/Server is ready/.test(serverLog) ? true : undefined),
    10_000,
    `the NATS server: ${serverLog}`,
  );
  daemons.A = await joinFleet('A', 'a', a);
  daemons.B = await joinFleet('B', 'b', b);
  for (const name of ['A', 'B']) {
    clients[name] = new ApiClient({ baseUrl: daemons[name]!.url, timeout: 60_000 });
    await clients[name].login('admin', 'admin-password');
  }
});

after(async () => {
  for (const pid of pids) killQuietly(pid);
  for (const daemon of Object.values(daemons)) await daemon.close().catch(() => {});
  server?.kill('SIGKILL');
  for (const dir of dirs) await dir.remove();
});

test('two hosts work together under their own users, no subject refused', async () => {
  await eventually(
    async () => {
      const hosts = await clients.A!.request<{ name: string; up: boolean }[]>('GET', '/hosts');
      return hosts.filter((h) => h.up).length === 2 ? true : undefined;
    },
    10_000,
    'A and B up as seen from A',
  );
  await clients.A!.request('POST', '/vms', { spec: { name: 'perm', machine: 'none' }, host: 'B' });
  // Forwarded by A to B's call subject; B publishes its VM's events and audit, writes its lock.
  const started = await clients.A!.request<{ state: string; pid: number; hostId: string }>(
    'POST',
    '/vms/perm/start',
  );
  pids.add(started.pid);
  assert.equal(started.state, 'running');
  assert.equal(started.hostId, ids.B);
  const status = (await clients.A!.qmp('perm', 'query-status')) as { status: string };
  assert.equal(status.status, 'running');
  // B's events and audit entries reached the fleet's streams, which A reads.
  const events = await eventually(
    async () => {
      const all = await clients.A!.request<{ host: string; name: string }[]>(
        'GET',
        '/fleet/events',
      );
      return all.some((e) => e.host === 'B') ? all : undefined;
    },
    10_000,
    "B's events in the fleet's stream",
  );
  assert.ok(events.length > 0);
  const audit = await clients.A!.request<{ host: string }[]>('GET', '/fleet/audit');
  assert.ok(audit.some((entry) => entry.host === 'B'));
  // The stop releases the lock, as does QEMU's exit a moment later: both must succeed.
  const stopped = await clients.A!.request<{ state: string }>('POST', '/vms/perm/kill');
  assert.notEqual(stopped.state, 'running');
  const again = await clients.A!.request<{ state: string; pid: number }>('POST', '/vms/perm/start');
  pids.add(again.pid);
  assert.equal(again.state, 'running');
  assert.deepEqual(violations(), []);
});

async function asB(): Promise<NatsConnection> {
  return connect({ servers: url, user: 'b', pass: passwords.b!, inboxPrefix: `_INBOX.${ids.B}` });
}

/** The error the server sends when it refuses `nc` a subscription to `subject`. */
async function refusedSubscription(nc: NatsConnection, subject: string): Promise<Error> {
  const refused = new Promise<Error>((resolve) => {
    nc.subscribe(subject, {
      callback: (error) => {
        if (error) resolve(error);
      },
    });
  });
  await nc.flush();
  return refused;
}

test("B's credentials cannot take A's calls or replies, nor publish as A", async () => {
  const nc = await asB();
  try {
    // Nor A's replies (a call's answer carries the VM's data), nor everything.
    for (const subject of [`qmon.host.${ids.A}.call`, `_INBOX.${ids.A}.>`, '_INBOX.>', '>']) {
      const error = await refusedSubscription(nc, subject);
      assert.equal(error.name, 'PermissionViolationError');
      assert.equal(error.message, `Permissions Violation for Subscription to "${subject}"`);
    }

    const js = jetstream(nc, { timeout: 5_000 });
    for (const subject of [
      `qmon.events.${ids.A}.some-vm`,
      `qmon.audit.${ids.A}`,
      `$KV.qmon-hosts.${ids.A}`,
    ])
      await assert.rejects(js.publish(subject, '{}'), {
        message: new RegExp(
          `Permissions Violation for Publish to "${subject.replaceAll('$', '\\$')}"`,
        ),
      });
    // B's own subjects are open to it: the refusals above are about A, not JetStream.
    const own = await js.publish(`qmon.events.${ids.B}.some-vm`, '{}');
    assert.equal(own.stream, 'QMON_EVENTS');
  } finally {
    await nc.close();
  }
  assert.ok(violations().some((line) => line.includes(`qmon.host.${ids.A}.call`)));
});

test("a daemon whose NATS user is another host's does not join, saying which id to allow", async () => {
  const c = dirs[2]!;
  const idC = await hostId(c.stateDir);
  await assert.rejects(joinFleet('C', 'b', c), {
    code: 'FLEET_JOIN_FAILED',
    message: new RegExp(`Permissions Violation.*permissions of host id ${idC}`),
  });
});

test("a host's watcher of a big bucket gets every key: its flow control is allowed", async () => {
  const nc = await asB();
  try {
    const kv = await new Kvm(nc).open('qmon-vm-states');
    // About 4 MB: past what the server sends a push consumer before it asks for flow control.
    const record = JSON.stringify({ host: ids.B, state: 'stopped', pad: 'x'.repeat(4000) });
    const keys = Array.from({ length: 1000 }, (_, i) => `filler.${i}`);
    await Promise.all(keys.map((key) => kv.put(key, record)));
    const watcher = await kv.watch({ key: 'filler.>' });
    const seen = new Set<string>();
    const timer = setTimeout(() => watcher.stop(), 20_000);
    for await (const entry of watcher) {
      seen.add(entry.key);
      if (seen.size === keys.length) break;
    }
    clearTimeout(timer);
    assert.equal(seen.size, keys.length);
  } finally {
    await nc.close();
  }
});

test('nats-authorization takes nkeys and kept hashes, and refuses a bad host list before making a password', async () => {
  const nkey = nkeys.createUser().getPublicKey();
  const kept = '$2b$11$eFXzY6wPc9tVk0.7VmChAeMQA36algItElNC29jQOnq8/v5Jr6GdS';
  const made = await runQmon([
    'fleet',
    'nats-authorization',
    `a:${ids.A}:${nkey}`,
    `b:${ids.B}:${kept}`,
  ]);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, new RegExp(`\\{ nkey: "${nkey}",`));
  assert.ok(made.stdout.includes(`{ user: "b", password: "${kept}",`));
  assert.equal(made.stderr, '');
  for (const hosts of [
    [`a:${ids.A}`, `a:${ids.B}`],
    [`a:${ids.A}`, `b:${ids.A}`],
    ['a:one.two'],
    [`a:${ids.A}:plain-password`],
    ['a'],
  ]) {
    const refused = await runQmon(['fleet', 'nats-authorization', ...hosts]);
    assert.equal(refused.code, 2, `${hosts.join(' ')}: ${refused.stderr}`);
    assert.doesNotMatch(refused.stderr, /password of|plain-password/);
    assert.equal(refused.stdout, '');
  }
});

test('qmon serve takes one kind of NATS credentials', async () => {
  const result = await runQmon([
    'serve',
    '--fleet',
    url,
    '--fleet-user',
    'a',
    '--fleet-nkey',
    join(dirs[0]!.stateDir, 'none.nk'),
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--fleet-creds, --fleet-nkey and --fleet-user: give one of them/);
});
