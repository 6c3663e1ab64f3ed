import { QmonError } from '../session/errors.js';
import type { VirNetMessageError } from './generated/protocol.js';

/** Names of libvirt error codes (virterror.h) that callers commonly test for. */
export const LIBVIRT_ERROR_NAMES: Record<number, string> = {
  1: 'VIR_ERR_INTERNAL_ERROR',
  3: 'VIR_ERR_NO_SUPPORT',
  8: 'VIR_ERR_INVALID_ARG',
  9: 'VIR_ERR_OPERATION_FAILED',
  38: 'VIR_ERR_SYSTEM_ERROR',
  39: 'VIR_ERR_RPC',
  42: 'VIR_ERR_NO_DOMAIN',
  45: 'VIR_ERR_AUTH_FAILED',
  55: 'VIR_ERR_OPERATION_INVALID',
  68: 'VIR_ERR_OPERATION_TIMEOUT',
  84: 'VIR_ERR_OPERATION_UNSUPPORTED',
  86: 'VIR_ERR_AGENT_UNRESPONSIVE',
  88: 'VIR_ERR_ACCESS_DENIED',
};

/** libvirt answered a call with an error (`virNetMessageError`). */
export class LibvirtError extends QmonError {
  /** libvirt's error code (`virErrorNumber`), e.g. 42 for VIR_ERR_NO_DOMAIN. */
  readonly errorCode: number;
  /** libvirt's error domain (`virErrorDomain`): which part of libvirt raised it. */
  readonly errorDomain: number;
  /** The name of `errorCode` when it is a well-known one. */
  readonly errorName: string | undefined;
  /** libvirt's own message. */
  readonly libvirtMessage: string;

  constructor(
    readonly procedure: string,
    error: Pick<VirNetMessageError, 'code' | 'domain' | 'message'>,
  ) {
    const text = error.message ?? `libvirt error ${error.code}`;
    super('LIBVIRT_ERROR', `${procedure}: ${text}`);
    this.errorCode = error.code;
    this.errorDomain = error.domain;
    this.errorName = LIBVIRT_ERROR_NAMES[error.code];
    this.libvirtMessage = text;
  }
}

/** A libvirt URI qmon cannot use (unknown scheme or driver, remote host). */
export class LibvirtUriError extends QmonError {
  constructor(
    readonly uri: string,
    why: string,
  ) {
    super('INVALID_TARGET', `${JSON.stringify(uri)} is not a usable libvirt URI: ${why}`);
  }
}

/** libvirt offers no authentication method qmon implements (it does `none` and polkit). */
export class LibvirtAuthError extends QmonError {
  constructor(methods: number[]) {
    super(
      'LIBVIRT_AUTH',
      `libvirt asks for authentication qmon does not implement (methods ${methods.join(', ')}); use a socket this user may access with auth_unix_rw = "none" or polkit`,
    );
  }
}
