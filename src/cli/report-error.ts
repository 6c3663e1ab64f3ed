import { QmonError } from '../session/errors.js';
import { EXIT, UserError } from './errors.js';

/** Prints an error as one clear line (a stack trace only with --debug); returns the exit code. */
export function reportError(error: unknown, debug: boolean): number {
  const message = error instanceof Error ? error.message : String(error);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else if (error instanceof QmonError) process.stderr.write(`qmon: ${message}\n`);
  else process.stderr.write(`qmon: ${message} (run with --debug for details)\n`);
  return error instanceof UserError ? error.exitCode : EXIT.failure;
}

/** A closed pipe on stdout (`qmon ... | head -c 1`): the reader has all it wants. */
export function isClosedPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
