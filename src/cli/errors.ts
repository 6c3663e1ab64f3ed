import { QmonError } from '../session/errors.js';

/** A mistake the user can fix: printed as one line, no stack trace. */
export class UserError extends QmonError {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super('USER_ERROR', message);
  }
}
