import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient, ApiError } from '../../../src/api-client/client.js';
import { type Daemon, startDaemon } from '../../../src/daemon/daemon.js';
import { shareWithQemu } from '../../launch/support.js';

export const ADMIN = { name: 'admin', password: 'admin-password' };

/** A state folder and a runtime root, short enough for socket paths. */
export async function tempDirs(): Promise<{
  stateDir: string;
  runtimeRoot: string;
  remove(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'qd-'));
  // As root QEMU runs as its own user, which must pass through to the runtime root.
  await shareWithQemu(dir);
  return {
    stateDir: join(dir, 'state'),
    runtimeRoot: join(dir, 'run'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A daemon in this process, with an admin. */
export function inProcessDaemon(stateDir: string, runtimeRoot: string): Promise<Daemon> {
  return startDaemon({
    listen: '127.0.0.1:0',
    stateDir,
    runtimeRoot,
    initAdmin: ADMIN,
    log: () => {},
  });
}

export interface DaemonProcess {
  url: string;
  child: ChildProcess;
  /** Resolves once the process is gone. */
  exited: Promise<void>;
}

const MAIN = fileURLToPath(new URL('./daemon-main.ts', import.meta.url));

/** A daemon in a child process (to be killed with SIGKILL); resolves once it serves. */
export async function daemonProcess(stateDir: string, runtimeRoot: string): Promise<DaemonProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, stateDir, runtimeRoot], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`daemon did not start in 60 s: ${stderr}`)),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /URL (\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`daemon exited: ${stderr}`));
    });
  });
  return { url, child, exited };
}

const QMON = fileURLToPath(new URL('../../../bin/qmon.js', import.meta.url));

export interface ServeProcess {
  /** The URL it logged as listening on. */
  url: string;
  child: ChildProcess;
  /** Its exit code, once it is gone. */
  exited: Promise<number | null>;
  /** What it wrote on stderr so far. */
  stderr(): string;
}

/** `qmon serve ARGS` as a user runs it; resolves once it logs the URL it listens on. */
export async function spawnServe(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [QMON, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
      const match = /listening on (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`qmon serve exited: ${stderr}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { url, child, exited, stderr: () => stderr };
}

/** The API error a call must end in; anything else (or success) fails the test. */
export async function refusal(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => assert.fail('expected a refusal'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ApiError, String(error));
  return error;
}

export async function adminClient(url: string): Promise<ApiClient> {
  const client = new ApiClient({ baseUrl: url });
  await client.login(ADMIN.name, ADMIN.password);
  return client;
}

/** Polls `check` every 50 ms until it returns a value other than undefined, for at most `ms`. */
/** Polls `check` until it gives a value; past `ms`, fails with `what` and the last error. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ms} ms waiting for ${what} (${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the guest agent of `vm` answers a ping through the daemon's API. */
export function agentAnswers(client: ApiClient, vm: string, ms: number): Promise<true> {
  return eventually(
    () => client.agent(vm, 'guest-ping', {}, 2_000).then(() => true as const),
    ms,
    `the guest agent of ${vm}`,
  );
}

export function killQuietly(pid: number | null | undefined): void {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
}
