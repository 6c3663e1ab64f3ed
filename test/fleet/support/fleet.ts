/**
 * One fleet for a whole test file: three nats-server processes clustered with
 * JetStream and three daemons (A, B, C, or the names given) in processes of
 * their own, each with its own state folder, runtime folder and port, all on
 * loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nkeys } from '@nats-io/transport-node';
import { ApiClient } from '../../../src/api-client/client.js';
import { hostIdOf } from '../../../src/daemon/store/database.js';
import { natsAuthorization } from '../../../src/fleet/nats-authorization.js';
import { killQuietly } from '../../daemon/support/daemon.js';

export { eventually } from '../../daemon/support/daemon.js';

import { shareWithQemu } from '../../launch/support.js';
import { NatsCluster } from './nats-cluster.js';
import { NatsRelay } from './nats-relay.js';

const MAIN = fileURLToPath(new URL('./fleet-daemon-main.ts', import.meta.url));

export interface FleetHost {
  name: string;
  stateDir: string;
  runtimeRoot: string;
  /** With `restrictedUsers`: the host's id, and its NATS nkey seed (a file) and public key. */
  id?: string;
  nkeySeedFile?: string;
  nkey?: string;
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  /** What the daemon wrote to stderr (its log), last 20 kB. */
  log: string;
  /** The relay this host reaches NATS through, when the test cuts it off. */
  relay?: NatsRelay;
}

export interface TestFleet {
  dir: string;
  nats: NatsCluster;
  hosts: FleetHost[];
  /** Starts the daemon of `host` again (after kill9), on its folders. */
  restart(host: FleetHost): Promise<void>;
  kill9(host: FleetHost): Promise<void>;
  client(host: FleetHost): Promise<ApiClient>;
  stop(): Promise<void>;
}

async function spawnDaemon(
  host: Omit<FleetHost, 'url' | 'child' | 'exited' | 'log'> & Partial<FleetHost>,
  servers: string[],
  downAfterMs?: number,
): Promise<void> {
  const args = JSON.stringify({
    stateDir: host.stateDir,
    runtimeRoot: host.runtimeRoot,
    servers,
    hostName: host.name,
    ...(downAfterMs ? { downAfterMs } : {}),
    ...(host.nkeySeedFile ? { nkeySeedFile: host.nkeySeedFile } : {}),
  });
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  host.child = child;
  host.log = '';
  host.exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr!.on('data', (chunk: Buffer) => {
    host.log = (host.log + chunk.toString()).slice(-20_000);
    if (process.env.QMON_FLEET_DEBUG) process.stderr.write(chunk);
  });
  host.url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${host.name} did not start in 90 s: ${host.log}`)),
      90_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL (\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void host.exited!.then(() => {
      clearTimeout(timer);
      reject(new Error(`${host.name} exited: ${host.log}`));
    });
  });
}

/**
 * Each host an nkey user of the NATS servers, allowed only what its host does
 * (`natsAuthorization`): the host ids are made first, with the state folders.
 */
async function restrictUsers(hosts: FleetHost[], dir: string): Promise<string> {
  for (const host of hosts) {
    host.id = hostIdOf(host.stateDir);
    const pair = nkeys.createUser();
    host.nkey = pair.getPublicKey();
    host.nkeySeedFile = join(dir, host.name, 'nkey.seed');
    await writeFile(host.nkeySeedFile, new TextDecoder().decode(pair.getSeed()), { mode: 0o600 });
  }
  return natsAuthorization(
    hosts.map((host) => ({ user: host.name, hostId: host.id!, nkey: host.nkey! })),
  );
}

export async function startTestFleet(
  options: {
    downAfterMs?: number;
    names?: string[];
    restrictedUsers?: boolean;
    /** Hosts that reach NATS through a relay the test can sever. */
    relayed?: string[];
  } = {},
): Promise<TestFleet> {
  const dir = await mkdtemp(join(tmpdir(), 'qf-'));
  await shareWithQemu(dir);
  const hosts = (options.names ?? ['A', 'B', 'C']).map((name) => ({
    name,
    stateDir: join(dir, name, 'state'),
    runtimeRoot: join(dir, name, 'run'),
  })) as FleetHost[];
  for (const host of hosts) {
    await mkdir(join(dir, host.name), { recursive: true });
    await shareWithQemu(join(dir, host.name));
  }
  const authorization = options.restrictedUsers ? await restrictUsers(hosts, dir) : '';
  const nats = await NatsCluster.start(join(dir, 'nats'), authorization);
  for (const host of hosts)
    if (options.relayed?.includes(host.name)) host.relay = await NatsRelay.start(nats.urls);
  const fleet: TestFleet = {
    dir,
    nats,
    hosts,
    restart: (host) =>
      spawnDaemon(host, host.relay ? [host.relay.url] : nats.urls, options.downAfterMs),
    async kill9(host) {
      if (host.child.exitCode === null && host.child.signalCode === null)
        host.child.kill('SIGKILL');
      await host.exited;
    },
    async client(host) {
      const client = new ApiClient({ baseUrl: host.url, timeout: 60_000 });
      await client.login('admin', 'admin-password');
      return client;
    },
    async stop() {
      await Promise.all(hosts.map((host) => fleet.kill9(host).catch(() => {})));
      // Every QEMU the daemons started, also of a case that failed half-way.
      for (const host of hosts) await killQemus(host.runtimeRoot);
      for (const host of hosts) await host.relay?.sever();
      await nats.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(hosts.map((host) => fleet.restart(host)));
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  return fleet;
}

async function killQemus(runtimeRoot: string): Promise<void> {
  const vms = await readdir(runtimeRoot).catch(() => [] as string[]);
  for (const vm of vms) {
    const pid = Number(await readFile(join(runtimeRoot, vm, 'qemu.pid'), 'utf8').catch(() => ''));
    if (pid > 0) killQuietly(pid);
  }
}

/** Polls `check` every 100 ms until it returns something other than undefined, for at most `ms`. */
