/**
 * The demo guest: a Debian cloud kernel and a small initramfs that runs the real
 * qemu-ga over virtio-serial. `build.sh` makes it from Debian's packages; this
 * module finds it in the cache or builds it once, and says how to boot it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QmonError } from '../../session/errors.js';

export interface DemoGuest {
  /** Path of the kernel image (`-kernel`). */
  kernel: string;
  /** Path of the gzipped initramfs (`-initrd`). */
  initrd: string;
  /** Kernel command line (`-append`). */
  cmdline: string;
  /** Cache key: a digest of the build script and the Debian package versions. */
  key: string;
}

export interface EnsureDemoGuestOptions {
  /** Replaces `$QMON_CACHE_DIR` (default `${XDG_CACHE_HOME:-~/.cache}/qmon`). */
  cacheDir?: string;
  /** Receives the build's progress lines. */
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

/** Building the demo guest failed; `logTail` holds the last lines the build printed. */
export class DemoGuestBuildError extends QmonError {
  constructor(
    message: string,
    readonly logTail: string,
    options?: { cause?: unknown },
  ) {
    super('DEMO_GUEST_BUILD_FAILED', logTail ? `${message}\n${logTail}` : message, options);
  }
}

const FILES = ['vmlinuz', 'initrd.img', 'cmdline', 'key'] as const;
const TAIL_LINES = 40;

/** `build.sh` sits next to this file in the source tree; from `dist/` it is found under the package root. */
export function demoGuestBuildScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const sibling = join(here, 'build.sh');
  if (existsSync(sibling)) return sibling;
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'src/launch/demo-guest/build.sh');
    if (dirname(dir) === dir)
      throw new Error(`cannot find the demo guest's build.sh above ${here}`);
  }
}

export function demoGuestCacheRoot(cacheDir?: string): string {
  const base =
    cacheDir ??
    process.env.QMON_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qmon');
  return join(base, 'demo-guest');
}

interface RunResult {
  code: number | null;
  stdout: string;
  tail: string[];
}

/** Runs build.sh in its own process group, so that aborting stops its children too. */
function runScript(
  args: string[],
  onLine: ((line: string) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const child = spawn('bash', [demoGuestBuildScript(), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const kill = (): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    signal?.addEventListener('abort', kill, { once: true });
    let stdout = '';
    let partial = '';
    const tail: string[] = [];
    const addLines = (text: string): void => {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        onLine?.(line);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', addLines);
    child.on('error', (error) => {
      signal?.removeEventListener('abort', kill);
      reject(error);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', kill);
      if (partial) addLines('\n');
      if (signal?.aborted) reject(signal.reason);
      else resolve({ code, stdout, tail });
    });
  });
}

async function readGuest(dir: string): Promise<DemoGuest | undefined> {
  if (!FILES.every((name) => existsSync(join(dir, name)))) return undefined;
  const [cmdline, key] = await Promise.all(
    ['cmdline', 'key'].map(async (name) => (await readFile(join(dir, name), 'utf8')).trim()),
  );
  return {
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    cmdline: cmdline!,
    key: key!,
  };
}

/** The most recently built complete guest in the cache, if any (used when a rebuild fails). */
async function newestCached(root: string): Promise<DemoGuest | undefined> {
  const names = await readdir(root).catch(() => [] as string[]);
  let best: { guest: DemoGuest; mtime: number } | undefined;
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const guest = await readGuest(join(root, name));
    if (!guest) continue;
    const { mtimeMs } = await stat(guest.initrd);
    if (!best || mtimeMs > best.mtime) best = { guest, mtime: mtimeMs };
  }
  return best?.guest;
}

/** Removes temporary build folders left by a process that died more than an hour ago. */
async function removeStaleBuilds(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    if (!name.startsWith('.build-')) continue;
    const dir = join(root, name);
    const info = await stat(dir).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 3_600_000)
      await rm(dir, { recursive: true, force: true });
  }
}

const inflight = new Map<string, Promise<DemoGuest>>();

/**
 * Returns the cached demo guest for the current Debian package versions, building it
 * first when it is missing (about 10 s and 35 MB of downloads). Safe to call from
 * several processes at once: each builds into a temporary folder and renames it into
 * place; the loser of the rename uses the winner's build. When the build fails (say,
 * offline after a package update) and an older build is cached, that one is used.
 */
export function ensureDemoGuest(options: EnsureDemoGuestOptions = {}): Promise<DemoGuest> {
  const root = demoGuestCacheRoot(options.cacheDir);
  if (options.signal) return ensure(root, options);
  let pending = inflight.get(root);
  if (!pending) {
    pending = ensure(root, options).finally(() => inflight.delete(root));
    inflight.set(root, pending);
  }
  return pending;
}

async function ensure(root: string, options: EnsureDemoGuestOptions): Promise<DemoGuest> {
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const keyRun = await runScript(['--key'], undefined, signal);
  const key = keyRun.stdout.trim();
  if (keyRun.code !== 0 || !/^[0-9a-f]{16}$/.test(key)) {
    throw new DemoGuestBuildError(
      'cannot compute the demo guest cache key',
      keyRun.tail.join('\n'),
    );
  }
  const cached = await readGuest(join(root, key));
  if (cached) return cached;

  await mkdir(root, { recursive: true });
  await removeStaleBuilds(root);
  const tmp = await mkdtemp(join(root, `.build-${key}-`));
  try {
    onProgress?.(`demo-guest: building into ${tmp}`);
    const run = await runScript([tmp], onProgress, signal).catch((error: unknown) => {
      if (signal?.aborted) throw error;
      throw new DemoGuestBuildError('cannot run the demo guest build', '', { cause: error });
    });
    const built = run.code === 0 ? await readGuest(tmp) : undefined;
    if (!built) {
      const fallback = await newestCached(root);
      if (fallback) {
        onProgress?.(`demo-guest: build failed; using the cached guest ${fallback.key}`);
        return fallback;
      }
      throw new DemoGuestBuildError(
        `the demo guest build failed (exit code ${run.code})`,
        run.tail.join('\n'),
      );
    }
    const target = join(root, built.key);
    await chmod(tmp, 0o755);
    try {
      await rename(tmp, target);
    } catch (error) {
      const winner = await readGuest(target);
      if (!winner) throw error;
      return winner;
    }
    return (await readGuest(target))!;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export interface DemoGuestQemuOptions {
  /** Unix socket QEMU listens on for the agent's virtio-serial port. */
  qgaSocket: string;
  /** File that receives the serial console; without it the console is discarded. */
  serialLog?: string;
  /** A raw ext4 image, attached as virtio-blk and mounted at /mnt/data by the guest. */
  dataDisk?: string;
  /** Guest memory; 256 MiB by default. */
  memoryMiB?: number;
  /** Make a guest reboot exit QEMU instead (`-no-reboot`). */
  noReboot?: boolean;
}

/** Escapes a value for a QEMU `key=value,...` option: a literal comma is written `,,`. */
export function qemuOptionValue(value: string): string {
  return value.replaceAll(',', ',,');
}

/**
 * The QEMU arguments (after the binary) that boot the demo guest under TCG with its
 * agent on `qgaSocket`. Add a monitor (`-qmp ...`) as needed.
 */
export function demoGuestQemuArgs(guest: DemoGuest, options: DemoGuestQemuOptions): string[] {
  const args = [
    ...['-machine', 'q35', '-accel', 'tcg', '-smp', '1'],
    ...[
      '-m',
      String(options.memoryMiB ?? 256),
      '-nodefaults',
      '-no-user-config',
      '-display',
      'none',
    ],
    ...['-kernel', guest.kernel, '-initrd', guest.initrd, '-append', guest.cmdline],
    ...['-device', 'virtio-serial-pci,id=vser0'],
    '-chardev',
    `socket,id=qga0,path=${qemuOptionValue(options.qgaSocket)},server=on,wait=off`,
    ...['-device', 'virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0'],
    ...['-netdev', 'user,id=net0', '-device', 'virtio-net-pci,netdev=net0'],
  ];
  if (options.dataDisk !== undefined) {
    args.push(
      '-blockdev',
      `driver=raw,node-name=data0,file.driver=file,file.filename=${qemuOptionValue(options.dataDisk)}`,
      '-device',
      'virtio-blk-pci,drive=data0',
    );
  }
  if (options.serialLog !== undefined) {
    args.push('-chardev', `file,id=serial0,path=${qemuOptionValue(options.serialLog)}`);
    args.push('-serial', 'chardev:serial0');
  } else {
    args.push('-serial', 'null');
  }
  if (options.noReboot) args.push('-no-reboot');
  return args;
}
