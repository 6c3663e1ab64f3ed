/**
 * Each VM's runtime folder: its sockets, logs, pidfile and state file. The
 * root is `runtimeRoot`, else `$QMON_RUNTIME_DIR`, else `$XDG_RUNTIME_DIR/qmon`,
 * else `<tmpdir>/qmon-<uid>`; every folder is made with mode 0700 and, when it
 * already exists, must belong to us and be closed to others.
 */
import { lstat, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidSpecError, RuntimeDirError, SocketPathTooLongError } from './errors.js';
import { checkArgString } from './qemu-option.js';

/** `sun_path` holds 108 bytes with the terminating NUL. */
export const UNIX_SOCKET_PATH_MAX = 107;

export interface RuntimePaths {
  dir: string;
  /** QMP control socket (held by the supervisor). */
  qmp: string;
  /** HMP readline monitor socket, free for people (`qmon hmp`). */
  hmp: string;
  /** Guest-agent channel (virtio-serial port `org.qemu.guest_agent.0`). */
  qga: string;
  /** Guest serial console, served to any number of clients by the serial keeper. */
  serial: string;
  /** Where QEMU's serial chardev connects to the serial keeper (gone once it has). */
  serialQemu: string;
  /** Everything the guest printed on the serial console, kept bounded by the serial keeper. */
  serialLog: string;
  /** A `qmon mux` of this VM, while one runs: name-based verbs reach QEMU through it. */
  mux: string;
  /** The daemon's proxy of the guest agent, while a daemon owns the VM: name-based agent verbs go through it. */
  agent: string;
  /** VNC server, when the spec asks for one. */
  vnc: string;
  /** QEMU's stdout and stderr. */
  qemuLog: string;
  pidfile: string;
  /** JSON: spec, argv, pid, start time, QEMU version (see state-file.ts). */
  stateFile: string;
}

/** The sockets QEMU and the serial keeper leave behind when they are killed. */
export function socketPaths(paths: RuntimePaths): string[] {
  return [paths.qmp, paths.hmp, paths.qga, paths.serial, paths.serialQemu, paths.vnc];
}

export function defaultRuntimeRoot(): string {
  const fromEnv = process.env.QMON_RUNTIME_DIR;
  if (fromEnv) return resolve(fromEnv);
  const xdg = process.env.XDG_RUNTIME_DIR;
  if (xdg) return join(resolve(xdg), 'qmon');
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `qmon-${uid}`);
}

/** Checks a VM name can name a folder of its own: no `/`, not `.` or `..`, no NUL, at most 255 bytes. */
export function checkVmName(name: string): string {
  checkArgString('name', name);
  if (name === '' || name === '.' || name === '..') {
    throw new InvalidSpecError('name', `${JSON.stringify(name)} cannot name a folder`);
  }
  if (name.includes('/')) {
    throw new InvalidSpecError('name', 'contains "/", which would leave the runtime folder');
  }
  if (Buffer.byteLength(name) > 255) {
    throw new InvalidSpecError('name', 'is longer than a file name may be (255 bytes)');
  }
  return name;
}

/** The paths of VM `name` under `root`; fails when a socket path would be too long. */
export function runtimePaths(name: string, root = defaultRuntimeRoot()): RuntimePaths {
  return pathsIn(join(resolve(root), checkVmName(name)));
}

/** The paths inside an existing runtime folder. */
export function pathsIn(dir: string): RuntimePaths {
  const at = (file: string) => join(dir, file);
  const paths: RuntimePaths = {
    dir,
    qmp: at('qmp.sock'),
    hmp: at('hmp.sock'),
    qga: at('qga.sock'),
    serial: at('serial.sock'),
    serialQemu: at('serial-qemu.sock'),
    serialLog: at('serial.log'),
    mux: at('mux.sock'),
    agent: at('agent.sock'),
    vnc: at('vnc.sock'),
    qemuLog: at('qemu.log'),
    pidfile: at('qemu.pid'),
    stateFile: at('state.json'),
  };
  for (const socket of [...socketPaths(paths), paths.mux, paths.agent]) {
    if (Buffer.byteLength(socket) > UNIX_SOCKET_PATH_MAX) {
      throw new SocketPathTooLongError(socket, UNIX_SOCKET_PATH_MAX);
    }
  }
  return paths;
}

/**
 * Creates the root and the VM folder (0700), checking any that already exist.
 * `qemuGid`: the group of QEMU's own user, which may have access (qemu-user.ts).
 */
export async function prepareRuntimeDir(paths: RuntimePaths, qemuGid?: number): Promise<void> {
  const root = resolve(paths.dir, '..');
  await ensurePrivateDir(root, qemuGid);
  await ensurePrivateDir(paths.dir, qemuGid);
}

async function ensurePrivateDir(dir: string, qemuGid?: number): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await lstat(dir);
  if (!info.isDirectory()) throw new RuntimeDirError(dir, 'exists and is not a folder');
  const uid = typeof process.getuid === 'function' ? process.getuid() : info.uid;
  if (info.uid !== uid) {
    throw new RuntimeDirError(dir, `belongs to uid ${info.uid}, not to us (uid ${uid})`);
  }
  const openToGroup = (info.mode & 0o070) !== 0 && info.gid !== qemuGid;
  if ((info.mode & 0o007) !== 0 || openToGroup) {
    throw new RuntimeDirError(
      dir,
      `is open to other users (mode ${(info.mode & 0o777).toString(8)}); expected 700`,
    );
  }
}

/**
 * Removes the sockets and pidfile a dead QEMU left behind (not `mux.sock`:
 * a mux removes its own, and one left by a killed mux only refuses connections).
 */
export async function removeLeftovers(paths: RuntimePaths): Promise<void> {
  await Promise.all(
    [...socketPaths(paths), paths.pidfile].map((file) => rm(file, { force: true })),
  );
}
