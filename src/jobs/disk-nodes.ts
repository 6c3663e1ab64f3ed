/**
 * Finding a VM's disks by what a user knows (the device id, the qdev id or
 * path, or the block node name) in `query-block`, without assuming how the
 * launcher named them; and making image files with `qemu-img`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { closeLayers, openLayers } from '../launch/disk-files.js';
import { fdSetOf, passFdSets, realPathOf, removeFdSets } from '../launch/fd-sets.js';
import type { QmpClient } from '../qmp/qmp-client.js';
import { DiskNotFoundError, ImageToolError } from './errors.js';

const run = promisify(execFile);

export interface Disk {
  /** The node at the top of the device's graph (what jobs act on). */
  nodeName: string;
  /** The guest device's id or QOM path. */
  qdev: string;
  /** The top image's file (its real path, also when QEMU got it as an fd set). */
  file: string;
  /** The fd set QEMU opened the top image from (`/dev/fdset/S`): QEMU is confined. */
  fdSet?: number;
  /** The top node's driver (`qcow2`, `raw`, ...). */
  format: string;
  virtualSize: number;
  /** Names of the dirty bitmaps on the node. */
  bitmaps: string[];
}

/** Every disk with a medium, in `query-block` order. */
export async function listDisks(qmp: QmpClient): Promise<Disk[]> {
  const disks: Disk[] = [];
  for (const block of await qmp.execute('query-block')) {
    const node = block.inserted;
    if (!node?.['node-name']) continue;
    const own = ownFilename(node.file);
    const fdSet = fdSetOf(own);
    disks.push({
      nodeName: node['node-name'],
      qdev: block.qdev ?? block.device,
      file: await realPathOf(qmp, own),
      ...(fdSet === undefined ? {} : { fdSet }),
      format: node.drv,
      virtualSize: Number(node.image['virtual-size']),
      bitmaps: (node['dirty-bitmaps'] ?? []).flatMap((bitmap) => bitmap.name ?? []),
    });
  }
  return disks;
}

/**
 * The file a node's image lies in. A node whose options a filename cannot
 * express (an overlay added with `backing: null`, then given a backing node)
 * is reported as `json:{...}`; its own file is the `file` child's filename.
 */
function ownFilename(file: string): string {
  if (!file.startsWith('json:')) return file;
  try {
    const options = JSON.parse(file.slice(5)) as Record<string, unknown>;
    const child = options.file as { filename?: unknown } | string | undefined;
    const name = typeof child === 'string' ? child : (child?.filename ?? options['file.filename']);
    return typeof name === 'string' ? name : file;
  } catch {
    return file;
  }
}

/** The QOM path's device id: `/machine/peripheral/ID/virtio-backend` → `ID`. */
function deviceId(qdev: string): string | undefined {
  return /^\/machine\/peripheral\/([^/]+)/.exec(qdev)?.[1];
}

/** The disk named `name`: its node name, its device id, or its QOM path. */
export async function findDisk(qmp: QmpClient, name: string): Promise<Disk> {
  const disks = await listDisks(qmp);
  const found = disks.find(
    (disk) =>
      disk.nodeName === name ||
      disk.qdev === name ||
      deviceId(disk.qdev) === name ||
      disk.qdev.replace(/\/virtio-backend$/, '') === name,
  );
  if (!found)
    throw new DiskNotFoundError(
      name,
      disks.map((disk) => disk.nodeName),
    );
  return found;
}

/** A fresh node name for an image qmon attaches (QEMU allows 31 characters): `qmon-mirror-3f9a1c`. */
export function newNodeName(purpose: string): string {
  return `qmon-${purpose.slice(0, 13)}-${randomBytes(3).toString('hex')}`;
}

async function qemuImg(args: string[]): Promise<string> {
  try {
    return (await run('qemu-img', args, { maxBuffer: 16 << 20 })).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr || String(error);
    throw new ImageToolError(args, stderr);
  }
}

/**
 * Creates a qcow2 image of `size` bytes, optionally recording `backing` (not
 * opened: QEMU may hold it locked) as its backing file.
 */
export async function createQcow2(
  path: string,
  size: number,
  backing?: { file: string; format: string },
): Promise<void> {
  const args = ['create', '-q', '-f', 'qcow2'];
  if (backing) args.push('-u', '-b', backing.file, '-F', backing.format);
  await qemuImg([...args, path, String(size)]);
}

/** Removes a file qmon created for a job that did not finish. */
export async function removeImage(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** An image qmon attached for a job; `fdSet` when QEMU got the file as an fd set. */
export interface ImageNode {
  nodeName: string;
  fdSet?: number;
}

/**
 * Attaches a qcow2 file qmon created (`file`) as a block node named
 * `nodeName`, without its backing chain. For a confined QEMU (`like`, the
 * disk the job works on, came as an fd set) qmon opens the file and passes
 * it read-only and read-write in a new fd set, as the launcher does: QEMU's
 * user cannot open it by path.
 */
export async function addImageNode(
  qmp: QmpClient,
  nodeName: string,
  file: string,
  like: Pick<Disk, 'fdSet'>,
): Promise<ImageNode> {
  let fdSet: number | undefined;
  if (like.fdSet !== undefined) {
    const layer = { path: file, format: 'qcow2', protocol: 'file' } as const;
    const opened = await openLayers('target', [layer], false);
    try {
      [fdSet] = await passFdSets(qmp, opened);
    } finally {
      await closeLayers(opened);
    }
  }
  const node: ImageNode = { nodeName, ...(fdSet === undefined ? {} : { fdSet }) };
  try {
    await qmp.execute('blockdev-add', {
      driver: 'qcow2',
      'node-name': nodeName,
      file: { driver: 'file', filename: fdSet === undefined ? file : `/dev/fdset/${fdSet}` },
      backing: null,
    } as never);
  } catch (error) {
    await removeFdSets(qmp, fdSet === undefined ? [] : [fdSet]);
    throw error;
  }
  return node;
}

/** Detaches a node qmon added and removes its fd set; a node already gone is fine. */
export async function removeNode(qmp: QmpClient, node: ImageNode): Promise<void> {
  const nodes = await qmp.execute('query-named-block-nodes', { flat: true });
  if (nodes.some((found) => found['node-name'] === node.nodeName)) {
    await qmp.execute('blockdev-del', { 'node-name': node.nodeName });
  }
  if (node.fdSet !== undefined) await removeFdSets(qmp, [node.fdSet]);
}
