/**
 * Who QEMU runs as. When qmon runs as root, QEMU runs as a dedicated
 * unprivileged system user (`qmon-qemu`, made by scripts/setup.sh, as libvirt
 * has `libvirt-qemu`). The switch happens between fork and exec (Node's
 * `spawn` with `uid`/`gid`, which also drops every supplementary group), so
 * QEMU never holds root, not even while it opens its disks; QEMU's own
 * `-runas` (`-run-with user=` on 10.0) would drop root only after that.
 *
 * QEMU then reaches exactly what its VM needs: its runtime folder (group
 * `qmon-qemu`, sticky, so QEMU cannot remove or rename qmon's own files in
 * it), the runtime root (group search only, no listing), the kernel and
 * initrd by file descriptor, and the disk images their own permissions give
 * it. See docs/confinement.md.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, chown, type FileHandle, lstat, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { InvalidSpecError, QemuUserError, RuntimeDirError } from './errors.js';
import type { RuntimePaths } from './runtime-dir.js';

const run = promisify(execFile);

export const DEFAULT_QEMU_USER = 'qmon-qemu';

export interface QemuIdentity {
  user: string;
  uid: number;
  gid: number;
}

const known = new Map<string, QemuIdentity>();

/**
 * The identity QEMU (and qemu-img on images) runs as, or undefined for
 * qmon's own. `requested`: a user name, `null` for qmon's own user (as root:
 * unconfined, not recommended), undefined for the default (`qmon-qemu` as
 * root, else qmon's own user).
 */
export async function qemuIdentity(
  requested: string | null | undefined,
): Promise<QemuIdentity | undefined> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (requested === null) return undefined;
  if (!root) {
    if (requested === undefined) return undefined;
    throw new QemuUserError(requested, 'only root can start QEMU as another user');
  }
  const user = requested ?? DEFAULT_QEMU_USER;
  const cached = known.get(user);
  if (cached) return cached;
  let line: string;
  try {
    line = (await run('getent', ['passwd', user], { timeout: 5_000 })).stdout.trim();
  } catch {
    throw new QemuUserError(
      user,
      'no such user; create it with scripts/setup.sh (or useradd --system --user-group ' +
        `${user}), or name another with the qemuUser launch option`,
    );
  }
  const [, , uid, gid] = line.split(':');
  const identity = { user, uid: Number(uid), gid: Number(gid) };
  if (!Number.isInteger(identity.uid) || !Number.isInteger(identity.gid)) {
    throw new QemuUserError(user, `getent printed ${JSON.stringify(line)}`);
  }
  if (identity.uid === 0 || identity.gid === 0) {
    throw new QemuUserError(user, 'it is root (uid or gid 0), which would confine nothing');
  }
  known.set(user, identity);
  return identity;
}

/** Whether process `pid` runs as a user other than qmon's (its real uid; false when unreadable). */
export function runsAsOtherUser(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    return uid !== undefined && Number(uid) !== process.getuid?.();
  } catch {
    return false;
  }
}

/** The spawn options that make a child run as `identity`. */
export function spawnIdentity(identity: QemuIdentity | undefined): { uid?: number; gid?: number } {
  return identity ? { uid: identity.uid, gid: identity.gid } : {};
}

/**
 * Opens the runtime folders to QEMU's group: the root for search only (0710),
 * the VM's folder for creating its sockets, pidfile and serial log (01770).
 * Every folder above the root must already let QEMU's user through.
 */
export async function shareRuntimeDir(paths: RuntimePaths, identity: QemuIdentity): Promise<void> {
  const root = resolve(paths.dir, '..');
  await chown(root, process.getuid?.() ?? 0, identity.gid);
  await chmod(root, 0o710);
  await chown(paths.dir, process.getuid?.() ?? 0, identity.gid);
  await chmod(paths.dir, 0o1770);
  for (let dir = dirname(root); ; dir = dirname(dir)) {
    const info = await lstat(dir);
    const searchable =
      (info.mode & 0o001) !== 0 ||
      (info.gid === identity.gid && (info.mode & 0o010) !== 0) ||
      (info.uid === identity.uid && (info.mode & 0o100) !== 0);
    if (!searchable) {
      throw new RuntimeDirError(
        dir,
        `QEMU's user ${identity.user} cannot pass through it to reach ${paths.dir}; ` +
          'choose a runtime root it can reach (e.g. QMON_RUNTIME_DIR=/run/qmon)',
      );
    }
    if (dir === dirname(dir)) break;
  }
}

export interface BootFiles {
  /** Extra stdio entries for spawn: they become fds 3, 4... in QEMU. */
  fds: number[];
  kernelPath?: string;
  initrdPath?: string;
  close(): Promise<void>;
}

/**
 * Opens the kernel and initrd for QEMU, which reads them as `/proc/self/fd/N`:
 * reopening through that link checks the file's own permissions against
 * QEMU's user but not the folders above it, so a guest kernel may live in a
 * private cache (root's ~/.cache is 0700) without opening that folder to QEMU.
 */
export async function openBootFiles(spec: {
  kernel?: string;
  initrd?: string;
}): Promise<BootFiles> {
  const handles: FileHandle[] = [];
  const files: BootFiles = {
    fds: [],
    close: async () => {
      await Promise.all(handles.map((handle) => handle.close()));
    },
  };
  try {
    for (const field of ['kernel', 'initrd'] as const) {
      const path = spec[field];
      if (path === undefined) continue;
      const handle = await open(path, 'r').catch((cause: Error) => {
        throw new InvalidSpecError(field, `cannot open ${path}: ${cause.message}`);
      });
      handles.push(handle);
      files.fds.push(handle.fd);
      files[field === 'kernel' ? 'kernelPath' : 'initrdPath'] =
        `/proc/self/fd/${2 + files.fds.length}`;
    }
  } catch (error) {
    await files.close();
    throw error;
  }
  return files;
}
