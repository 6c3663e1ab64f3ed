import type {
  GuestAgentInfo,
  GuestDiskInfo,
  GuestFilesystemInfo,
  GuestLogicalProcessor,
  GuestNetworkInterface,
  GuestOSInfo,
  GuestTimezone,
  GuestUser,
} from '../schema/generated/qemu-10.0/qga.js';
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

export type ShutdownMode = 'powerdown' | 'halt' | 'reboot';
export type SuspendMode = 'disk' | 'ram' | 'hybrid';

/**
 * Thin typed wrappers over the standard qemu-ga commands, and the high-level
 * helpers: file copy, exec, fsfreeze. `QgaClient` supplies `agent`.
 */
export abstract class QgaCommands extends SessionClient {
  protected abstract readonly agent: AgentCaller;

  /** Resolves when the agent answers `guest-ping`. */
  async ping(options?: CallOptions): Promise<void> {
    await this.agent.call('guest-ping', {}, options);
  }

  /** The agent's version and its commands, each with `enabled` and `success-response`. */
  info(options?: CallOptions): Promise<GuestAgentInfo> {
    return this.agent.call('guest-info', {}, options);
  }

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

  async hostName(options?: CallOptions): Promise<string> {
    return (await this.agent.call('guest-get-host-name', {}, options))['host-name'];
  }

  timezone(options?: CallOptions): Promise<GuestTimezone> {
    return this.agent.call('guest-get-timezone', {}, options);
  }

  osInfo(options?: CallOptions): Promise<GuestOSInfo> {
    return this.agent.call('guest-get-osinfo', {}, options);
  }

  networkInterfaces(options?: CallOptions): Promise<GuestNetworkInterface[]> {
    return this.agent.call('guest-network-get-interfaces', {}, options);
  }

  users(options?: CallOptions): Promise<GuestUser[]> {
    return this.agent.call('guest-get-users', {}, options);
  }

  fsInfo(options?: CallOptions): Promise<GuestFilesystemInfo[]> {
    return this.agent.call('guest-get-fsinfo', {}, options);
  }

  disks(options?: CallOptions): Promise<GuestDiskInfo[]> {
    return this.agent.call('guest-get-disks', {}, options);
  }

  vcpus(options?: CallOptions): Promise<GuestLogicalProcessor[]> {
    return this.agent.call('guest-get-vcpus', {}, options);
  }

  async sshAuthorizedKeys(username: string, options?: CallOptions): Promise<string[]> {
    return (await this.agent.call('guest-ssh-get-authorized-keys', { username }, options)).keys;
  }

  /** Adds keys to the user's `authorized_keys`; with `reset`, replaces them all. */
  async addSshAuthorizedKeys(
    username: string,
    keys: readonly string[],
    options: CallOptions & { reset?: boolean } = {},
  ): Promise<void> {
    const { reset, ...call } = options;
    const args = { username, keys: [...keys], ...(reset === undefined ? {} : { reset }) };
    await this.agent.call('guest-ssh-add-authorized-keys', args, call);
  }

  async removeSshAuthorizedKeys(
    username: string,
    keys: readonly string[],
    options?: CallOptions,
  ): Promise<void> {
    await this.agent.call(
      'guest-ssh-remove-authorized-keys',
      { username, keys: [...keys] },
      options,
    );
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

  /**
   * Asks the guest to shut down (default `powerdown`). The agent replies only on
   * failure, so this resolves once the request is out and no error came back
   * within the client's no-reply window, or when the connection closes.
   */
  async shutdown(mode?: ShutdownMode, options?: CallOptions): Promise<void> {
    await this.agent.call('guest-shutdown', mode ? { mode } : {}, options);
  }

  /** Suspends the guest; resolves like `shutdown` (the agent replies only on failure). */
  async suspend(mode: SuspendMode, options?: CallOptions): Promise<void> {
    await this.agent.call(`guest-suspend-${mode}`, {}, options);
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
