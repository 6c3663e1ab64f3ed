import { homedir } from 'node:os';
import { join } from 'node:path';
import { LibvirtUriError } from './errors.js';

export interface LibvirtEndpoint {
  /** The URI as given. */
  uri: string;
  /** The daemon's unix socket. */
  socket: string;
  /** The name sent with CONNECT_OPEN (the URI without transport and socket). */
  openName: string;
}

/** The URI to use when none is given: LIBVIRT_DEFAULT_URI, else system for root and session for others. */
export function defaultLibvirtUri(env: NodeJS.ProcessEnv = process.env): string {
  return (
    env.LIBVIRT_DEFAULT_URI || (process.getuid?.() === 0 ? 'qemu:///system' : 'qemu:///session')
  );
}

/**
 * Reads a libvirt URI as libvirt writes them: `qemu:///system`,
 * `qemu:///session`, `qemu+unix:///system?socket=PATH`.
 */
export function parseLibvirtUri(
  uri: string,
  env: NodeJS.ProcessEnv = process.env,
): LibvirtEndpoint {
  const match = /^qemu(\+unix)?:\/\/([^/?#]*)(\/[^?#]*)(?:\?([^#]*))?$/.exec(uri);
  if (!match)
    throw new LibvirtUriError(
      uri,
      'expected qemu:///system, qemu:///session or qemu+unix:///system?socket=PATH',
    );
  const [, , host, path, query] = match;
  if (host) throw new LibvirtUriError(uri, 'remote hosts are not supported; run qmon on that host');
  if (path !== '/system' && path !== '/session')
    throw new LibvirtUriError(uri, `unknown path ${path} (use /system or /session)`);
  const params = new URLSearchParams(query ?? '');
  const unknown = [...params.keys()].filter((key) => key !== 'socket');
  if (unknown.length > 0) throw new LibvirtUriError(uri, `unsupported parameter ${unknown[0]}`);
  const socket =
    params.get('socket') ||
    (path === '/system'
      ? '/run/libvirt/libvirt-sock'
      : join(env.XDG_RUNTIME_DIR || join(homedir(), '.cache'), 'libvirt', 'libvirt-sock'));
  return { uri, socket, openName: `qemu://${path}` };
}
