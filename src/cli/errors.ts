import { QmonError } from '../session/errors.js';

/**
 * qmon's exit codes. A failure of qmon itself (connecting, QEMU or the agent
 * refusing a command, a timeout) exits 125, as `env` and container runtimes do,
 * so that it cannot be mistaken for a guest program's code passed through by
 * `qmon agent exec`.
 */
export const EXIT = {
  ok: 0,
  /** A mistake on the command line, reported before anything connects. */
  usage: 2,
  /** `qmon agent exec`: the guest program outlived --timeout (as `timeout(1)`). */
  timedOut: 124,
  /** qmon could not do what was asked. */
  failure: 125,
} as const;

/** A mistake the user can fix: printed as one line, no stack trace. */
export class UserError extends QmonError {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super('USER_ERROR', message);
  }
}

/** A command line that cannot work: exits 2 before anything connects. */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}
