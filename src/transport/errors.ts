import { QmonError } from '../errors.js';

/** Opening a connection to a target failed. `code` tells why. */
export class ConnectError extends QmonError {
  constructor(
    code:
      | 'TARGET_NOT_FOUND'
      | 'CONNECTION_REFUSED'
      | 'CONNECT_TIMEOUT'
      | 'PERMISSION_DENIED'
      | 'CONNECT_FAILED',
    readonly target: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, `${target}: ${message}`, options);
  }
}

export class InvalidTargetError extends QmonError {
  constructor(
    readonly target: string,
    why: string,
  ) {
    super('INVALID_TARGET', `${JSON.stringify(target)} is not a valid target: ${why}`);
  }
}

/** Maps a socket error to what it means for someone trying to reach QEMU. */
export function connectErrorFrom(target: string, error: NodeJS.ErrnoException): ConnectError {
  switch (error.code) {
    case 'ENOENT':
      return new ConnectError(
        'TARGET_NOT_FOUND',
        target,
        'no such socket (is QEMU running with this monitor?)',
        {
          cause: error,
        },
      );
    case 'ECONNREFUSED':
      return new ConnectError(
        'CONNECTION_REFUSED',
        target,
        'connection refused (nothing is listening there)',
        {
          cause: error,
        },
      );
    case 'EACCES':
    case 'EPERM':
      return new ConnectError('PERMISSION_DENIED', target, 'permission denied', { cause: error });
    case 'ENOTSOCK':
      return new ConnectError('CONNECT_FAILED', target, 'not a socket', { cause: error });
    default:
      return new ConnectError('CONNECT_FAILED', target, error.message, { cause: error });
  }
}
