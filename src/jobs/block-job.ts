/**
 * One QEMU job (`query-jobs`) watched through `JOB_STATUS_CHANGE`: subscribed
 * before the command that creates it, so no status change is missed. Jobs run
 * with `auto-dismiss: false`, so a failed job's error can still be read from
 * `query-jobs`; `wait()` reads it, dismisses the job and throws it typed.
 */
import { randomBytes } from 'node:crypto';
import { QmpCommandError } from '../qmp/errors.js';
import type { QmpClient } from '../qmp/qmp-client.js';
import type { JobInfo, JobStatus } from '../schema/generated/qemu-10.0/qmp.js';
import {
  BlockJobCancelledError,
  BlockJobFailedError,
  JobLostError,
  JobWaitError,
} from './errors.js';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Milliseconds; unbounded when absent (then pass a signal). */
  timeout?: number;
}

export interface JobProgress {
  id: string;
  type: string;
  status: JobStatus;
  /** Bytes done and bytes to do, as QEMU estimates them (the total may grow while the guest writes). */
  current: number;
  total: number;
}

const ENDED: readonly JobStatus[] = ['concluded', 'null'];

/** A fresh job id: `backup-disk0-3f9a1c`. */
export function newJobId(type: string, node: string): string {
  const safe = node.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40);
  return `${type}-${safe}-${randomBytes(3).toString('hex')}`;
}

export class BlockJob {
  private status_: JobStatus = 'undefined';
  private readonly wakers = new Set<() => void>();
  private readonly off: () => void;
  private lost: Error | undefined;
  private cancelRequested = false;
  /** QEMU reported `aborting`: the job failed or was cancelled (by anyone). */
  private aborted = false;

  private constructor(
    private readonly qmp: QmpClient,
    readonly id: string,
    readonly type: string,
  ) {
    this.off = qmp.on('JOB_STATUS_CHANGE', (data) => {
      if (data.id !== id) return;
      this.status_ = data.status;
      if (data.status === 'aborting') this.aborted = true;
      this.wake();
    });
    void qmp.closed.then((reason) => {
      this.lost = reason;
      this.wake();
    });
  }

  /** Watches job `id` from now on: call it before the command that starts the job. */
  static watch(qmp: QmpClient, id: string, type: string): BlockJob {
    return new BlockJob(qmp, id, type);
  }

  /**
   * Watches `jobs`, then runs `start` (the command or `transaction` that creates
   * them). When `start` fails nothing is left watched, and QEMU's error is thrown.
   */
  static async start(
    qmp: QmpClient,
    jobs: readonly { id: string; type: string }[],
    start: () => Promise<unknown>,
  ): Promise<BlockJob[]> {
    const watched = jobs.map((job) => BlockJob.watch(qmp, job.id, job.type));
    try {
      await start();
      return watched;
    } catch (error) {
      for (const job of watched) job.release();
      throw error;
    }
  }

  /** A job already in `query-jobs` (e.g. started by another client). */
  static async attach(qmp: QmpClient, id: string): Promise<BlockJob | undefined> {
    const info = (await qmp.execute('query-jobs')).find((job) => job.id === id);
    if (!info) return undefined;
    const job = new BlockJob(qmp, id, info.type);
    if (job.status_ === 'undefined') job.status_ = info.status;
    if (info.status === 'aborting') job.aborted = true;
    return job;
  }

  /** Every job QEMU has, with progress. */
  static async list(qmp: QmpClient): Promise<JobProgress[]> {
    return (await qmp.execute('query-jobs')).map(toProgress);
  }

  /** The latest status QEMU reported (`undefined` before the first event). */
  get status(): JobStatus {
    return this.status_;
  }

  async progress(): Promise<JobProgress> {
    const info = (await this.qmp.execute('query-jobs')).find((job) => job.id === this.id);
    if (info) return toProgress(info);
    return { id: this.id, type: this.type, status: this.status_, current: 0, total: 0 };
  }

  /**
   * Progress snapshots until the job ends: one at once, then one on every
   * status change and at least every `intervalMs` (QEMU has no progress event).
   */
  async *progressUpdates(
    options: { intervalMs?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<JobProgress> {
    const intervalMs = options.intervalMs ?? 250;
    for (;;) {
      if (this.lost || options.signal?.aborted) return;
      const progress = await this.progress();
      yield progress;
      if (ENDED.includes(this.status_) || ENDED.includes(progress.status)) return;
      await this.nextChange(intervalMs, options.signal);
    }
  }

  /** Resolves once QEMU reports one of `statuses` for the job (e.g. `paused` after `pause()`). */
  async waitFor(statuses: readonly JobStatus[], options: WaitOptions = {}): Promise<JobStatus> {
    return this.until((status) => statuses.includes(status), statuses.join(' or '), options);
  }

  /** Resolves once the job is `ready` (mirror, active commit): `complete()` may then pivot. */
  async ready(options: WaitOptions = {}): Promise<void> {
    await this.until((status) => status === 'ready' || ENDED.includes(status), 'ready', options);
    if (this.status_ !== 'ready') await this.wait(options);
  }

  /**
   * Waits until the job has ended, dismisses it, and throws when it failed
   * (BlockJobFailedError with QEMU's text) or was cancelled.
   */
  async wait(options: WaitOptions = {}): Promise<void> {
    try {
      await this.until((status) => ENDED.includes(status), 'the end of the job', options);
    } catch (error) {
      if (error instanceof JobLostError) this.release();
      throw error;
    }
    const info = (await this.qmp.execute('query-jobs')).find((job) => job.id === this.id);
    await this.dismiss();
    this.release();
    if (this.cancelRequested) throw new BlockJobCancelledError(this.id, this.type);
    if (info?.error !== undefined) throw new BlockJobFailedError(this.id, this.type, info.error);
    if (this.aborted) {
      // Another client dismissed it before its error could be read (or cancelled it).
      throw new BlockJobFailedError(this.id, this.type, 'aborted (cancelled or failed elsewhere)');
    }
  }

  async pause(): Promise<void> {
    await this.qmp.execute('job-pause', { id: this.id });
  }

  async resume(): Promise<void> {
    await this.qmp.execute('job-resume', { id: this.id });
  }

  /** Asks QEMU to cancel; `wait()` then throws BlockJobCancelledError. */
  async cancel(): Promise<void> {
    this.cancelRequested = true;
    await this.qmp.execute('job-cancel', { id: this.id });
  }

  /** Ends a `ready` job: a mirror or active commit pivots to its target. */
  async complete(): Promise<void> {
    await this.qmp.execute('job-complete', { id: this.id });
  }

  /** Finalizes a `pending` job started with `auto-finalize: false`. */
  async finalize(): Promise<void> {
    await this.qmp.execute('job-finalize', { id: this.id });
  }

  /** Removes a concluded job from `query-jobs` (nothing to do once it is gone). */
  async dismiss(): Promise<void> {
    if (this.lost) return;
    const info = (await this.qmp.execute('query-jobs')).find((job) => job.id === this.id);
    if (info?.status !== 'concluded') return;
    try {
      await this.qmp.execute('job-dismiss', { id: this.id });
    } catch (error) {
      // Another client (`qmon vm job cancel`) dismissed it since the query: gone either way.
      if (!(error instanceof QmpCommandError && error.desc.startsWith('Job not found')))
        throw error;
    }
  }

  /** Stops watching (the job itself is untouched). */
  release(): void {
    this.off();
    this.wakers.clear();
  }

  private wake(): void {
    for (const waker of [...this.wakers]) waker();
  }

  private nextChange(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  private until(
    done: (status: JobStatus) => boolean,
    what: string,
    options: WaitOptions,
  ): Promise<JobStatus> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (settle: () => void) => {
        this.wakers.delete(check);
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const check = () => {
        if (done(this.status_)) finish(() => resolve(this.status_));
        else if (this.lost) finish(() => reject(new JobLostError(this.id, this.lost)));
      };
      const onAbort = () =>
        finish(() => reject(new JobWaitError(this.id, 'aborted', `aborted waiting for ${what}`)));
      if (options.signal?.aborted) return onAbort();
      this.wakers.add(check);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeout !== undefined && Number.isFinite(options.timeout)) {
        const ms = options.timeout;
        timer = setTimeout(
          () =>
            finish(() =>
              reject(new JobWaitError(this.id, 'timeout', `no ${what} within ${ms} ms`)),
            ),
          ms,
        );
      }
      check();
    });
  }
}

function toProgress(info: JobInfo): JobProgress {
  return {
    id: info.id,
    type: info.type,
    status: info.status,
    current: Number(info['current-progress']),
    total: Number(info['total-progress']),
  };
}
