import { QapiCommandError, QmonError } from '../session/errors.js';

/** QEMU answered a QMP command with an error; `errorClass` and `desc` are QEMU's own. */
export class QmpCommandError extends QapiCommandError {}

/** Connected, but QEMU sent no greeting in time: most often another client holds the monitor. */
export class NoGreetingError extends QmonError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(
      'NO_GREETING',
      `${target}: connected, but no QMP greeting within ${timeoutMs} ms; QEMU serves one client per monitor, so another client probably holds it`,
    );
  }
}

/** An HMP command line ran but QEMU reported an error in its text output. */
export class HmpCommandError extends QmonError {
  constructor(
    readonly commandLine: string,
    readonly output: string,
  ) {
    // QEMU may print an error over two lines (the error, then where to find help).
    super('HMP_FAILED', `${commandLine}: ${output.trim().split('\n').join('; ')}`);
  }
}

/** QEMU dropped an in-band command because its queue was full (only with OOB enabled). */
export class CommandDroppedError extends QmonError {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super('COMMAND_DROPPED', `${command}: dropped by QEMU (${reason})`);
  }
}

/** An event iterator's buffer filled up because its consumer fell behind. */
export class EventOverflowError extends QmonError {
  constructor(
    readonly capacity: number,
    readonly dropped: number,
  ) {
    super('EVENT_OVERFLOW', `event buffer of ${capacity} overflowed; ${dropped} event(s) dropped`);
  }
}

/** The peer's first message was not a QMP greeting. */
export class NotQmpError extends QmonError {
  constructor(
    readonly target: string,
    detail: string,
  ) {
    super('NOT_QMP', `${target}: not a QMP monitor (${detail})`);
  }
}
