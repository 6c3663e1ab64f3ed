import { QapiCommandError, QmonError } from '../session/errors.js';

/** The agent answered a command with an error; `errorClass` and `desc` are qemu-ga's own. */
export class QgaCommandError extends QapiCommandError {}

/**
 * The command exists but is disabled: by the agent's blocklist (`qemu-ga -b`), or
 * while filesystems are frozen. qemu-ga 7.2 reports it with class `CommandNotFound`,
 * other versions with `GenericError`; the description tells it apart either way.
 */
export class QgaCommandDisabledError extends QgaCommandError {
  override readonly code = 'COMMAND_DISABLED';
  /** The agent's reason when it gives one, e.g. "the agent is in frozen state". */
  readonly reason: string | undefined;

  constructor(errorClass: string, desc: string, command: string, args: unknown) {
    super(errorClass, desc, command, args);
    this.reason = /has been disabled: (.+)$/.exec(desc)?.[1];
  }
}

/** The agent does not know the command (an older agent, or a typo). */
export class QgaCommandNotFoundError extends QgaCommandError {
  override readonly code = 'COMMAND_NOT_FOUND';
}

const DISABLED = /^Command \S+ has been disabled/;

/** Builds the error for an `{"error": ...}` reply from the agent. */
export function qgaCommandError(
  body: { class: string; desc: string },
  command: string,
  args: unknown,
): QgaCommandError {
  if (DISABLED.test(body.desc))
    return new QgaCommandDisabledError(body.class, body.desc, command, args);
  if (body.class === 'CommandNotFound')
    return new QgaCommandNotFoundError(body.class, body.desc, command, args);
  return new QgaCommandError(body.class, body.desc, command, args);
}

/** Connected, but nothing answered `guest-sync-delimited` in time. */
export class AgentNotRespondingError extends QmonError {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
  ) {
    super(
      'AGENT_NOT_RESPONDING',
      `${target}: connected, but no answer to guest-sync-delimited within ${timeoutMs} ms ` +
        '(is qemu-ga running in the guest, and is the guest booted?)',
    );
  }
}

export type QgaNotReadyCode =
  | 'AGENT_SOCKET_MISSING'
  | 'AGENT_CONNECTION_REFUSED'
  | 'AGENT_NOT_RESPONDING';

const NOT_READY_WHY: Record<QgaNotReadyCode, string> = {
  AGENT_SOCKET_MISSING: 'the socket does not exist (is QEMU running with this chardev?)',
  AGENT_CONNECTION_REFUSED: 'the connection is refused (nothing listens on the socket)',
  AGENT_NOT_RESPONDING:
    'the socket accepts connections but nothing answers (the agent has not started, or the guest has no agent)',
};

/** `waitUntilReady` gave up; `code` says what the last attempt found. */
export class QgaNotReadyError extends QmonError {
  constructor(
    override readonly code: QgaNotReadyCode,
    readonly target: string,
    readonly waitedMs: number,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(
      code,
      `${target}: the guest agent was not ready after ${Math.round(waitedMs)} ms and ${attempts} attempt(s): ${NOT_READY_WHY[code]}`,
      { cause },
    );
  }
}

/**
 * `exec` stopped waiting (timeout or abort) while the guest process was still
 * running. qemu-ga 7.2 has no command to kill it: it keeps running, and its exit
 * status stays available through `guest-exec-status` with this `pid`.
 */
export class GuestExecAbandonedError extends QmonError {
  constructor(
    override readonly code: 'EXEC_TIMEOUT' | 'EXEC_ABORTED',
    readonly path: string,
    readonly pid: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      code,
      `${path} (guest pid ${pid}): ${detail}; the process is still running in the guest ` +
        '(qemu-ga cannot kill it: poll guest-exec-status for this pid, or run kill in the guest)',
      options,
    );
  }
}

/** A file copy between host and guest failed; `bytesCopied` were transferred before. */
export class FileCopyError extends QmonError {
  constructor(
    readonly direction: 'from-guest' | 'to-guest',
    readonly guestPath: string,
    readonly hostPath: string,
    readonly bytesCopied: number,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const route =
      direction === 'from-guest'
        ? `${guestPath} (guest) → ${hostPath}`
        : `${hostPath} → ${guestPath} (guest)`;
    super('FILE_COPY_FAILED', `copying ${route} failed after ${bytesCopied} bytes: ${why}`, {
      cause,
    });
  }
}

/** Thawing the guest's filesystems after `withFrozenFilesystems` failed: they may still be frozen. */
export class FilesystemThawError extends QmonError {
  constructor(
    cause: unknown,
    /** What the callback threw, if it threw. */
    readonly callbackError?: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'THAW_FAILED',
      `guest-fsfreeze-thaw failed; the guest's filesystems may still be frozen: ${why}`,
      { cause },
    );
  }
}
