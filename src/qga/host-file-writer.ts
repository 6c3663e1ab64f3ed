import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, lstat, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { QmonError } from '../session/errors.js';

/** The host destination is not a regular file (a device node, a fifo, a socket, a folder). */
export class NotRegularFileError extends QmonError {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super(
      'NOT_A_REGULAR_FILE',
      `${path} is ${kind}, not a regular file; it was left alone (allow writing into it with allowSpecial / --special)`,
    );
  }
}

export interface HostWriteOptions {
  /**
   * Write into an existing device node, fifo or socket instead of refusing it.
   * The data goes straight in (there is nothing to replace atomically), and
   * nothing is ever removed.
   */
  allowSpecial?: boolean;
}

/** A host file being written: `commit` puts it in place, `abort` leaves everything as it was. */
export interface HostFileWriter {
  readonly file: FileHandle;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Opens the host side of a copy without harming what is there.
 *
 * - A regular file (or none): the data goes into a temporary file in the
 *   same folder; `commit` fsyncs it, gives it the old file's mode (and owner,
 *   when root) and renames it over the destination; `abort` removes it.
 * - A symbolic link: written through, atomically, to the file it points to
 *   (as `cp` does); the link stays. A link to nowhere is refused.
 * - A device node, fifo or socket: refused unless `allowSpecial`; a folder: refused.
 */
export async function openHostFileWriter(
  path: string,
  options: HostWriteOptions = {},
): Promise<HostFileWriter> {
  const link = await lstatOrUndefined(path);
  let destination = path;
  if (link?.isSymbolicLink()) {
    try {
      destination = await realpath(path);
    } catch (error) {
      throw new QmonError(
        'DANGLING_SYMLINK',
        `${path} is a symbolic link to a missing file; it was left alone`,
        { cause: error },
      );
    }
  }
  const existing = link?.isSymbolicLink() ? await stat(destination) : link;
  if (existing?.isDirectory()) throw new NotRegularFileError(path, 'a folder');
  if (existing && !existing.isFile()) {
    if (!options.allowSpecial) throw new NotRegularFileError(path, kindOf(existing));
    const file = await open(destination, constants.O_WRONLY);
    return { file, commit: () => file.close(), abort: () => file.close().catch(() => {}) };
  }

  const temp = join(
    dirname(destination),
    `.${basename(destination)}.qmon-${randomBytes(6).toString('hex')}.tmp`,
  );
  const file = await open(temp, 'wx', 0o666);
  let closed = false;
  return {
    file,
    async commit() {
      if (existing) {
        await file.chmod(existing.mode & 0o7777);
        if (process.getuid?.() === 0) await file.chown(existing.uid, existing.gid);
      }
      await file.sync();
      await file.close();
      closed = true;
      await rename(temp, destination);
      await syncFolder(dirname(destination));
    },
    async abort() {
      if (!closed) await file.close().catch(() => {});
      await unlink(temp).catch(() => {});
    },
  };
}

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function kindOf(stats: {
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
}): string {
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a fifo';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Makes a rename durable; a folder that cannot be fsynced (some filesystems) is not an error. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r').catch(() => undefined);
  await folder?.sync().catch(() => {});
  await folder?.close();
}
