/**
 * What `qmon login` keeps: per daemon URL, an API token and how to trust the
 * daemon's TLS certificate, in `$XDG_CONFIG_HOME/qmon/credentials.json`
 * (`~/.config/qmon/...`), mode 0600 in a 0700 folder, replaced atomically.
 */
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** How the daemon's certificate is trusted when the system's authorities do not vouch for it. */
export interface TlsTrust {
  /** PEM: the CA given with `--ca`, or the daemon's own certificate when pinned. */
  ca: string;
  /** Pinned: the certificate's SHA-256 fingerprint (`AB:CD:...`), checked instead of the host name. */
  fingerprint?: string;
}

export interface DaemonCredentials {
  user: string;
  /** The API token (`qmon_...`). */
  token: string;
  /** Its id, to revoke it at logout. */
  tokenId: string;
  tls?: TlsTrust;
}

interface CredentialsFile {
  format: 1;
  daemons: Record<string, DaemonCredentials>;
}

export function credentialsPath(): string {
  const config = process.env.XDG_CONFIG_HOME
    ? resolve(process.env.XDG_CONFIG_HOME)
    : join(homedir(), '.config');
  return join(config, 'qmon', 'credentials.json');
}

async function readAll(path = credentialsPath()): Promise<CredentialsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, daemons: {} };
    throw new UserError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as CredentialsFile;
    if (parsed.format !== 1 || typeof parsed.daemons !== 'object' || parsed.daemons === null)
      throw new Error('not a qmon credentials file');
    return parsed;
  } catch (error) {
    throw new UserError(
      `${path} is damaged (${(error as Error).message}); remove it and log in again`,
    );
  }
}

/** The credentials stored for a daemon (by its normalised URL), if any. */
export async function credentialsFor(url: string): Promise<DaemonCredentials | undefined> {
  return (await readAll()).daemons[url];
}

/** Stores (or with undefined, forgets) the credentials of one daemon. */
export async function storeCredentials(
  url: string,
  credentials: DaemonCredentials | undefined,
): Promise<void> {
  const path = credentialsPath();
  const all = await readAll(path);
  if (credentials) all.daemons[url] = credentials;
  else delete all.daemons[url];
  await writeAtomically(path, `${JSON.stringify(all, null, 2)}\n`);
}

/** A temporary file (0600) in the same folder, fsynced, renamed over the old one, the folder fsynced. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  // 'wx' with 0600 already; chmod covers a umask that would not matter, and says what we mean.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
