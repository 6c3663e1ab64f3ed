import { QmonError } from '../session/errors.js';

/** The state folder's disk is full: the write was not made, and nothing written before is harmed. */
export class StoreFullError extends QmonError {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super('STORE_FULL', `the disk holding ${path} is full: the change was not saved`, { cause });
  }
}

/** The database could not be opened or written for another reason (I/O error, corrupt file, locked). */
export class StoreError extends QmonError {
  constructor(message: string, cause?: unknown) {
    super('STORE_FAILED', message, { cause });
  }
}

/** A name that must be unique (VM, user) is taken. */
export class NameTakenError extends QmonError {
  constructor(
    readonly kind: string,
    readonly takenName: string,
  ) {
    super('NAME_TAKEN', `a ${kind} named ${JSON.stringify(takenName)} exists already`);
  }
}

/** Nothing with this id (VM, user, token). */
export class NotFoundError extends QmonError {
  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super('NOT_FOUND', `no ${kind} ${JSON.stringify(id)}`);
  }
}

/** The request is valid but conflicts with the current state (e.g. undefine a running VM). */
export class ConflictError extends QmonError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** A request field is wrong. */
export class BadRequestError extends QmonError {
  constructor(
    readonly field: string,
    why: string,
  ) {
    super('BAD_REQUEST', `${field}: ${why}`);
  }
}

/** No valid session or token. */
export class UnauthenticatedError extends QmonError {
  constructor(why = 'log in or give an API token') {
    super('UNAUTHENTICATED', why);
  }
}

/** Authenticated, but the role may not do this. */
export class ForbiddenError extends QmonError {
  constructor(why: string) {
    super('FORBIDDEN', why);
  }
}

/** The role's monitor policy refuses this QMP or HMP command. */
export class MonitorCommandRefusedError extends QmonError {
  constructor(
    readonly command: string,
    readonly role: string,
    reason: string,
  ) {
    super('MONITOR_COMMAND_REFUSED', `${command}: refused for role ${role} (${reason})`);
  }
}
