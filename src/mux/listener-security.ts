import { randomBytes } from 'node:crypto';
import { link, lstat, open, readFile, unlink } from 'node:fs/promises';
import { isIP } from 'node:net';
import { basename, dirname, join } from 'node:path';
import type { TlsOptions } from 'node:tls';
import { MuxListenError } from './errors.js';
import type { ListenAddress } from './listeners.js';

/** How a listener's clients prove who they are. */
export interface ListenerSecurityOptions {
  /**
   * TLS with client certificates: a folder laid out as QEMU's `tls-creds-x509`
   * wants it (`ca-cert.pem`, `server-cert.pem`, `server-key.pem`), or the PEM
   * texts. Clients must present a certificate signed by the CA.
   */
  tls?: string | { ca: string | Buffer; cert: string | Buffer; key: string | Buffer };
  /**
   * A file holding a secret token (owned by this user, mode 0600); clients send
   * it as their first line before anything else. Created with a fresh random
   * token when missing.
   */
  tokenFile?: string;
  /** Accept TCP clients without authentication (anyone who can reach the port). */
  insecure?: boolean;
}

/** What a listener checks on each connection. */
export interface ListenerSecurity {
  tls: TlsOptions | undefined;
  token: Buffer | undefined;
}

/** The shortest token accepted from a token file. */
const MIN_TOKEN_LENGTH = 16;

/** 127.0.0.0/8, ::1, localhost: reachable only from this machine. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return /^::ffff:127\./i.test(host);
}

/**
 * Refuses an unauthenticated TCP listener, and a non-loopback one without TLS,
 * unless `insecure` says so; returns the warning to print in that case.
 */
export function checkListenerSecurity(
  text: string,
  parsed: ListenAddress,
  options: ListenerSecurityOptions,
): string | undefined {
  if (parsed.kind !== 'tcp') return undefined;
  const loopback = isLoopback(parsed.host);
  if (options.insecure) {
    if (options.tls) return undefined;
    if (options.tokenFile)
      return loopback
        ? undefined
        : `WARNING: ${text} takes its token in clear text: anyone on the network path can read it`;
    return (
      `WARNING: ${text} accepts every client without authentication: ` +
      `${loopback ? 'any local user' : 'anyone who can reach this address'} can run any QEMU ` +
      "command, including ones that run host commands as QEMU's user (migrate exec:)"
    );
  }
  if (!loopback && !options.tls)
    throw new MuxListenError(
      'LISTEN_INSECURE',
      text,
      'a listener on a non-loopback address needs TLS with client certificates (tls); ' +
        'insecure accepts anyone, at your own risk',
    );
  if (!options.tls && !options.tokenFile)
    throw new MuxListenError(
      'LISTEN_INSECURE',
      text,
      'a TCP listener needs authentication: TLS client certificates (tls) or a token file ' +
        '(tokenFile); insecure accepts anyone, at your own risk',
    );
  return undefined;
}

/** Reads the TLS credentials and the token a listener needs. */
export async function loadListenerSecurity(
  address: string,
  options: ListenerSecurityOptions,
): Promise<ListenerSecurity> {
  return {
    tls: options.tls === undefined ? undefined : await loadTls(address, options.tls),
    token:
      options.tokenFile === undefined ? undefined : await loadToken(address, options.tokenFile),
  };
}

async function loadTls(
  address: string,
  tls: NonNullable<ListenerSecurityOptions['tls']>,
): Promise<TlsOptions> {
  const read = (name: string) =>
    readFile(join(tls as string, name)).catch((error: Error) => {
      throw new MuxListenError(
        'LISTEN_CREDENTIALS',
        address,
        `cannot read ${name} in the TLS folder ${tls}: ${error.message}`,
        { cause: error },
      );
    });
  const pems =
    typeof tls === 'string'
      ? {
          ca: await read('ca-cert.pem'),
          cert: await read('server-cert.pem'),
          key: await read('server-key.pem'),
        }
      : tls;
  return {
    ...pems,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
}

async function loadToken(address: string, path: string): Promise<Buffer> {
  const fail = (message: string, cause?: unknown): never => {
    throw new MuxListenError('LISTEN_CREDENTIALS', address, `token file ${path}: ${message}`, {
      cause,
    });
  };
  let stat = await lstat(path).catch(() => undefined);
  if (!stat) {
    await createTokenFile(path).catch((error: Error) => fail(error.message, error));
    stat = await lstat(path);
  }
  if (!stat.isFile()) fail('not a regular file');
  if (process.getuid && stat.uid !== process.getuid()) fail('not owned by this user');
  if ((stat.mode & 0o077) !== 0)
    fail(`readable by others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
  const token = (await readFile(path, 'utf8')).trim();
  if (token.length < MIN_TOKEN_LENGTH || /[\r\n]/.test(token))
    fail(`the token must be one line of at least ${MIN_TOKEN_LENGTH} characters`);
  return Buffer.from(token);
}

/** Writes a fresh random token: temporary file (0600), fsync, then linked into place unless one appeared. */
async function createTokenFile(path: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}`);
  const file = await open(temporary, 'wx', 0o600);
  try {
    await file.writeFile(`${randomBytes(32).toString('hex')}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
}
