/**
 * What can be done to a running VM's disk besides backing it up: mirror it to
 * a new image and pivot, put an external snapshot on top, commit the top back
 * into its backing image, stream the backing image into the top, resize.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { QmpClient } from '../qmp/qmp-client.js';
import { BlockJob, newJobId, type WaitOptions } from './block-job.js';
import {
  addImageNode,
  createQcow2,
  findDisk,
  type ImageNode,
  newNodeName,
  removeImage,
  removeNode,
} from './disk-nodes.js';
import { InvalidJobRequestError } from './errors.js';

export interface JobOptions extends WaitOptions {
  /** Called with the job once it runs: for progress, pause, cancel. */
  onJob?: (job: BlockJob) => void;
  /** Bytes per second (unlimited by default). */
  speed?: number;
}

export interface DiskChange {
  /** The disk's top node before and after. */
  before: string;
  after: string;
  jobId?: string;
}

function refuseExisting(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) throw new InvalidJobRequestError(`${path} exists; give a new file`);
  return absolute;
}

async function runJob(
  qmp: QmpClient,
  id: string,
  type: string,
  command: () => Promise<unknown>,
  options: JobOptions,
  pivot: boolean,
): Promise<void> {
  const [job] = await BlockJob.start(qmp, [{ id, type }], command);
  options.onJob?.(job!);
  if (pivot) {
    await job!.ready(options);
    if (job!.status === 'ready') await job!.complete();
  }
  await job!.wait(options);
}

/**
 * Copies the disk to a new qcow2 `to` while the guest runs, then pivots the
 * guest onto it (`blockdev-mirror`, `job-complete`). The old image is left as it was.
 */
export async function mirror(
  qmp: QmpClient,
  disk: string,
  to: string,
  options: JobOptions = {},
): Promise<DiskChange> {
  const source = await findDisk(qmp, disk);
  const file = refuseExisting(to);
  const id = newJobId('mirror', source.nodeName);
  let target: ImageNode = { nodeName: newNodeName('mirror') };
  await createQcow2(file, source.virtualSize);
  try {
    target = await addImageNode(qmp, target.nodeName, file, source);
    await runJob(
      qmp,
      id,
      'mirror',
      () =>
        qmp.execute('blockdev-mirror', {
          'job-id': id,
          device: source.nodeName,
          target: target.nodeName,
          sync: 'full',
          'auto-dismiss': false,
          ...(options.speed === undefined ? {} : { speed: options.speed }),
        }),
      options,
      true,
    );
  } catch (error) {
    if (!qmp.isClosed) await removeNode(qmp, target).catch(() => {});
    await removeImage(file);
    throw error;
  }
  return { before: source.nodeName, after: target.nodeName, jobId: id };
}

/**
 * Puts a new qcow2 `overlay` on top of the disk (`blockdev-snapshot`): the
 * current image becomes its read-only backing file, new writes go to the overlay.
 */
export async function snapshot(
  qmp: QmpClient,
  disk: string,
  overlay: string,
  options: { nodeName?: string } = {},
): Promise<DiskChange> {
  const base = await findDisk(qmp, disk);
  const file = refuseExisting(overlay);
  let node: ImageNode = { nodeName: options.nodeName ?? newNodeName('overlay') };
  await createQcow2(file, base.virtualSize, { file: resolve(base.file), format: base.format });
  try {
    node = await addImageNode(qmp, node.nodeName, file, base);
    await qmp.execute('blockdev-snapshot', { node: base.nodeName, overlay: node.nodeName });
  } catch (error) {
    if (!qmp.isClosed) await removeNode(qmp, node).catch(() => {});
    await removeImage(file);
    throw error;
  }
  return { before: base.nodeName, after: node.nodeName };
}

/**
 * Commits the disk's top image into its backing image and pivots the guest
 * onto that (active `block-commit`). The top image file is left unused.
 */
export async function commit(
  qmp: QmpClient,
  disk: string,
  options: JobOptions = {},
): Promise<DiskChange> {
  const top = await findDisk(qmp, disk);
  const id = newJobId('commit', top.nodeName);
  await runJob(
    qmp,
    id,
    'commit',
    () =>
      qmp.execute('block-commit', {
        'job-id': id,
        device: top.nodeName,
        'auto-dismiss': false,
        ...(options.speed === undefined ? {} : { speed: options.speed }),
      }),
    options,
    true,
  );
  await removeNode(qmp, top).catch(() => {});
  const after = await findDisk(qmp, top.qdev);
  return { before: top.nodeName, after: after.nodeName, jobId: id };
}

/** Copies the backing chain into the disk's top image (`block-stream`), which then stands alone. */
export async function stream(
  qmp: QmpClient,
  disk: string,
  options: JobOptions = {},
): Promise<DiskChange> {
  const top = await findDisk(qmp, disk);
  const id = newJobId('stream', top.nodeName);
  await runJob(
    qmp,
    id,
    'stream',
    () =>
      qmp.execute('block-stream', {
        'job-id': id,
        device: top.nodeName,
        'auto-dismiss': false,
        ...(options.speed === undefined ? {} : { speed: options.speed }),
      }),
    options,
    false,
  );
  return { before: top.nodeName, after: top.nodeName, jobId: id };
}

/** Changes the disk's size as the guest sees it (`block_resize`). */
export async function resize(qmp: QmpClient, disk: string, bytes: number): Promise<void> {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new InvalidJobRequestError(`resize: ${bytes} is not a positive number of bytes`);
  }
  const target = await findDisk(qmp, disk);
  await qmp.execute('block_resize', { 'node-name': target.nodeName, size: bytes });
}
