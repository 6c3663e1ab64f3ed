import { readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qemuIdentity } from '../../src/launch/qemu-user.js';

/** A private runtime root for one test file; remove it with `rm`. */
export async function makeRuntimeRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'qmon-rt-'));
}

export async function removeRoot(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true });
}

/**
 * The smallest file QEMU's x86 loader takes as a Linux bzImage (boot protocol
 * 2.12 header, nothing to run): enough for -kernel/-initrd/-append with -S.
 */
export async function writeFakeKernel(path: string): Promise<void> {
  const image = Buffer.alloc(64 * 1024);
  image[0x1f1] = 4;
  image.write('HdrS', 0x202, 'latin1');
  image.writeUInt16LE(0x020c, 0x206);
  image[0x211] = 1;
  image.writeUInt32LE(0x7fffffff, 0x22c);
  await writeFile(path, image);
}

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Pids of live (non-zombie) children of this process whose command is QEMU. */
export function qemuChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(after[1]) === process.pid && comm.startsWith('qemu-system')) {
        pids.push(Number(entry));
      }
    } catch {
      // The process went away while we looked.
    }
  }
  return pids;
}

/**
 * Lets QEMU's user (qmon-qemu when the tests run as root) read and write
 * `paths` (files) and pass through their folders, as a user of qmon would
 * with chgrp/chmod. Does nothing when QEMU runs as ourselves.
 */
export async function shareWithQemu(...paths: string[]): Promise<void> {
  const identity = await qemuIdentity(undefined);
  if (!identity) return;
  for (const path of paths) {
    await chown(path, 0, identity.gid);
    const info = await stat(path);
    await chmod(path, (info.mode & 0o7777) | (info.isDirectory() ? 0o010 : 0o060));
  }
}
