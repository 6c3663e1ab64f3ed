/**
 * Disk images are never trusted. Every image is opened with the format its
 * spec names (never probed), and a qcow2's backing file is followed only when
 * it lies under a path the spec allows: each layer that names one is read with
 * `qemu-img info -f FORMAT` (as QEMU's own user, and without `--backing-chain`,
 * so no file is opened before qmon has judged it), then the whole chain is
 * opened with explicit `-blockdev` nodes, ending in `backing: null`. A qcow2
 * naming an external data file (another way for a header to hand the guest a
 * host file) is refused. A plain qcow2 (no backing file, no data file) is
 * recognised from its header without running qemu-img; whatever the header
 * says, `backing: null` keeps QEMU from following anything qmon did not judge.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { BackingFileNotAllowedError, DiskImageError } from './errors.js';
import { type QemuIdentity, spawnIdentity } from './qemu-user.js';
import type { DiskFormat } from './spec.js';

const run = promisify(execFile);

/** Node names end in `-b<depth>f`; QEMU allows 31 characters in all. */
export const MAX_BACKING_DEPTH = 8;
export const INSPECT_TIMEOUT_MS = 10_000;

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
  qemuImg?: string;
  /** Who runs qemu-img: the user QEMU will run as. */
  identity?: QemuIdentity;
}

interface QemuImgInfo {
  'backing-filename'?: string;
  'full-backing-filename'?: string;
  'backing-filename-format'?: string;
  'format-specific'?: { type?: string; data?: { 'data-file'?: string } };
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
    if (await isPlainQcow2(current.path)) break;
    const info = await qemuImgInfo(field, current, options);
    const dataFile = info['format-specific']?.data?.['data-file'];
    if (dataFile !== undefined) {
      throw new DiskImageError(
        field,
        current.path,
        `it names the external data file ${dataFile}; qmon does not open images with one`,
      );
    }
    const named = info['backing-filename'];
    if (named === undefined) break;
    const full = info['full-backing-filename'] ?? resolve(dirname(current.path), named);
    if (!full.startsWith('/')) {
      // json:{...}, nbd://... : qmon opens local files only.
      throw new BackingFileNotAllowedError(field, current.path, full);
    }
    const real = await canonical(full);
    if (!allowed.some((root) => real === root || real.startsWith(`${root}${sep}`))) {
      throw new BackingFileNotAllowedError(field, current.path, full);
    }
    const backingFormat = info['backing-filename-format'];
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

async function qemuImgInfo(
  field: string,
  layer: ImageLayer,
  options: InspectOptions,
): Promise<QemuImgInfo> {
  // -U: a running VM may hold the image's lock (hotplug of a shared base).
  const args = ['info', '-U', '--output=json', '-f', layer.format, layer.path];
  try {
    const { stdout } = await run(options.qemuImg ?? 'qemu-img', args, {
      timeout: INSPECT_TIMEOUT_MS,
      maxBuffer: 1 << 20,
      ...spawnIdentity(options.identity),
    });
    return JSON.parse(stdout) as QemuImgInfo;
  } catch (cause) {
    const stderr = String((cause as { stderr?: unknown }).stderr ?? '').trim();
    const why = stderr || (cause instanceof Error ? cause.message : String(cause));
    const user = options.identity?.user;
    const hint =
      user && /Permission denied/.test(why)
        ? `; a qcow2 with a backing file is read by qemu-img as ${user}, so ${user} must ` +
          'be able to read each layer of its chain (chgrp; chmod g+r; g+x on the folders above)'
        : '';
    const who = user ? ` (as ${user})` : '';
    throw new DiskImageError(field, layer.path, `qemu-img info${who} failed: ${why}${hint}`, {
      cause,
    });
  }
}

const QCOW2_MAGIC = 0x514649fb;
const QCOW2_EXTERNAL_DATA_FILE = 4n;

/**
 * Whether the file starts with a qcow2 header (v2 or v3) that names neither a
 * backing file nor an external data file. False for anything else, which
 * then goes to qemu-img.
 */
async function isPlainQcow2(path: string): Promise<boolean> {
  const header = Buffer.alloc(80);
  let bytes = 0;
  try {
    // O_NONBLOCK: a FIFO in place of the image must not hang the start.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      bytes = (await handle.read(header, 0, header.length, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
  if (bytes < 72 || header.readUInt32BE(0) !== QCOW2_MAGIC) return false;
  const version = header.readUInt32BE(4);
  if (header.readBigUInt64BE(8) !== 0n) return false;
  if (version === 2) return true;
  return (
    version === 3 && bytes === 80 && (header.readBigUInt64BE(72) & QCOW2_EXTERNAL_DATA_FILE) === 0n
  );
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
