/**
 * `qmon vm jobs NAME [--watch]` and `qmon vm job cancel|pause|resume NAME JOB`,
 * plus how every job verb shows progress: a bar on a terminal, JSON lines with
 * `--json`, and Ctrl-C cancelling the job rather than leaving it behind.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { BlockJob, type JobProgress } from '../../jobs/block-job.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { formatBytes, formatTable } from '../format-table.js';
import { printable } from '../printable.js';
import { progressBarOnTerminal } from '../progress-bar.js';
import type { Options } from '../verb.js';
import type { vmJobsOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';

/**
 * Shows `job`'s progress until it ends, and cancels it on Ctrl-C. Returns
 * when the job has ended; the operation that started it reports the outcome.
 */
export async function showJobProgress(
  context: CliContext,
  job: BlockJob,
  options: { json: boolean },
): Promise<void> {
  const bar = options.json ? undefined : progressBarOnTerminal(`${job.type} ${job.id}`);
  const onInterrupt = () => {
    context.err(`cancelling ${job.id}...`);
    job.cancel().catch(() => {});
  };
  process.once('SIGINT', onInterrupt);
  let last: JobProgress | undefined;
  try {
    for await (const progress of job.progressUpdates()) {
      last = progress;
      if (options.json) context.out(JSON.stringify({ progress }));
      else bar?.update(progress.current, progress.total || undefined);
    }
  } catch {
    // the operation's own promise reports why the job could not be followed
  } finally {
    process.off('SIGINT', onInterrupt);
    if (last && bar) bar.finish(last.total || last.current, last.total || undefined);
  }
}

function row(job: JobProgress): string[] {
  const percent = job.total > 0 ? `${Math.floor((job.current / job.total) * 100)}%` : '-';
  return [
    job.id,
    job.type,
    job.status,
    percent,
    `${formatBytes(job.current)} / ${formatBytes(job.total)}`,
  ];
}

export function list(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmJobsOptions>,
) {
  // `--watch` lists every second until Ctrl-C, which ends it as a normal exit.
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  if (options.watch) process.once('SIGINT', onInterrupt);
  return withVm(name!, async (vm) => {
    for (;;) {
      const jobs = await BlockJob.list(vm.qmp);
      if (options.json) context.out(JSON.stringify(jobs));
      else if (jobs.length === 0) context.out(`${vm.name}: no jobs`);
      else context.out(formatTable(['JOB', 'TYPE', 'STATUS', 'DONE', 'BYTES'], jobs.map(row)));
      if (!options.watch) return 0;
      const interrupted = await sleep(1000, false, { signal: stop.signal }).catch(() => true);
      if (interrupted) return 0;
    }
  }).finally(() => process.off('SIGINT', onInterrupt));
}

function jobAction(verb: 'cancel' | 'pause' | 'resume') {
  return (context: CliContext, [name, id]: string[]) =>
    withVm(name!, async (vm) => {
      const job = await BlockJob.attach(vm.qmp, id!);
      if (!job) throw new UserError(`${vm.name}: no job ${printable(id!)}`);
      try {
        await job[verb]();
        if (verb === 'cancel') await job.wait({ timeout: 30_000 }).catch(() => {});
      } finally {
        job.release();
      }
      context.out(`${vm.name}: ${verb === 'cancel' ? 'cancelled' : `${verb}d`} ${job.id}`);
      return 0;
    });
}

export const cancel = jobAction('cancel');
export const pause = jobAction('pause');
export const resume = jobAction('resume');
