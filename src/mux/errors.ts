import { QmonError } from '../session/errors.js';

/** A listener could not be opened: bad address, in use, not a socket, no authentication, bad credentials. */
export class MuxListenError extends QmonError {
  constructor(
    code:
      | 'LISTEN_INVALID'
      | 'LISTEN_IN_USE'
      | 'LISTEN_FAILED'
      | 'LISTEN_INSECURE'
      | 'LISTEN_CREDENTIALS',
    readonly address: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${address}: ${message}`, options);
  }
}

/** The mux could not reach QEMU, or QEMU's side of the conversation broke. */
export class MuxUpstreamError extends QmonError {
  constructor(
    code: 'UPSTREAM_GREETING' | 'UPSTREAM_NEGOTIATION' | 'UPSTREAM_LOST',
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${target}: ${message}`, options);
  }
}

/** An option of `startMux` or `startReplayServer` cannot be used as given. */
export class InvalidOptionError extends QmonError {
  constructor(message: string) {
    super('INVALID_OPTION', message);
  }
}
