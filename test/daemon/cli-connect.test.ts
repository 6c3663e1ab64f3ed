/**
 * The `qmon` command against a real daemon over https (its self-signed
 * certificate pinned, or trusted through --ca): login and logout, VM verbs,
 * exec, agent, events and `vm list --long` through the API, and a kill asked
 * for by a user that the daemon must not take for a crash.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../../src/api-client/client.js';
import { httpsFetch } from '../../src/cli/daemon/https-fetch.js';
import { type Daemon, startDaemon } from '../../src/daemon/daemon.js';
import { selfSignedTls } from '../../src/daemon/tls.js';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { demoGuestVmSpec } from '../../src/launch/demo-vm-spec.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { type CliResult, runQmon } from '../support/cli.js';
import { runOnPty } from '../support/pty.js';
import { ADMIN, eventually, killQuietly, tempDirs } from './support/daemon.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));

let dirs: Awaited<ReturnType<typeof tempDirs>>;
let config: string;
let daemon: Daemon;
let admin: ApiClient;
let fingerprint: string;
let certPath: string;
const pids: number[] = [];
const daemonLog: string[] = [];

/** The environment of a `qmon` run: this test's config folder, the daemon's runtime root. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: config,
    QMON_RUNTIME_DIR: dirs.runtimeRoot,
    QMON_CONNECT: daemon.url,
    ...extra,
  };
}

function qmon(
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<CliResult> {
  return runQmon(args, {
    env: env(options.env),
    timeoutMs: options.timeoutMs ?? 30_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}

function ok(result: CliResult): CliResult {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stderr}`);
  return result;
}

before(async () => {
  dirs = await tempDirs();
  config = await mkdtemp(join(tmpdir(), 'qcfg-'));
  const tls = await selfSignedTls(join(dirs.stateDir, '..', 'tls-source'), ['127.0.0.1']);
  certPath = tls.certPath;
  daemon = await startDaemon({
    listen: '127.0.0.1:0',
    stateDir: dirs.stateDir,
    runtimeRoot: dirs.runtimeRoot,
    tlsCert: tls.certPath,
    tlsKey: join(tls.certPath, '..', 'key.pem'),
    initAdmin: ADMIN,
    log: (message) => daemonLog.push(message),
  });
  const { X509Certificate } = await import('node:crypto');
  fingerprint = new X509Certificate(tls.cert).fingerprint256;
  admin = new ApiClient({ baseUrl: daemon.url, fetch: httpsFetch({ ca: tls.cert.toString() }) });
  await admin.login(ADMIN.name, ADMIN.password);
  await admin.defineVm({
    spec: { name: 'small', machine: 'none' },
    restart: { policy: 'on-crash', backoffMs: 100, maxRetries: 5 },
  });
});

after(async () => {
  for (const pid of pids) killQuietly(pid);
  await admin?.bulkAction('kill', ['small', 'demo']).catch(() => {});
  await daemon?.close();
  await dirs?.remove();
  await rm(config, { recursive: true, force: true });
});

test('login refuses a certificate that is not the one named, then pins the right one', async () => {
  const wrong = await qmon(
    ['login', '--user', 'admin', '--password-stdin', '--fingerprint', '00'.repeat(32)],
    { input: ADMIN.password },
  );
  assert.equal(wrong.code, 125);
  assert.match(wrong.stderr, /presented a certificate with fingerprint .*not logged in/);
  await assert.rejects(stat(join(config, 'qmon', 'credentials.json')), { code: 'ENOENT' });

  // The daemon logs the fingerprint that a user compares before pinning.
  assert.ok(
    daemonLog.includes(`TLS certificate SHA-256 fingerprint: ${fingerprint}`),
    daemonLog.join('\n'),
  );
  const login = ok(
    await qmon(['login', '--user', 'admin', '--password-stdin', '--fingerprint', fingerprint], {
      input: `${ADMIN.password}\n`,
    }),
  );
  assert.equal(login.stdout, `logged in to ${daemon.url} as admin (admin)\n`);
  const file = join(config, 'qmon', 'credentials.json');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(join(config, 'qmon'))).mode & 0o777, 0o700);
  const stored = JSON.parse(await readFile(file, 'utf8'));
  const entry = stored.daemons[daemon.url];
  assert.match(entry.token, /^qmon_/);
  assert.equal(entry.tls.fingerprint, fingerprint);
  assert.ok(!JSON.stringify(stored).includes(ADMIN.password));
  // The stored token is a real one, and the login session is gone (only the token remains).
  assert.deepEqual(
    (await admin.listTokens()).map((token) => token.id),
    [entry.tokenId],
  );

  // The pin holds: a certificate other than the pinned one is refused, token unsent.
  const tampered = structuredClone(stored);
  // Another first byte (a fixed one would match the real fingerprint once in 256 runs).
  const other = fingerprint.startsWith('AB') ? 'CD' : 'AB';
  tampered.daemons[daemon.url].tls.fingerprint = `${other}${fingerprint.slice(2)}`;
  await writeFile(file, JSON.stringify(tampered));
  const refused = await qmon(['vm', 'list']);
  assert.equal(refused.code, 125);
  assert.match(refused.stderr, /certificate changed/);
  await writeFile(file, JSON.stringify(stored), { mode: 0o600 });
  ok(await qmon(['vm', 'list']));
});

test('the password prompt does not echo; --ca trusts the daemon through a CA file', async () => {
  const other = await mkdtemp(join(tmpdir(), 'qcfg-'));
  try {
    const pty = runOnPty(
      [process.execPath, QMON, 'login', daemon.url, '--user', 'admin', '--ca', certPath],
      { XDG_CONFIG_HOME: other, QMON_CONNECT: '' },
    );
    await pty.waitFor(/password for admin at https:\/\/127\.0\.0\.1:\d+: $/);
    pty.type(`${ADMIN.password}\r`);
    assert.equal(await pty.exited, 0, pty.text());
    assert.match(pty.text(), /logged in to https:\/\/127\.0\.0\.1:\d+ as admin \(admin\)/);
    assert.ok(!pty.text().includes(ADMIN.password), pty.text());
    const stored = JSON.parse(await readFile(join(other, 'qmon', 'credentials.json'), 'utf8'));
    assert.equal(stored.daemons[daemon.url].tls.fingerprint, undefined);
    const list = await runQmon(['--connect', daemon.url, 'vm', 'list'], {
      env: { XDG_CONFIG_HOME: other },
    });
    assert.equal(list.code, 0, list.stderr);
    ok(await runQmon(['logout', daemon.url], { env: { XDG_CONFIG_HOME: other } }));
  } finally {
    await rm(other, { recursive: true, force: true });
  }
});

test('VM verbs, exec, exec --hmp and events go through the daemon', async () => {
  const started = ok(await qmon(['vm', 'start', 'small']));
  assert.match(started.stdout, /^started small \(pid \d+\)\n$/);
  pids.push((await admin.getVm('small')).pid!);
  assert.match(
    ok(await qmon(['vm', 'list'])).stdout,
    /^NAME +STATE +PID +UP\nsmall +running +\d+ +\d+ s\n$/,
  );

  // Without --connect a verb by name reaches the same QEMU through the daemon's mux.sock.
  assert.deepEqual(
    JSON.parse(
      ok(
        await qmon(['exec', 'small', 'query-name', '--return-value'], {
          env: { QMON_CONNECT: '' },
        }),
      ).stdout,
    ),
    { name: 'small' },
  );
  // A watcher of STOP, then the pause that makes one.
  const watcher = spawn(
    process.execPath,
    [QMON, 'events', 'small', '--event', 'STOP', '--json', '--timeout', '30'],
    { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let watcherErr = '';
  watcher.stderr.setEncoding('utf8').on('data', (text: string) => {
    watcherErr += text;
  });
  let watcherOut = '';
  watcher.stdout.setEncoding('utf8').on('data', (text: string) => {
    watcherOut += text;
  });
  const watcherCode = new Promise<number | null>((resolve) => watcher.on('close', resolve));
  await eventually(
    async () => (watcherErr.includes('watching events of small') ? true : undefined),
    20_000,
    'the watcher',
  );
  assert.equal(ok(await qmon(['vm', 'pause', 'small'])).stdout, 'small: paused\n');
  assert.deepEqual(
    JSON.parse(ok(await qmon(['exec', 'small', 'query-status', '--return-value'])).stdout),
    { status: 'paused', singlestep: false, running: false },
  );
  assert.equal(ok(await qmon(['vm', 'resume', 'small'])).stdout, 'small: running\n');
  assert.match(
    ok(await qmon(['exec', 'small', '--hmp', 'info', 'status'])).stdout,
    /VM status: running/,
  );
  // qmp-shell style words, typed by the VM's own schema.
  assert.equal(
    JSON.parse(
      ok(
        await qmon([
          'exec',
          'small',
          'qom-get',
          'path=/machine',
          'property=type',
          '--return-value',
        ]),
      ).stdout,
    ),
    'none-machine',
  );
  assert.equal(ok(await qmon(['vm', 'reset', 'small'])).stdout, 'small: reset\n');
  assert.equal(await watcherCode, 0, watcherErr);
  const stopEvent = JSON.parse(watcherOut);
  assert.equal(stopEvent.event, 'STOP');
  assert.ok(stopEvent.timestamp.seconds > 0);
  await admin.vmAction('small', 'stop');
  assert.equal(
    ok(await qmon(['vm', 'status', 'small'])).stdout.match(/^state: +(\w+)/m)?.[1],
    'exited',
  );
});

test('a verb that has no daemon form says so; without a login there is no token', async () => {
  const snapshot = await qmon(['vm', 'snapshot', 'list', 'small']);
  assert.equal(snapshot.code, 2);
  assert.match(snapshot.stderr, /qmon vm snapshot list does not work through a daemon/);
  const plain = await qmon(
    ['login', 'http://192.0.2.1:8480', '--user', 'admin', '--password-stdin'],
    { input: ADMIN.password },
  );
  assert.equal(plain.code, 2);
  assert.match(plain.stderr, /plain http only to this machine/);
  const stranger = await runQmon(['--connect', daemon.url, 'vm', 'list'], {
    env: { XDG_CONFIG_HOME: join(config, 'nobody') },
  });
  assert.equal(stranger.code, 125);
  assert.match(stranger.stderr, /not logged in to https:\/\/127\.0\.0\.1:\d+: run qmon login/);
});

test('vm list --long: vCPUs, CPU, memory, and the OS and addresses from the agent, locally and through the daemon', async () => {
  const guest = await ensureDemoGuest();
  await admin.defineVm({ spec: demoGuestVmSpec(guest, 'demo', { cpus: 2 }) });
  pids.push((await admin.vmAction('demo', 'start')).pid!);
  const local = { QMON_CONNECT: '' };
  // Locally the listing asks the agent itself: the daemon has not opened it yet.
  await eventually(
    async () =>
      (await qmon(['agent', 'ping', 'demo'], { env: local })).code === 0 ? true : undefined,
    120_000,
    'the guest agent',
  );
  const here = JSON.parse(
    ok(await qmon(['vm', 'list', '--long', '--json'], { env: local })).stdout,
  );
  const demoHere = here.find((vm: { name: string }) => vm.name === 'demo');
  assert.equal(demoHere.cpus, 2);
  assert.equal(demoHere.memoryMiB, 256);
  assert.ok(demoHere.rssBytes > 50 * 1024 * 1024, String(demoHere.rssBytes));
  assert.equal(typeof demoHere.cpuUsage, 'number');
  assert.match(demoHere.guest.os, /Linux|Debian/);
  // The guest sets 10.0.2.15 itself; an IPv6 address from QEMU's router may join it.
  assert.ok(demoHere.guest.addresses.includes('10.0.2.15'), demoHere.guest.addresses.join());

  // Through the daemon: the same facts, from the daemon's own agent client.
  ok(await qmon(['agent', 'demo', 'guest-ping']));
  const there = JSON.parse(ok(await qmon(['vm', 'list', '--long', '--json'])).stdout);
  const demoThere = there.find((vm: { name: string }) => vm.name === 'demo');
  assert.equal(demoThere.state, 'running');
  assert.equal(demoThere.cpus, 2);
  assert.equal(demoThere.guest.os, demoHere.guest.os);
  assert.ok(demoThere.guest.addresses.includes('10.0.2.15'));
  assert.ok(demoThere.rssBytes > 50 * 1024 * 1024);
  const small = there.find((vm: { name: string }) => vm.name === 'small');
  assert.equal(small.guest, null);
  const table = ok(await qmon(['vm', 'list', '--long'])).stdout;
  assert.match(table, /^NAME +STATE +PID +UP +CPUS +CPU +MEM +RSS +OS +ADDRESSES$/m);
  assert.match(
    table,
    /^demo +running +\d+ +[\d a-z]+ +2 +[\d.]+% +256 MiB +[\d.]+ MiB +.*Debian.* +10\.0\.2\.15\b/m,
  );
  assert.match(
    ok(await qmon(['agent', 'demo', 'guest-get-host-name'])).stdout,
    /\{"return":\{"host-name":"qmon-guest"\}\}/,
  );
});

test('a kill asked for by a user is no crash, with or without the daemon; a real crash restarts', async () => {
  const restarts = async () =>
    (await admin.events({}, 'small')).filter((event) => event.name === 'RESTART').length;
  const before = await restarts();
  const runOnce = async () => {
    const vm = await admin.vmAction('small', 'start');
    pids.push(vm.pid!);
    return vm.pid!;
  };

  // `qmon vm kill` on this host, which signals QEMU itself, while the daemon supervises it.
  const first = await runOnce();
  assert.equal(
    ok(await qmon(['vm', 'kill', 'small'], { env: { QMON_CONNECT: '' } })).stdout,
    'killed small\n',
  );
  await eventually(
    async () => ((await admin.getVm('small')).state === 'exited' ? true : undefined),
    5_000,
    'exited',
  );
  assert.equal(isPidAlive(first), false);
  // The restart policy would have acted after 100 ms.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal((await admin.getVm('small')).state, 'exited');
  assert.equal(await restarts(), before);

  // Through the daemon.
  await runOnce();
  assert.equal(ok(await qmon(['vm', 'kill', 'small'])).stdout, 'killed small\n');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  assert.equal((await admin.getVm('small')).state, 'exited');
  assert.equal(await restarts(), before);

  // A kill nobody asked for is a crash: the policy starts it again.
  const crashed = await runOnce();
  process.kill(crashed, 'SIGKILL');
  const again = await eventually(
    async () => {
      const vm = await admin.getVm('small');
      return vm.state === 'running' && vm.pid !== crashed ? vm.pid! : undefined;
    },
    10_000,
    'the restart',
  );
  pids.push(again);
  assert.equal(await restarts(), before + 1);
  await admin.vmAction('small', 'kill');
});

test('logout revokes the token at the daemon and forgets it here', async () => {
  const file = join(config, 'qmon', 'credentials.json');
  const { token } = JSON.parse(await readFile(file, 'utf8')).daemons[daemon.url];
  assert.equal(ok(await qmon(['logout'])).stdout, `logged out of ${daemon.url}\n`);
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).daemons, {});
  const revoked = new ApiClient({
    baseUrl: daemon.url,
    token,
    fetch: httpsFetch({ ca: await readFile(certPath, 'utf8') }),
  });
  await assert.rejects(revoked.listVms(), { status: 401 });
  const after = await qmon(['vm', 'list']);
  assert.match(after.stderr, /not logged in/);
});
