import { QmonError } from '../session/errors.js';

export { HmpCommandError } from '../qmp/errors.js';
export { CommandAbortedError, CommandTimeoutError, DisconnectedError } from '../session/errors.js';

/** The peer is not a QEMU human monitor: e.g. a QMP socket, whose first bytes are a JSON greeting. */
export class NotHmpError extends QmonError {
  constructor(
    readonly target: string,
    /** The first bytes received, as text, for the message. */
    readonly sample: string,
  ) {
    super(
      'NOT_HMP',
      `${target}: not a QEMU human monitor (it sent ${JSON.stringify(sample.slice(0, 80))})`,
    );
  }
}

/** Connected, but no `(qemu) ` prompt came in time: most often another client holds the monitor. */
export class NoPromptError extends QmonError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(
      'NO_PROMPT',
      `${target}: connected, but no (qemu) prompt within ${timeoutMs} ms; QEMU serves one client per monitor, so another client probably holds it`,
    );
  }
}

/** A command line HMP's readline would mangle: control characters, or longer than its buffer. */
export class InvalidCommandLineError extends QmonError {
  constructor(
    readonly commandLine: string,
    why: string,
  ) {
    super('INVALID_COMMAND_LINE', `${JSON.stringify(commandLine.slice(0, 80))}: ${why}`);
  }
}
