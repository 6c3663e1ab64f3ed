/**
 * Runs the real qemu-ga on the host (`-m unix-listen`), with every command that
 * would act on the host itself blocked. Tests must never call those commands on
 * this agent; `guest-get-timezone` is blocked too, as a harmless disabled command
 * to test with.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildEnv } from '../../src/launch/qemu-build.js';
import { testBuild } from './qemu-version.js';
import { stopOnce } from './stopper.js';

/** Commands that would shut down, suspend, freeze, trim or reconfigure the host. */
export const HOST_UNSAFE_COMMANDS = [
  'guest-shutdown',
  'guest-suspend-disk',
  'guest-suspend-ram',
  'guest-suspend-hybrid',
  'guest-fsfreeze-freeze',
  'guest-fsfreeze-freeze-list',
  'guest-fsfreeze-thaw',
  'guest-fstrim',
  'guest-set-time',
  'guest-set-vcpus',
  'guest-set-memory-blocks',
  'guest-set-user-password',
  'guest-ssh-add-authorized-keys',
  'guest-ssh-remove-authorized-keys',
] as const;

/** Blocked although harmless, so tests have a disabled command they may call. */
export const HARMLESS_DISABLED_COMMAND = 'guest-get-timezone';

export interface HostAgent {
  socket: string;
  /** A scratch folder for files the test copies (removed by `stop`). */
  dir: string;
  child: ChildProcess;
  stderr(): string;
  /** Kills the agent (SIGTERM, then SIGKILL), reaps it and removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

export async function startHostAgent(options: { socket?: string } = {}): Promise<HostAgent> {
  const dir = await mkdtemp(join(tmpdir(), 'qmon-qga-'));
  const stateDir = join(dir, 'state');
  await mkdir(stateDir);
  const socket = options.socket ?? join(dir, 'qga.sock');
  const blocked = [...HOST_UNSAFE_COMMANDS, HARMLESS_DISABLED_COMMAND].join(',');
  const child = spawn(
    testBuild.qemuGa,
    ['-m', 'unix-listen', '-p', socket, '-t', stateDir, '-f', join(dir, 'qga.pid'), '-b', blocked],
    { stdio: ['ignore', 'ignore', 'pipe'], env: buildEnv(testBuild) },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-8192);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      stderr += String(error);
      resolve();
    });
    child.once('exit', () => resolve());
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  const agent: HostAgent = {
    socket,
    dir,
    child,
    stderr: () => stderr,
    stop: stopOnce(child, exited, dir),
  };
  for (let i = 0; i < 200 && !existsSync(socket) && running(); i++) await sleep(25);
  if (!existsSync(socket)) {
    await agent.stop();
    throw new Error(`qemu-ga did not create its socket within 5 s: ${stderr}`);
  }
  return agent;
}
