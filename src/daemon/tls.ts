/**
 * A self-signed certificate for a daemon bound beyond loopback without one
 * given. node:crypto makes keys but not X.509 certificates, so `openssl`
 * (Debian's, installed by setup) makes both; it runs once, and the pair is kept
 * in the state folder (key 0600).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QmonError } from '../session/errors.js';

const run = promisify(execFile);

export class TlsSetupError extends QmonError {
  constructor(message: string, cause?: unknown) {
    super('TLS_SETUP_FAILED', message, { cause });
  }
}

export interface TlsFiles {
  key: Buffer;
  cert: Buffer;
  certPath: string;
  generated: boolean;
}

export async function loadTls(certPath: string, keyPath: string): Promise<TlsFiles> {
  try {
    return {
      cert: await readFile(certPath),
      key: await readFile(keyPath),
      certPath,
      generated: false,
    };
  } catch (error) {
    throw new TlsSetupError(`cannot read the TLS certificate or key: ${String(error)}`, error);
  }
}

/** The state folder's self-signed pair, made on first use for `hosts` (names or addresses). */
export async function selfSignedTls(stateDir: string, hosts: readonly string[]): Promise<TlsFiles> {
  const dir = join(stateDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) return loadTls(certPath, keyPath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const names = [...new Set([hostname(), 'localhost', ...hosts])];
  const san = names
    .map((name) => (/^[0-9.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`))
    .join(',');
  const tmpCert = `${certPath}.${process.pid}.tmp`;
  const tmpKey = `${keyPath}.${process.pid}.tmp`;
  try {
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '3650',
        '-subj',
        `/CN=${hostname()}`,
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        tmpKey,
        '-out',
        tmpCert,
      ],
      { timeout: 30_000, env: { ...process.env, OPENSSL_CONF: '/dev/null' } },
    );
  } catch (error) {
    throw new TlsSetupError(
      `openssl could not make a self-signed certificate (install openssl, or give --tls-cert and --tls-key): ${String(error)}`,
      error,
    );
  }
  await rename(tmpKey, keyPath);
  await rename(tmpCert, certPath);
  return { ...(await loadTls(certPath, keyPath)), generated: true };
}
