import { QmonError } from '../session/errors.js';

/** A block job ended with an error; `qemuError` is QEMU's own text (from `query-jobs`). */
export class BlockJobFailedError extends QmonError {
  constructor(
    readonly jobId: string,
    readonly jobType: string,
    readonly qemuError: string,
  ) {
    super('JOB_FAILED', `${jobType} job ${jobId} failed: ${qemuError}`);
  }
}

/** A block job was cancelled before it finished; whatever it wrote to its target is incomplete. */
export class BlockJobCancelledError extends QmonError {
  constructor(
    readonly jobId: string,
    readonly jobType: string,
  ) {
    super('JOB_CANCELLED', `${jobType} job ${jobId} was cancelled`);
  }
}

/** QEMU went away (exited, killed, monitor closed) while a job or migration was running. */
export class JobLostError extends QmonError {
  constructor(
    readonly jobId: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super('JOB_LOST', `${jobId}: QEMU's monitor closed while the job ran${why}`, { cause });
  }
}

/** A wait for a job or a migration ran out of time or was aborted; the job itself may still run. */
export class JobWaitError extends QmonError {
  constructor(
    readonly jobId: string,
    readonly reason: 'timeout' | 'aborted',
    detail: string,
  ) {
    super(reason === 'timeout' ? 'TIMEOUT' : 'ABORTED', `${jobId}: ${detail}`);
  }
}

/** No disk of that name (device, qdev id or node name) in this VM. */
export class DiskNotFoundError extends QmonError {
  constructor(
    readonly disk: string,
    readonly known: readonly string[],
  ) {
    super(
      'DISK_NOT_FOUND',
      `no disk "${disk}" in this VM (disks: ${known.length ? known.join(', ') : 'none'})`,
    );
  }
}

/** A request qmon refuses before asking QEMU (a bad size, a non-loopback TCP address, ...). */
export class InvalidJobRequestError extends QmonError {
  constructor(message: string) {
    super('INVALID_REQUEST', message);
  }
}

/** A migration ended in `failed` or `cancelled`; `qemuError` is QEMU's `error-desc` when given. */
export class MigrationFailedError extends QmonError {
  constructor(
    readonly status: string,
    readonly qemuError: string | undefined,
  ) {
    super(
      status === 'cancelled' ? 'MIGRATION_CANCELLED' : 'MIGRATION_FAILED',
      `migration ${status}${qemuError ? `: ${qemuError}` : ''}`,
    );
  }
}

/** An image tool (`qemu-img`) failed; its stderr is in the message. */
export class ImageToolError extends QmonError {
  constructor(
    readonly args: readonly string[],
    stderr: string,
  ) {
    super('IMAGE_TOOL_FAILED', `qemu-img ${args[0] ?? ''} failed: ${stderr.trim()}`);
  }
}
