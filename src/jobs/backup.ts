/**
 * Live backup of a running VM's disks to qcow2 files with `blockdev-backup`:
 * full (which also starts a dirty bitmap, in the same `transaction`) or
 * incremental (only what the bitmap says changed since the last backup). All
 * disks start in one transaction, so they are consistent with each other; if
 * any fails, no file is kept and the next backup has to be full. Optionally
 * the guest's filesystems are frozen by its agent while the jobs start. A target
 * is written beside its final path and renamed into place only when complete.
 */
import { resolve } from 'node:path';
import type { QmpClient } from '../qmp/qmp-client.js';
import { BlockJob, newJobId, type WaitOptions } from './block-job.js';
import {
  addImageNode,
  createQcow2,
  type Disk,
  findDisk,
  type ImageNode,
  newNodeName,
  removeImage,
  removeNode,
} from './disk-nodes.js';
import { BlockJobFailedError, InvalidJobRequestError } from './errors.js';
import { commitFile, partialPath } from './finished-file.js';

export const DEFAULT_BITMAP = 'qmon-backup';

export interface BackupTarget {
  /** The disk: node name, qdev id or QOM path. */
  disk: string;
  /** The qcow2 file to write. */
  to: string;
  /** Incremental only: the previous backup, recorded as the new file's backing file. */
  base?: string;
}

export interface BackupOptions {
  /** Copy only what changed since the last backup (needs the bitmap a full backup started). */
  incremental?: boolean;
  /** The dirty bitmap's name (default `qmon-backup`). */
  bitmap?: string;
  /** Freezes the guest's filesystems while the backup starts (a QgaClient); always thawed. */
  freeze?: { withFrozenFilesystems<T>(fn: () => Promise<T>): Promise<T> };
  /** Bytes per second (unlimited by default). */
  speed?: number;
}

export interface BackupResult {
  disk: string;
  nodeName: string;
  file: string;
  jobId: string;
}

interface Planned {
  target: BackupTarget;
  disk: Disk;
  partial: string;
  targetNode: ImageNode;
  jobId: string;
}

/** A backup under way: its jobs (for progress, cancel) and `wait()` that finishes it. */
export class RunningBackup {
  constructor(
    private readonly qmp: QmpClient,
    private readonly planned: readonly Planned[],
    readonly jobs: readonly BlockJob[],
    private readonly bitmap: string,
    private readonly incremental: boolean,
  ) {}

  /** Waits for every job, then puts each file in place; on any failure removes them all and throws. */
  async wait(options: WaitOptions = {}): Promise<BackupResult[]> {
    const outcomes = await Promise.allSettled(this.jobs.map((job) => job.wait(options)));
    const reasons = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
    );
    await cleanUp(this.qmp, this.planned, reasons.length === 0);
    if (reasons.length > 0 && (this.planned.length > 1 || !this.incremental)) {
      await this.dropBitmaps();
    }
    // Grouped jobs that QEMU cancelled because another failed say only "cancelled": report the cause.
    const cause = reasons.find(
      (reason) => !(reason instanceof BlockJobFailedError && /cancel/i.test(reason.qemuError)),
    );
    if (reasons.length > 0) throw cause ?? reasons[0];
    return this.planned.map((plan) => ({
      disk: plan.target.disk,
      nodeName: plan.disk.nodeName,
      file: plan.target.to,
      jobId: plan.jobId,
    }));
  }

  /**
   * After a failed backup no file is kept, but the bitmaps of a full backup
   * (and of disks whose incremental part succeeded) were already reset: drop
   * them, so the next backup of these disks has to be full.
   */
  private async dropBitmaps(): Promise<void> {
    if (this.qmp.isClosed) return;
    for (const plan of this.planned) {
      await this.qmp
        .execute('block-dirty-bitmap-remove', { node: plan.disk.nodeName, name: this.bitmap })
        .catch(() => {});
    }
  }

  async cancel(): Promise<void> {
    await Promise.all(this.jobs.map((job) => job.cancel()));
  }
}

async function cleanUp(qmp: QmpClient, planned: readonly Planned[], keep: boolean): Promise<void> {
  for (const plan of planned) {
    if (!qmp.isClosed) await removeNode(qmp, plan.targetNode).catch(() => {});
    if (keep) await commitFile(plan.partial, plan.target.to);
    else await removeImage(plan.partial);
  }
}

/** Starts the backup of `targets` (one transaction) and returns once its jobs run. */
export async function startBackup(
  qmp: QmpClient,
  targets: readonly BackupTarget[],
  options: BackupOptions = {},
): Promise<RunningBackup> {
  if (targets.length === 0) throw new InvalidJobRequestError('backup: no disk given');
  const bitmap = options.bitmap ?? DEFAULT_BITMAP;
  const planned: Planned[] = [];
  try {
    for (const target of targets) {
      const disk = await findDisk(qmp, target.disk);
      if (options.incremental && !disk.bitmaps.includes(bitmap)) {
        throw new InvalidJobRequestError(
          `${target.disk}: no dirty bitmap "${bitmap}" to back up incrementally from; make a full backup first`,
        );
      }
      const partial = partialPath(resolve(target.to));
      const backing =
        options.incremental && target.base
          ? { file: resolve(target.base), format: 'qcow2' }
          : undefined;
      const jobId = newJobId('backup', disk.nodeName);
      const plan: Planned = {
        target,
        disk,
        partial,
        targetNode: { nodeName: newNodeName('backup') },
        jobId,
      };
      planned.push(plan);
      await createQcow2(partial, disk.virtualSize, backing);
      plan.targetNode = await addImageNode(qmp, plan.targetNode.nodeName, partial, disk);
    }
    const actions = planned.flatMap((plan) => backupActions(plan, bitmap, options));
    // Not `completion-mode: grouped`: QEMU 7.2 refuses it with bitmap actions in the transaction.
    const transaction = () => qmp.execute('transaction', { actions } as never);
    const jobs = await BlockJob.start(
      qmp,
      planned.map((plan) => ({ id: plan.jobId, type: 'backup' })),
      () => (options.freeze ? options.freeze.withFrozenFilesystems(transaction) : transaction()),
    );
    return new RunningBackup(qmp, planned, jobs, bitmap, options.incremental === true);
  } catch (error) {
    await cleanUp(qmp, planned, false);
    throw error;
  }
}

/** Backs up `targets` and waits for the result. */
export async function backup(
  qmp: QmpClient,
  targets: readonly BackupTarget[],
  options: BackupOptions & WaitOptions = {},
): Promise<BackupResult[]> {
  return (await startBackup(qmp, targets, options)).wait(options);
}

function backupActions(plan: Planned, bitmap: string, options: BackupOptions): unknown[] {
  const node = plan.disk.nodeName;
  const job = {
    'job-id': plan.jobId,
    device: node,
    target: plan.targetNode.nodeName,
    'auto-dismiss': false,
    ...(options.speed === undefined ? {} : { speed: options.speed }),
  };
  if (options.incremental) {
    return [
      {
        type: 'blockdev-backup',
        data: { ...job, sync: 'incremental', bitmap, 'bitmap-mode': 'on-success' },
      },
    ];
  }
  const resetBitmap = plan.disk.bitmaps.includes(bitmap)
    ? { type: 'block-dirty-bitmap-clear', data: { node, name: bitmap } }
    : {
        type: 'block-dirty-bitmap-add',
        data: { node, name: bitmap, persistent: plan.disk.format === 'qcow2' },
      };
  return [resetBitmap, { type: 'blockdev-backup', data: { ...job, sync: 'full' } }];
}
