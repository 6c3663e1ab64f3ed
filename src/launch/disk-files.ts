/**
 * Disk images handed to a confined QEMU as file descriptors. When QEMU runs
 * as its own user, qmon (root) opens every layer of every disk itself and
 * passes the fds in fd sets: QEMU opens `/dev/fdset/S` and gets a copy of the
 * set's fd whose access mode matches (O_RDONLY or O_RDWR; QEMU 10.0 also
 * matches O_DIRECT, which qmon never asks for). A writable top layer's set
 * holds both modes, since QEMU may reopen a node either way; backing layers
 * are read-only. QEMU's user thus reaches exactly the files of its VM and
 * nothing else, with no ownership changed.
 *
 * Each layer is opened once without following anything more than the path
 * the inspection judged: a probe (O_NONBLOCK, so a FIFO cannot hang the
 * start) must be a regular file or block device with the inode the
 * inspection saw, and the fds QEMU gets are reopened through the probe
 * (`/proc/self/fd/N`), so a file swapped in meanwhile is never handed over.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { type ImageLayer, inodeOf } from './disk-image.js';
import { DiskImageError } from './errors.js';

/** The fds of one layer, in the order they go into its fd set. */
export interface LayerFiles {
  path: string;
  handles: FileHandle[];
}

/** Opens a disk's layers, top first; closes what it opened when one fails. */
export async function openLayers(
  field: string,
  layers: readonly ImageLayer[],
  readOnly: boolean,
): Promise<LayerFiles[]> {
  const opened: LayerFiles[] = [];
  try {
    for (const [depth, layer] of layers.entries()) {
      const writable = depth === 0 && !readOnly;
      opened.push({ path: layer.path, handles: await openLayer(field, layer, writable) });
    }
  } catch (error) {
    await closeLayers(opened);
    throw error;
  }
  return opened;
}

export async function closeLayers(layers: readonly LayerFiles[]): Promise<void> {
  await Promise.all(layers.flatMap((layer) => layer.handles.map((handle) => handle.close())));
}

async function openLayer(
  field: string,
  layer: ImageLayer,
  writable: boolean,
): Promise<FileHandle[]> {
  const refuse = (why: string, cause?: unknown): never => {
    throw new DiskImageError(field, layer.path, why, cause ? { cause } : undefined);
  };
  const probe = await open(
    layer.path,
    constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY,
  ).catch((cause: Error) => refuse(`cannot open it: ${cause.message}`, cause));
  const handles: FileHandle[] = [];
  try {
    const info = await probe.stat();
    if (!info.isFile() && !info.isBlockDevice()) refuse('it is neither a file nor a block device');
    if (layer.inode !== undefined && layer.inode !== inodeOf(info)) {
      refuse('it was replaced by another file while qmon inspected it');
    }
    const again = `/proc/self/fd/${probe.fd}`;
    handles.push(await open(again, constants.O_RDONLY | constants.O_NOCTTY));
    if (writable) handles.push(await open(again, constants.O_RDWR | constants.O_NOCTTY));
    return handles;
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.close()));
    if (error instanceof DiskImageError) throw error;
    return refuse(`cannot open it: ${(error as Error).message}`, error);
  } finally {
    await probe.close();
  }
}

/** One fd QEMU inherits into an fd set: `-add-fd fd=FD,set=SET,opaque=PATH`. */
export interface InheritedFd {
  fd: number;
  set: number;
  path: string;
}

/** Every disk layer of a VM, opened for QEMU to inherit. */
export interface DiskFiles {
  /** Extra stdio entries for spawn, becoming QEMU's fds `firstFd`, `firstFd + 1`, ... */
  fds: number[];
  addFd: InheritedFd[];
  /** What QEMU opens for each disk's layers (by disk id, top first): `/dev/fdset/S`. */
  filenames: Map<string, string[]>;
  close(): Promise<void>;
}

/** Opens every layer of `disks` (inspected already); set `n` is the n-th layer opened. */
export async function openDiskFiles(
  disks: readonly { id: string; readOnly: boolean; layers?: ImageLayer[] | undefined }[],
  firstFd: number,
): Promise<DiskFiles> {
  const opened: LayerFiles[] = [];
  const files: DiskFiles = {
    fds: [],
    addFd: [],
    filenames: new Map(),
    close: () => closeLayers(opened),
  };
  let nextSet = 0;
  try {
    for (const [i, disk] of disks.entries()) {
      if (!disk.layers) throw new Error(`disks[${i}] was not inspected`);
      const layers = await openLayers(`disks[${i}]`, disk.layers, disk.readOnly);
      opened.push(...layers);
      const names: string[] = [];
      for (const layer of layers) {
        const set = nextSet++;
        for (const handle of layer.handles) {
          files.addFd.push({ fd: firstFd + files.fds.length, set, path: layer.path });
          files.fds.push(handle.fd);
        }
        names.push(`/dev/fdset/${set}`);
      }
      files.filenames.set(disk.id, names);
    }
  } catch (error) {
    await files.close();
    throw error;
  }
  return files;
}
