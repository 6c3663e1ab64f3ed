import type { CallOptions } from '../session/qapi-session.js';
import { SessionClient } from '../session/session-client.js';
import type { AgentCaller } from './agent-caller.js';
import {
  type CopyFromGuestOptions,
  type CopyToGuestOptions,
  copyFromGuest,
  copyToGuest,
  type FileCopyResult,
} from './file-copy.js';
import { type FreezeOptions, withFrozenFilesystems } from './fsfreeze.js';
import { type ExecOptions, type ExecResult, guestExec } from './guest-exec.js';

const NANOSECONDS_PER_MS = 1_000_000n;

/**
 * The helpers that add something to the agent's commands: time as a Date or
 * exact nanoseconds, password encoding, file copy, exec, fsfreeze. Every other
 * command goes through `execute` and the generated command map
 * (`execute('guest-info')`, `execute('guest-shutdown', { mode: 'powerdown' })`).
 * `QgaClient` supplies `agent`.
 */
export abstract class QgaCommands extends SessionClient {
  protected abstract readonly agent: AgentCaller;

  /** The guest's clock, to the millisecond (a JS Date's resolution); `timeNanoseconds` has it all. */
  async getTime(options?: CallOptions): Promise<Date> {
    return new Date(Number((await this.timeNanoseconds(options)) / NANOSECONDS_PER_MS));
  }

  /** The guest's clock exactly as the agent reports it: nanoseconds since the Unix epoch. */
  async timeNanoseconds(options?: CallOptions): Promise<bigint> {
    return BigInt(await this.agent.call('guest-get-time', {}, options));
  }

  /**
   * Sets the guest's clock to `time` (a Date, or exact nanoseconds since the
   * Unix epoch as a bigint), or, without it, from the guest's hardware clock.
   */
  async setTime(time?: Date | bigint, options?: CallOptions): Promise<void> {
    const args =
      time === undefined
        ? {}
        : { time: typeof time === 'bigint' ? time : BigInt(time.getTime()) * NANOSECONDS_PER_MS };
    await this.agent.call('guest-set-time', args, options);
  }

  /**
   * Sets a user's password. `password` is the plain text (or, with `crypted`,
   * a crypt(3) hash); the base64 encoding the agent expects is done here.
   */
  async setUserPassword(
    username: string,
    password: string,
    options: CallOptions & { crypted?: boolean } = {},
  ): Promise<void> {
    const { crypted = false, ...call } = options;
    const encoded = Buffer.from(password, 'utf8').toString('base64');
    await this.agent.call(
      'guest-set-user-password',
      { username, password: encoded, crypted },
      call,
    );
  }

  /** Copies a guest file to the host in chunks; see `FileCopyOptions`. */
  copyFromGuest(
    guestPath: string,
    hostPath: string,
    options?: CopyFromGuestOptions,
  ): Promise<FileCopyResult> {
    return copyFromGuest(this.agent, guestPath, hostPath, options);
  }

  /** Copies a host file into the guest in chunks; see `FileCopyOptions`. */
  copyToGuest(
    hostPath: string,
    guestPath: string,
    options?: CopyToGuestOptions,
  ): Promise<FileCopyResult> {
    return copyToGuest(this.agent, hostPath, guestPath, options);
  }

  /** Runs a program in the guest and waits for it to exit; see `guestExec`. */
  exec(path: string, args?: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    return guestExec(this.agent, path, args, options);
  }

  /** Freezes the guest's filesystems around `fn`, thawing them whatever happens. */
  withFrozenFilesystems<T>(
    fn: (frozen: number) => Promise<T> | T,
    options?: FreezeOptions,
  ): Promise<T> {
    return withFrozenFilesystems(this.agent, fn, options);
  }
}
