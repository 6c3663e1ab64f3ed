import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { QmonError } from '../session/errors.js';
import type { CallOptions } from '../session/qapi-session.js';
import type { AgentCaller } from './agent-caller.js';
import { guestExec } from './guest-exec.js';

/**
 * Puts a finished temporary file in place in the guest, in one `guest-exec`
 * of `/bin/sh`: give it its mode, refuse a folder, write through a symbolic
 * link to its target (as the host side does), and rename it over the
 * destination; on any failure remove the temporary file and leave the
 * destination as it was.
 */
const INSTALL_SCRIPT = [
  'tmp=$1 dest=$3',
  'fail() { rm -f "$tmp"; echo "$1" >&2; exit 1; }',
  'if [ -L "$dest" ]; then dest=$(readlink -f "$dest") || fail "$3: a symbolic link to nowhere"; fi',
  '[ -d "$dest" ] && fail "$dest: is a folder"',
  'chmod "$2" "$tmp" || fail "chmod $2 failed"',
  'mv -f "$tmp" "$dest" || fail "rename into place failed"',
].join('\n');

/** The guest-exec part of installing a copied file failed; the destination is unchanged. */
export class GuestInstallError extends QmonError {
  constructor(
    readonly guestPath: string,
    why: string,
  ) {
    super('GUEST_INSTALL_FAILED', `${guestPath}: ${why}`);
  }
}

/** A temporary name beside `guestPath`, in the same guest folder (so the rename stays atomic). */
export function guestTempPath(guestPath: string): string {
  return posix.join(
    posix.dirname(guestPath),
    `.${posix.basename(guestPath)}.qmon-${randomBytes(6).toString('hex')}.tmp`,
  );
}

/** Whether this agent runs programs (`guest-exec` and `guest-exec-status` enabled). */
export async function guestCanExec(agent: AgentCaller, call: CallOptions): Promise<boolean> {
  const info = await agent.call('guest-info', {}, call);
  const enabled = new Set(
    info.supported_commands.filter((command) => command.enabled).map((command) => command.name),
  );
  return enabled.has('guest-exec') && enabled.has('guest-exec-status');
}

export async function installGuestFile(
  agent: AgentCaller,
  tempPath: string,
  guestPath: string,
  mode: number,
  call: CallOptions,
): Promise<void> {
  const result = await guestExec(
    agent,
    '/bin/sh',
    ['-c', INSTALL_SCRIPT, 'qmon-cp', tempPath, mode.toString(8).padStart(4, '0'), guestPath],
    call,
  );
  if (result.exitCode !== 0)
    throw new GuestInstallError(guestPath, result.stderr.trim() || `exit code ${result.exitCode}`);
}

/** Removes a temporary guest file after a failed copy; best effort (the agent may be gone). */
export async function removeGuestFile(agent: AgentCaller, tempPath: string): Promise<void> {
  if (!agent.isOpen()) return;
  await guestExec(agent, '/bin/rm', ['-f', tempPath], { timeout: agent.defaultTimeout }).catch(
    () => {},
  );
}
