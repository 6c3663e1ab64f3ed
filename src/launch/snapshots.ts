/**
 * Internal snapshots (VM state plus disk state inside qcow2 images) through
 * QMP's `snapshot-save`/`-load`/`-delete` jobs rather than HMP `savevm`: the
 * tag travels as JSON (any text), and failures come back as job errors rather
 * than as `Error: ...` strings. The jobs need named block nodes, which every
 * disk qmon attaches has.
 */
import { randomBytes } from 'node:crypto';
import type { QmpClient } from '../qmp/qmp-client.js';
import type { SnapshotInfo } from '../schema/generated/qemu-10.0/qmp.js';
import type { CallOptions } from '../session/qapi-session.js';
import { InvalidSpecError, JobFailedError, VmTimeoutError } from './errors.js';
import { checkArgString } from './qemu-option.js';

export const DEFAULT_SNAPSHOT_TIMEOUT_MS = 120_000;

export interface Snapshot {
  id: string;
  tag: string;
  /** Bytes of saved VM state (0 for a disk-only snapshot). */
  vmStateSize: number;
  date: Date;
  /** Guest clock at the snapshot, in nanoseconds. */
  vmClockNs: number;
}

export interface SnapshotOptions {
  timeout?: number;
  /** Node that stores the VM state (default: the first writable qcow2 disk). */
  vmstate?: string;
}

/** Writable qcow2 nodes attached to devices, in query-block order. */
async function qcow2Nodes(qmp: QmpClient, options?: CallOptions): Promise<string[]> {
  const blocks = await qmp.execute('query-block', undefined, options);
  const nodes: string[] = [];
  for (const block of blocks) {
    const node = block.inserted;
    if (node?.drv === 'qcow2' && !node.ro && node['node-name']) nodes.push(node['node-name']);
  }
  if (nodes.length === 0) {
    throw new InvalidSpecError('disks', 'internal snapshots need at least one writable qcow2 disk');
  }
  return nodes;
}

export function saveSnapshot(
  qmp: QmpClient,
  tag: string,
  options: SnapshotOptions = {},
): Promise<void> {
  return saveOrLoad(qmp, 'snapshot-save', tag, options);
}

export function loadSnapshot(
  qmp: QmpClient,
  tag: string,
  options: SnapshotOptions = {},
): Promise<void> {
  return saveOrLoad(qmp, 'snapshot-load', tag, options);
}

async function saveOrLoad(
  qmp: QmpClient,
  job: 'snapshot-save' | 'snapshot-load',
  tag: string,
  options: SnapshotOptions,
): Promise<void> {
  checkTag(tag);
  const devices = await qcow2Nodes(qmp);
  const vmstate = options.vmstate ?? devices[0]!;
  await runJob(qmp, job, { tag, vmstate, devices }, options.timeout);
}

export async function deleteSnapshot(
  qmp: QmpClient,
  tag: string,
  options: Omit<SnapshotOptions, 'vmstate'> = {},
): Promise<void> {
  checkTag(tag);
  const devices = await qcow2Nodes(qmp);
  await runJob(qmp, 'snapshot-delete', { tag, devices }, options.timeout);
}

/** The snapshots of the first writable qcow2 disk (where the VM state goes by default). */
export async function listSnapshots(
  qmp: QmpClient,
  node?: string,
  options?: CallOptions,
): Promise<Snapshot[]> {
  const blocks = await qmp.execute('query-block', undefined, options);
  const wanted = node ?? (await qcow2Nodes(qmp, options))[0];
  const info = blocks.find((block) => block.inserted?.['node-name'] === wanted)?.inserted;
  return (info?.image.snapshots ?? []).map(toSnapshot);
}

function toSnapshot(info: SnapshotInfo): Snapshot {
  return {
    id: info.id,
    tag: info.name,
    vmStateSize: Number(info['vm-state-size']),
    date: new Date(Number(info['date-sec']) * 1000 + Math.floor(Number(info['date-nsec']) / 1e6)),
    vmClockNs: Number(info['vm-clock-sec']) * 1e9 + Number(info['vm-clock-nsec']),
  };
}

function checkTag(tag: string): void {
  checkArgString('tag', tag);
  if (tag === '') throw new InvalidSpecError('tag', 'is empty');
}

type JobCommand = 'snapshot-save' | 'snapshot-load' | 'snapshot-delete';

/** Starts a job, waits for it to conclude, reads its error if any, and dismisses it. */
async function runJob(
  qmp: QmpClient,
  command: JobCommand,
  args: { tag: string; vmstate?: string; devices: string[] },
  timeoutMs = DEFAULT_SNAPSHOT_TIMEOUT_MS,
): Promise<void> {
  const jobId = `qmon-${command}-${randomBytes(4).toString('hex')}`;
  const giveUp = new AbortController();
  const concluded = qmp.waitForEvent('JOB_STATUS_CHANGE', {
    match: (event) => event.data.id === jobId && event.data.status === 'concluded',
    timeout: timeoutMs,
    signal: giveUp.signal,
  });
  try {
    await qmp.executeUntyped(command, { 'job-id': jobId, ...args });
  } catch (error) {
    giveUp.abort();
    await concluded.catch(() => {});
    throw error;
  }
  try {
    await concluded;
  } catch (cause) {
    if ((cause as { code?: string }).code === 'TIMEOUT') {
      throw new VmTimeoutError(`${command} ${JSON.stringify(args.tag)}`, timeoutMs);
    }
    throw cause;
  }
  const job = (await qmp.execute('query-jobs')).find((info) => info.id === jobId);
  await qmp.execute('job-dismiss', { id: jobId });
  if (job?.error) throw new JobFailedError(jobId, command, job.error);
}
