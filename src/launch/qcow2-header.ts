/**
 * What a qcow2 header says about other files: its backing file (name and
 * recorded format) and whether it uses an external data file. Read by qmon
 * itself, so judging an image runs no program and needs no permission beyond
 * qmon's own (layout: QEMU's docs/interop/qcow2.txt).
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

export interface Qcow2References {
  /** The backing file's name as the header writes it (maybe relative). */
  backingFile?: string;
  /** The backing file's format from the header extension, when recorded. */
  backingFormat?: string;
  /** The external data file's name, or `''` when the feature bit is set without one. */
  dataFile?: string;
}

const MAGIC = 0x514649fb;
const V2_HEADER_LENGTH = 72;
const V3_MIN_HEADER_LENGTH = 104;
const INCOMPATIBLE_EXTERNAL_DATA_FILE = 4n;
const EXTENSION_END = 0;
const EXTENSION_BACKING_FORMAT = 0xe2792aca;
const EXTENSION_DATA_FILE = 0x44415441;
/** QEMU's own limit on a backing file name. */
const MAX_BACKING_NAME = 1023;

/** Thrown with a reason when the file is not a well-formed qcow2 header. */
export class Qcow2HeaderError extends Error {}

export async function readQcow2References(path: string): Promise<Qcow2References> {
  // O_NONBLOCK: a FIFO in place of the image must not hang the start.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    return await referencesOf(handle);
  } finally {
    await handle.close();
  }
}

async function referencesOf(handle: FileHandle): Promise<Qcow2References> {
  const fixed = await readAt(handle, 0, V3_MIN_HEADER_LENGTH);
  if (fixed.length < V2_HEADER_LENGTH || fixed.readUInt32BE(0) !== MAGIC) {
    throw new Qcow2HeaderError('it does not start with a qcow2 header');
  }
  const version = fixed.readUInt32BE(4);
  if (version !== 2 && version !== 3) {
    throw new Qcow2HeaderError(`its qcow2 version ${version} is not 2 or 3`);
  }
  const clusterBits = fixed.readUInt32BE(20);
  if (clusterBits < 9 || clusterBits > 21) {
    throw new Qcow2HeaderError(`its cluster size 2^${clusterBits} is out of range`);
  }
  // The header, its extensions and the backing file name all lie in the first cluster.
  const clusterSize = 2 ** clusterBits;
  const cluster = await readAt(handle, 0, clusterSize);
  const references: Qcow2References = {};

  let extensionsAt = V2_HEADER_LENGTH;
  if (version === 3) {
    if (cluster.length < V3_MIN_HEADER_LENGTH)
      throw new Qcow2HeaderError('its header is cut short');
    if (cluster.readBigUInt64BE(72) & INCOMPATIBLE_EXTERNAL_DATA_FILE) references.dataFile = '';
    extensionsAt = cluster.readUInt32BE(100);
    if (extensionsAt < V3_MIN_HEADER_LENGTH || extensionsAt > clusterSize) {
      throw new Qcow2HeaderError(`its header length ${extensionsAt} is out of range`);
    }
  }
  readExtensions(cluster, extensionsAt, references);

  const backingOffset = cluster.readBigUInt64BE(8);
  if (backingOffset !== 0n) {
    const size = cluster.readUInt32BE(16);
    const end = backingOffset + BigInt(size);
    if (size === 0 || size > MAX_BACKING_NAME || end > BigInt(cluster.length)) {
      throw new Qcow2HeaderError('its backing file name lies outside the first cluster');
    }
    const start = Number(backingOffset);
    references.backingFile = cluster.toString('utf8', start, start + size);
  }
  return references;
}

function readExtensions(cluster: Buffer, from: number, into: Qcow2References): void {
  for (let at = from; at + 8 <= cluster.length; ) {
    const type = cluster.readUInt32BE(at);
    const length = cluster.readUInt32BE(at + 4);
    if (type === EXTENSION_END) return;
    const data = at + 8;
    if (data + length > cluster.length) {
      throw new Qcow2HeaderError(
        `its header extension 0x${type.toString(16)} overruns the cluster`,
      );
    }
    const text = cluster.toString('utf8', data, data + length);
    if (type === EXTENSION_BACKING_FORMAT) into.backingFormat = text;
    if (type === EXTENSION_DATA_FILE) into.dataFile = text;
    at = data + Math.ceil(length / 8) * 8;
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}
