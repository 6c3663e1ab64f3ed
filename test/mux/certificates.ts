import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  /** A QEMU-style x509 folder: ca-cert.pem, server-cert.pem, server-key.pem. */
  serverDir: string;
  ca: string;
  client: { cert: string; key: string };
  /** A client certificate signed by another CA. */
  stranger: { cert: string; key: string };
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}-cert.pem`,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
  ]);
}

function issue(dir: string, ca: string, name: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions}\n`);
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}-key.pem`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}-cert.pem`,
    '-CAkey',
    `${ca}-key.pem`,
    '-CAcreateserial',
    '-out',
    `${name}-cert.pem`,
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
  ]);
}

/**
 * A fleet host's certificate from the CA of `makeTestPki(dir)`: for NATS and
 * for QEMU's migration TLS, both ends (serverAuth and clientAuth).
 */
export function issueHostCertificate(
  dir: string,
  name: string,
  subjectAltName = 'IP:127.0.0.1,DNS:localhost',
  extendedKeyUsage = 'serverAuth,clientAuth',
): { cert: string; key: string } {
  issue(dir, 'ca', name, `subjectAltName=${subjectAltName}\nextendedKeyUsage=${extendedKeyUsage}`);
  return { cert: join(dir, `${name}-cert.pem`), key: join(dir, `${name}-key.pem`) };
}

/** Makes a CA, a server and a client certificate, and a stranger's client certificate, with openssl. */
export function makeTestPki(dir: string): TestPki {
  const serverDir = join(dir, 'server');
  mkdirSync(serverDir, { recursive: true });
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  issue(dir, 'ca', 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  issue(dir, 'ca', 'client', 'extendedKeyUsage=clientAuth');
  issue(dir, 'other-ca', 'stranger', 'extendedKeyUsage=clientAuth');
  for (const [from, to] of [
    ['ca-cert.pem', 'ca-cert.pem'],
    ['server-cert.pem', 'server-cert.pem'],
    ['server-key.pem', 'server-key.pem'],
  ] as const)
    execFileSync('cp', [join(dir, from), join(serverDir, to)]);
  return {
    serverDir,
    ca: join(dir, 'ca-cert.pem'),
    client: { cert: join(dir, 'client-cert.pem'), key: join(dir, 'client-key.pem') },
    stranger: { cert: join(dir, 'stranger-cert.pem'), key: join(dir, 'stranger-key.pem') },
  };
}
