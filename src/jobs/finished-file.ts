import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where a job writes before its file is complete: beside `path`, so the rename stays in one folder. */
export function partialPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts a completely written `partial` in place of `path`: fsync, rename, fsync the folder. */
export async function commitFile(partial: string, path: string): Promise<void> {
  await fsyncPath(partial);
  await rename(partial, path);
  await fsyncPath(dirname(path));
}
