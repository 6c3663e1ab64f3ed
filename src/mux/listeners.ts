import { execFile } from 'node:child_process';
import { chmod, chown, lstat, mkdtemp, rename, rm, unlink } from 'node:fs/promises';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { MuxListenError } from './errors.js';

export type ListenAddress =
  | { kind: 'unix'; path: string }
  | { kind: 'tcp'; host: string; port: number };

/** Longest unix socket path Linux takes (sun_path is 108 bytes with its NUL). */
const MAX_UNIX_PATH = 107;

/**
 * Parses `unix:PATH`, a bare path, `tcp:HOST:PORT`, `tcp:[IPv6]:PORT` or
 * `tcp::PORT`; a TCP listener without a host binds to 127.0.0.1. Port 0 picks
 * a free port.
 */
export function parseListenAddress(text: string): ListenAddress {
  if (text.startsWith('tcp:')) {
    const match = /^tcp:(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
    const port = Number(match?.[3]);
    if (!match || port > 65535)
      throw new MuxListenError('LISTEN_INVALID', text, 'expected tcp:HOST:PORT');
    return { kind: 'tcp', host: match[1] ?? (match[2] || '127.0.0.1'), port };
  }
  const path = text.startsWith('unix:') ? text.slice('unix:'.length) : text;
  if (path === '' || path.includes('\0'))
    throw new MuxListenError(
      'LISTEN_INVALID',
      text,
      'expected unix:PATH, a socket path or tcp:HOST:PORT',
    );
  return { kind: 'unix', path };
}

export function formatListenAddress(address: ListenAddress): string {
  if (address.kind === 'unix') return `unix:${address.path}`;
  return address.host.includes(':')
    ? `tcp:[${address.host}]:${address.port}`
    : `tcp:${address.host}:${address.port}`;
}

/** A listening server and how to stop it. */
export interface OpenServer {
  /** The address as bound (TCP port 0 resolved). */
  address: ListenAddress;
  close(): Promise<void>;
}

/**
 * Starts `server` listening. A unix socket is bound inside a fresh 0700
 * directory, given its mode (0600, or 0660 and the group when `group` names
 * one), and only then renamed into place: no other user can connect in the
 * moment between bind and chmod, and the process umask is left alone. A stale
 * socket (nobody listening) at the path is replaced; a live one or any other
 * file is an error.
 */
export async function listen(
  server: net.Server,
  text: string,
  group?: string | number,
): Promise<OpenServer> {
  const address = parseListenAddress(text);
  const gid = group === undefined ? undefined : await groupId(text, group);
  const mode = gid === undefined ? 0o600 : 0o660;
  if (address.kind === 'tcp') {
    await bind(server, text, { host: address.host, port: address.port });
    const bound = server.address() as net.AddressInfo;
    return {
      address: { kind: 'tcp', host: bound.address, port: bound.port },
      close: () => closeServer(server),
    };
  }
  const { path } = address;
  await removeStale(path, text);
  const dir = await mkdtemp(join(dirname(path), '.qmon-mux-')).catch((error: Error) => {
    throw new MuxListenError('LISTEN_FAILED', text, error.message, { cause: error });
  });
  const staging = join(dir, 's');
  let inode: number;
  try {
    if (Buffer.byteLength(staging) > MAX_UNIX_PATH) {
      // No room for the staging name: bind in place and narrow the mode at once.
      await bind(server, text, { path });
      await chmod(path, mode);
      if (gid !== undefined) await chown(path, -1, gid);
    } else {
      await bind(server, text, { path: staging });
      await chmod(staging, mode);
      if (gid !== undefined) await chown(staging, -1, gid);
      await rename(staging, path);
    }
    inode = (await lstat(path)).ino;
  } catch (error) {
    await closeServer(server);
    throw error instanceof MuxListenError
      ? error
      : new MuxListenError('LISTEN_FAILED', text, (error as Error).message, { cause: error });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    address,
    close: async () => {
      await closeServer(server);
      // Remove the socket only if it is still ours.
      const stat = await lstat(path).catch(() => undefined);
      if (stat?.ino === inode) await unlink(path).catch(() => {});
    },
  };
}

/** A group's id: a number as given, a name through the system's group database (`getent`). */
function groupId(text: string, group: string | number): Promise<number> {
  if (typeof group === 'number' || /^\d+$/.test(group)) return Promise.resolve(Number(group));
  return new Promise((resolve, reject) => {
    execFile('getent', ['group', group], { timeout: 5_000 }, (error, stdout) => {
      const gid = Number(stdout.split(':')[2]);
      if (error || !Number.isInteger(gid))
        reject(new MuxListenError('LISTEN_INVALID', text, `no group named ${group}`));
      else resolve(gid);
    });
  });
}

function bind(server: net.Server, text: string, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new MuxListenError(
          error.code === 'EADDRINUSE' ? 'LISTEN_IN_USE' : 'LISTEN_FAILED',
          text,
          error.message,
          { cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function removeStale(path: string, text: string): Promise<void> {
  const stat = await lstat(path).catch(() => undefined);
  if (!stat) return;
  if (!stat.isSocket())
    throw new MuxListenError('LISTEN_IN_USE', text, 'the path exists and is not a socket');
  const live = await new Promise<boolean>((resolve) => {
    const probe = net.connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (live)
    throw new MuxListenError('LISTEN_IN_USE', text, 'another process is listening on this socket');
  await unlink(path);
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
}
