import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CopyProgress } from '../../qga/file-copy.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { progressBarOnTerminal } from '../progress-bar.js';
import { callTimeout, withAgent } from '../qga-connection.js';
import type { Options } from '../verb.js';
import type { cpOptions } from '../verb-options.js';

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
  options: Options<typeof cpOptions>,
) {
  const [from, to] = [guestSide(context, source!), guestSide(context, destination!)];
  if (from && to)
    throw new UserError('both sides name a guest; one of them must be a host path', 2);
  if (from && options.mode !== undefined)
    throw new UserError('--mode is for copies into the guest', 2);
  if (to && options.special) throw new UserError('--special is for copies to the host', 2);
  if (!from && !to) {
    throw new UserError(
      'one side must be TARGET:GUESTPATH (a VM name or agent socket, a colon, a path in the guest)',
      2,
    );
  }
  const mode = options.mode === undefined ? undefined : parseMode(options.mode);
  const timeout = callTimeout(options);
  const toGuest = to !== undefined;
  const guest = (from ?? to)!;
  const host = toGuest ? source! : destination!;
  const label = toGuest ? basename(host) : basename(guest.path);
  const bar = progressBarOnTerminal(label);
  const onProgress = bar
    ? (progress: CopyProgress) => bar.update(progress.bytes, progress.totalBytes)
    : undefined;
  const copy = {
    ...timeout,
    ...(onProgress ? { onProgress } : {}),
  };
  let total: number | undefined;
  try {
    const result = await withAgent(context, guest.target, options, async (client) => {
      if (toGuest) {
        total = statSync(host).size;
        const guestPath = guest.path.endsWith('/') ? guest.path + basename(host) : guest.path;
        return client.copyToGuest(host, guestPath, {
          ...copy,
          ...(mode === undefined ? {} : { mode }),
        });
      }
      return client.copyFromGuest(guest.path, hostDestination(host, guest.path), {
        ...copy,
        allowSpecial: options.special,
      });
    });
    bar?.finish(result.bytes, total ?? result.bytes);
    if (result.atomic === false) {
      context.err(
        'qmon: warning: this guest agent cannot run programs (guest-exec), so the file was written in place and has mode 0666',
      );
    }
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
    const scheme = ['unix:', 'libvirt:'].find((s) => word.startsWith(s));
    const prefix = scheme?.length ?? 0;
    const colon = word.indexOf(':', prefix);
    if (colon <= prefix) return undefined;
    [target, path] = [word.slice(0, colon), word.slice(colon + 1)];
    if (prefix === 0 && target.includes('/') && !isSocket(target)) return undefined;
    if (prefix === 0 && !target.includes('/')) {
      // A bare name is a VM, even when this folder has a file of that name (write ./NAME:x).
      target = resolveVm(context, target, word);
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

function resolveVm(context: CliContext, name: string, word: string): string {
  try {
    return context.resolveTarget(name, 'qga');
  } catch (error) {
    if (!(error instanceof UserError) || !existsSync(word)) throw error;
    throw new UserError(
      `${error.message} (for the host file ${word}, write ./${word})`,
      error.exitCode,
    );
  }
}

/** `--mode 0755` / `755` → permission bits. */
function parseMode(value: unknown): number {
  const text = String(value);
  if (!/^0?[0-7]{3,4}$/.test(text))
    throw new UserError(
      `--mode expects octal permission bits like 0644, got ${JSON.stringify(text)}`,
      2,
    );
  return Number.parseInt(text, 8);
}
