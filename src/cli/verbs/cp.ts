import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CopyProgress } from '../../qga/file-copy.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { progressBarOnTerminal } from '../progress-bar.js';
import { callTimeout, withAgent } from '../qga-connection.js';

interface GuestSide {
  target: string;
  path: string;
}

/**
 * `qmon cp TARGET:GUESTPATH HOSTPATH` and `qmon cp HOSTPATH TARGET:GUESTPATH`:
 * file copy through the guest agent, with a progress bar when stderr is a terminal.
 */
export async function run(
  context: CliContext,
  [source, destination]: string[],
  options: Record<string, unknown>,
) {
  const [from, to] = [guestSide(context, source!), guestSide(context, destination!)];
  if (from && to)
    throw new UserError('both sides name a guest; one of them must be a host path', 2);
  if (!from && !to) {
    throw new UserError(
      'one side must be TARGET:GUESTPATH (a VM name or agent socket, a colon, a path in the guest)',
      2,
    );
  }
  const toGuest = to !== undefined;
  const guest = (from ?? to)!;
  const host = toGuest ? source! : destination!;
  const label = toGuest ? basename(host) : basename(guest.path);
  const bar = progressBarOnTerminal(label);
  const onProgress = bar
    ? (progress: CopyProgress) => bar.update(progress.bytes, progress.totalBytes)
    : undefined;
  const copy = {
    ...callTimeout(options),
    ...(onProgress ? { onProgress } : {}),
  };
  let total: number | undefined;
  try {
    const result = await withAgent(context, guest.target, options, async (client) => {
      if (toGuest) {
        total = statSync(host).size;
        const guestPath = guest.path.endsWith('/') ? guest.path + basename(host) : guest.path;
        return client.copyToGuest(host, guestPath, copy);
      }
      return client.copyFromGuest(guest.path, hostDestination(host, guest.path), copy);
    });
    bar?.finish(result.bytes, total ?? result.bytes);
  } catch (error) {
    bar?.clear();
    throw error;
  }
  return 0;
}

/** Copying into an existing host folder keeps the guest file's name. */
function hostDestination(host: string, guestPath: string): string {
  try {
    if (statSync(host).isDirectory()) return join(host, basename(guestPath));
  } catch {
    // Not there yet: the path names the file to create.
  }
  return host;
}

/**
 * Splits `TARGET:PATH`. TARGET is `unix:SOCKET`, `tcp:HOST:PORT`, an agent
 * socket's path, or a VM name; a word whose part before the colon is none of
 * these (`./notes:v2`) is a host path.
 */
function guestSide(context: CliContext, word: string): GuestSide | undefined {
  let target: string;
  let path: string;
  const tcp = /^(tcp:[^:]*:\d+):(.*)$/s.exec(word);
  if (tcp) {
    [target, path] = [tcp[1]!, tcp[2]!];
  } else {
    const prefix = word.startsWith('unix:') ? 'unix:'.length : 0;
    const colon = word.indexOf(':', prefix);
    if (colon <= prefix) return undefined;
    [target, path] = [word.slice(0, colon), word.slice(colon + 1)];
    if (prefix === 0 && target.includes('/') && !isSocket(target)) return undefined;
    if (prefix === 0 && !target.includes('/')) {
      // A bare name: a VM (checked now, for a clear error), unless it is an existing host path.
      if (existsAsFile(word)) return undefined;
      target = context.resolveTarget(target, 'qga');
    }
  }
  if (path === '') throw new UserError(`${word}: no guest path after the colon`, 2);
  return { target, path };
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

function existsAsFile(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
