/**
 * A daemon joins a NATS server that demands TLS and per-host credentials:
 * with its user, password and the servers' CA it joins; with a wrong
 * password, or without the CA, it refuses to start and says why.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiClient } from '../../src/api-client/client.js';
import { startDaemon } from '../../src/daemon/daemon.js';
import { fleetExtension } from '../../src/fleet/join.js';
import { spawnServe, tempDirs } from '../daemon/support/daemon.js';
import { eventually } from './support/fleet.js';
import { freePort } from './support/nats-cluster.js';

let dirs: Awaited<ReturnType<typeof tempDirs>>;
let server: ChildProcess;
let url: string;
let ca: string;

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

before(async () => {
  dirs = await tempDirs();
  const dir = join(dirs.stateDir, '..');
  ca = join(dir, 'ca.pem');
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=qmon test CA',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
  );
  openssl(
    dir,
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    'server-key.pem',
    '-out',
    'server.csr',
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
  const port = await freePort();
  url = `tls://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'nats.conf'),
    `listen: 127.0.0.1:${port}
jetstream { store_dir: "${join(dir, 'js')}" }
tls { cert_file: "${join(dir, 'server.pem')}", key_file: "${join(dir, 'server-key.pem')}" }
authorization { users: [ { user: host1, password: "host1-secret" }, { user: host2, password: "host2-secret" } ] }
`,
  );
  server = spawn('nats-server', ['-c', join(dir, 'nats.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  server.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  await eventually(
    () => (/Server is ready/.test(log) ? true : undefined),
    10_000,
    'the TLS NATS server',
  );
});

after(async () => {
  server?.kill('SIGKILL');
  await dirs?.remove();
});

const join_ = (options: Record<string, unknown>) =>
  startDaemon({
    listen: '127.0.0.1:0',
    stateDir: dirs.stateDir,
    runtimeRoot: dirs.runtimeRoot,
    initAdmin: { name: 'admin', password: 'admin-password' },
    log: () => {},
    extend: fleetExtension({ servers: [url], hostName: 'h1', replicas: 1, ...options }),
  });

test('with its user, password and the CA, the host joins over TLS', async () => {
  const daemon = await join_({ user: 'host1', password: 'host1-secret', tlsCa: ca });
  try {
    const response = await fetch(`${daemon.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'admin', password: 'admin-password' }),
    });
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const hosts = (await (
      await fetch(`${daemon.url}/api/v1/hosts`, { headers: { cookie } })
    ).json()) as { name: string; up: boolean }[];
    assert.deepEqual(
      hosts.map((h) => [h.name, h.up]),
      [['h1', true]],
    );
  } finally {
    await daemon.close();
  }
});

test('a wrong password, or no CA for the server certificate: refused, saying why', async () => {
  await assert.rejects(join_({ user: 'host1', password: 'wrong', tlsCa: ca }), {
    code: 'FLEET_JOIN_FAILED',
    message: /could not join the fleet at tls:\/\/127\.0\.0\.1:\d+: .*(authorization|auth)/i,
  });
  await assert.rejects(join_({ user: 'host1', password: 'host1-secret' }), {
    code: 'FLEET_JOIN_FAILED',
    message: /certificate/i,
  });
});

test('qmon serve --fleet joins with the command line options and leaves on SIGTERM', async () => {
  const state = join(dirs.stateDir, '..', 'cli-state');
  const serve = await spawnServe(
    [
      '--listen',
      '127.0.0.1:0',
      '--state-dir',
      state,
      '--init-admin',
      'root',
      '--fleet',
      url,
      '--host-name',
      'h2',
      '--fleet-user',
      'host2',
      '--fleet-ca',
      ca,
      '--fleet-replicas',
      '1',
    ],
    {
      QMON_ADMIN_PASSWORD: 'root-password',
      QMON_FLEET_PASSWORD: 'host2-secret',
      QMON_RUNTIME_DIR: dirs.runtimeRoot,
    },
  );
  try {
    const client = new ApiClient({ baseUrl: serve.url });
    // The first test's host made `admin` fleet-wide; this host's `root` joined it.
    await client.login('root', 'root-password');
    const hosts = await client.request<{ name: string; up: boolean }[]>('GET', '/hosts');
    assert.deepEqual(
      hosts.filter((h) => h.up).map((h) => h.name),
      ['h2'],
    );
    assert.deepEqual(
      hosts.map((h) => h.name),
      ['h1', 'h2'],
    );
  } finally {
    serve.child.kill('SIGTERM');
    assert.equal(await serve.exited, 0);
  }
});
