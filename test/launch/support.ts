import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
