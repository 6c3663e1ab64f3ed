import { QmonError } from '../errors.js';

export type { QmonErrorCode } from '../errors.js';
export { QmonError };

/** The peer answered a command with `{"error": {"class", "desc"}}`. */
export class QapiCommandError extends QmonError {
  constructor(
    /** QEMU's error class, e.g. `GenericError`, `CommandNotFound`, `DeviceNotFound`. */
    readonly errorClass: string,
    /** QEMU's description of the error. */
    readonly desc: string,
    readonly command: string,
    readonly args: unknown,
  ) {
    super('COMMAND_FAILED', `${command}: ${desc} (${errorClass})`);
  }
}

/** A command got no reply within its timeout; the session stays usable. */
export class CommandTimeoutError extends QmonError {
  constructor(
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super('TIMEOUT', `${command}: no reply within ${timeoutMs} ms`);
  }
}

/** The caller's AbortSignal fired before the reply came; the session stays usable. */
export class CommandAbortedError extends QmonError {
  constructor(
    readonly command: string,
    reason: unknown,
  ) {
    super(
      'ABORTED',
      `${command}: aborted${reason instanceof Error ? ` (${reason.message})` : ''}`,
      {
        cause: reason,
      },
    );
  }
}

/** The connection closed (or was never usable) before the command got its reply. */
export class DisconnectedError extends QmonError {
  constructor(
    /** The command that was waiting, or undefined when the session itself reports the close. */
    readonly command: string | undefined,
    cause?: unknown,
  ) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      'DISCONNECTED',
      command ? `${command}: connection closed before the reply${why}` : `connection closed${why}`,
      { cause },
    );
  }
}

/** The peer sent something that breaks the protocol (not a JSON-level problem: that is WireDecodeError). */
export class ProtocolError extends QmonError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROTOCOL', message, options);
  }
}

/** A reply was dropped because it grew past the decoder's size cap. */
export class ReplyTooLargeError extends QmonError {
  constructor(
    readonly command: string,
    cause: Error,
  ) {
    super('REPLY_TOO_LARGE', `${command}: ${cause.message}`, { cause });
  }
}
