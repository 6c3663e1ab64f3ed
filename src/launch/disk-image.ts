/**
 * Disk images are never trusted. Every image is opened with the format its
 * spec names (never probed), and a qcow2's backing file is followed only when
 * it lies under a path the spec allows: qmon reads each layer's header itself
 * (qcow2-header.ts), so no file is opened by anyone before qmon has judged
 * it, then the whole chain is opened with explicit `-blockdev` nodes, ending
 * in `backing: null`. A qcow2 naming an external data file (another way for a
 * header to hand the guest a host file) is refused.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { BackingFileNotAllowedError, DiskImageError } from './errors.js';
import { Qcow2HeaderError, type Qcow2References, readQcow2References } from './qcow2-header.js';
import type { DiskFormat } from './spec.js';

/** Node names end in `-b<depth>f`; QEMU allows 31 characters in all. */
export const MAX_BACKING_DEPTH = 8;

export interface ImageLayer {
  path: string;
  format: DiskFormat;
  /** `host_device` for a block device, else `file`. */
  protocol: 'file' | 'host_device';
  /** `dev:ino` of the file inspected, so what is opened later can be checked against it. */
  inode?: string;
}

export interface InspectOptions {
  /** Files, or folders whose files, may be backing files (absolute). */
  allowedBackingPaths: readonly string[];
}

/**
 * The image's layers, top first: `[top]` for an image without a backing
 * file. Throws BackingFileNotAllowedError naming the first backing file
 * outside `allowedBackingPaths`, DiskImageError when a layer cannot be read
 * or has no recorded format.
 */
export async function inspectImage(
  field: string,
  path: string,
  format: DiskFormat,
  options: InspectOptions,
): Promise<ImageLayer[]> {
  const layers: ImageLayer[] = [{ path, format, ...(await protocolOf(field, path)) }];
  if (format === 'raw') return layers;
  const allowed = await Promise.all(options.allowedBackingPaths.map(canonical));
  const seen = new Set([await canonical(path)]);
  for (let current = layers[0]!; current.format === 'qcow2'; ) {
    const header = await headerOf(field, current.path);
    if (header.dataFile !== undefined) {
      const which = header.dataFile ? ` ${header.dataFile}` : '';
      throw new DiskImageError(
        field,
        current.path,
        `it names the external data file${which}; qmon does not open images with one`,
      );
    }
    const named = header.backingFile;
    if (named === undefined) break;
    const full = isLocalPath(named) ? resolve(dirname(current.path), named) : named;
    if (!full.startsWith('/')) {
      // json:{...}, nbd://... : qmon opens local files only.
      throw new BackingFileNotAllowedError(field, current.path, full);
    }
    const real = await canonical(full);
    if (!allowed.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
      throw new BackingFileNotAllowedError(field, current.path, full);
    }
    const backingFormat = header.backingFormat;
    if (backingFormat !== 'qcow2' && backingFormat !== 'raw') {
      throw new DiskImageError(
        field,
        current.path,
        `its backing file ${full} has ${backingFormat ? `format ${backingFormat}` : 'no recorded format'}; ` +
          `qmon opens qcow2 or raw and never probes (record it: qemu-img rebase -u -b ${named} -F raw|qcow2)`,
      );
    }
    if (seen.has(real) || layers.length > MAX_BACKING_DEPTH) {
      throw new DiskImageError(
        field,
        path,
        `its backing chain loops or is deeper than ${MAX_BACKING_DEPTH}`,
      );
    }
    seen.add(real);
    current = { path: real, format: backingFormat, ...(await protocolOf(field, real)) };
    layers.push(current);
  }
  return layers;
}

/**
 * The `-blockdev`/`blockdev-add` options of a disk: format node `id` over its
 * layers. `filenames` (by depth) replaces the layers' paths, e.g. with
 * `/dev/fdset/S` when qmon opened the files itself (disk-files.ts).
 */
export function chainBlockdev(
  id: string,
  layers: readonly ImageLayer[],
  readOnly: boolean,
  filenames?: readonly string[],
): Record<string, unknown> {
  const node = (depth: number): Record<string, unknown> => {
    const layer = layers[depth]!;
    const name = depth === 0 ? id : `qmon-${id}-b${depth}`;
    const nodeReadOnly = depth === 0 ? readOnly : true;
    return {
      driver: layer.format,
      'node-name': name,
      'read-only': nodeReadOnly,
      file: {
        driver: layer.protocol,
        'node-name': depth === 0 ? `qmon-${id}-f` : `${name}f`,
        filename: filenames?.[depth] ?? layer.path,
        'read-only': nodeReadOnly,
      },
      ...(layer.format === 'qcow2'
        ? { backing: depth + 1 < layers.length ? node(depth + 1) : null }
        : {}),
    };
  };
  return node(0);
}

async function headerOf(field: string, path: string): Promise<Qcow2References> {
  try {
    return await readQcow2References(path);
  } catch (cause) {
    const why = cause instanceof Qcow2HeaderError ? cause.message : `cannot read it: ${cause}`;
    throw new DiskImageError(field, path, `as qcow2, ${why}`, { cause });
  }
}

/**
 * Whether QEMU reads a backing file name as a local path: `json:{...}` and
 * `PROTOCOL:...` (a colon before any slash) are not, whatever the folder.
 */
function isLocalPath(name: string): boolean {
  const colon = name.indexOf(':');
  return colon < 0 || (name.indexOf('/') >= 0 && name.indexOf('/') < colon);
}

async function protocolOf(
  field: string,
  path: string,
): Promise<Pick<ImageLayer, 'protocol' | 'inode'>> {
  try {
    const info = await stat(path);
    return { protocol: info.isBlockDevice() ? 'host_device' : 'file', inode: inodeOf(info) };
  } catch (cause) {
    throw new DiskImageError(field, path, (cause as Error).message, { cause });
  }
}

/** A file's identity on this host, as `dev:ino`. */
export function inodeOf(info: { dev: number; ino: number }): string {
  return `${info.dev}:${info.ino}`;
}

async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}
