/**
 * How other hosts reach this one for a live migration: QEMU's migration
 * stream over TCP with TLS, authenticated by the host's fleet certificate
 * (the pair it joins NATS with, signed by the fleet's CA), at the address it
 * publishes in its host record. A host without that identity publishes no
 * address and takes migrations over a unix socket only, which the source
 * must reach (one machine, or a shared runtime folder).
 */
import { X509Certificate } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { isIP } from 'node:net';
import type { MigrationTlsFiles } from '../jobs/migration-tls.js';
import { MigrationTlsConfigError, MigrationUnreachableError } from './errors.js';

export interface MigrationEndpoint extends MigrationTlsFiles {
  /** The host name or IP address peers connect to; the certificate names it. */
  address: string;
}

export interface MigrationEndpointOptions {
  /** `--fleet-address`: given, a problem refuses the start; derived, it only turns TCP off. */
  address?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ADDRESS = /^[A-Za-z0-9.:-]{1,253}$/;

/** The DNS names and IP addresses a certificate's subjectAltName lists, in order. */
function namesOf(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined && ADDRESS.test(name));
}

/** Why `cert` cannot serve migrations at `address`, or undefined when it can. */
function unfit(cert: X509Certificate, file: string, address: string): string | undefined {
  if (!ADDRESS.test(address)) return `${JSON.stringify(address)} is not a host name or IP address`;
  const named = isIP(address) ? cert.checkIP(address) : cert.checkHost(address);
  if (!named)
    return `${file} does not name ${address} (subjectAltName): peers check the name and would refuse it`;
  const purposes = cert.keyUsage;
  if (purposes && !(purposes.includes(SERVER_AUTH) && purposes.includes(CLIENT_AUTH)))
    return `${file} must allow both serverAuth and clientAuth (extendedKeyUsage): QEMU refuses it otherwise`;
  return undefined;
}

/**
 * This host's migration endpoint, or undefined (with the reason, to log) when
 * it takes migrations over a unix socket only.
 */
export function migrationEndpoint(
  options: MigrationEndpointOptions,
): { endpoint: MigrationEndpoint } | { endpoint: undefined; why: string } {
  const { tlsCa: ca, tlsCert: cert, tlsKey: key } = options;
  if (!ca || !cert || !key) {
    if (options.address !== undefined)
      throw new MigrationTlsConfigError(
        `--fleet-address ${options.address}: migration over TCP is authenticated by this host's ` +
          'fleet TLS identity: give --fleet-ca, --fleet-cert and --fleet-key too',
      );
    return {
      endpoint: undefined,
      why: 'no fleet TLS identity (--fleet-ca, --fleet-cert, --fleet-key)',
    };
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(readFileSync(cert));
  } catch (error) {
    throw new MigrationTlsConfigError(
      `${cert}: not a PEM certificate (${(error as Error).message})`,
    );
  }
  const address = options.address ?? namesOf(x509)[0];
  if (address === undefined)
    return {
      endpoint: undefined,
      why: `${cert} names no host (subjectAltName) and no --fleet-address was given`,
    };
  const why = unfit(x509, cert, address);
  if (why === undefined) return { endpoint: { address, ca, cert, key } };
  if (options.address !== undefined)
    throw new MigrationTlsConfigError(`--fleet-address ${address}: ${why}`);
  return { endpoint: undefined, why };
}

/** A peer's published migration address, when its record carries a well-formed one. */
export function publishedAddress(record: object | undefined): string | undefined {
  const address = (record as { migrationAddress?: unknown } | undefined)?.migrationAddress;
  return typeof address === 'string' && ADDRESS.test(address) ? address : undefined;
}

/**
 * The one IP address the destination's QEMU listens on: `address` as this
 * host resolves it. Given a name, QEMU would listen on every address it
 * resolves to, each on a port of its own when the port is chosen (0), and a
 * peer could reach another one than the port QEMU reported.
 */
export async function listenAddress(address: string): Promise<string> {
  if (isIP(address)) return address;
  try {
    return (await lookup(address)).address;
  } catch (error) {
    throw new MigrationTlsConfigError(
      `migration address ${address} does not resolve on this host: ${(error as Error).message}`,
    );
  }
}

/** What the daemon logs at start about how migrations reach it (a warning when peers cannot). */
export async function describeEndpoint(
  result: ReturnType<typeof migrationEndpoint>,
): Promise<string> {
  if (!result.endpoint) return `live migrations come in over a unix socket only: ${result.why}`;
  const { address } = result.endpoint;
  const text = `live migrations come in over TCP with TLS at ${address}`;
  let ip: string;
  try {
    ip = await listenAddress(address);
  } catch (error) {
    return `${text}; WARNING: ${(error as Error).message}`;
  }
  const loopback = /^127\.|^::1$/.test(ip) && !/^127\.|^::1$|^localhost$/.test(address);
  return ip === address
    ? text
    : `${text} (${ip})${loopback ? '; WARNING: a loopback address, which other machines cannot reach (see /etc/hosts)' : ''}`;
}

/** `tcp:ADDRESS:PORT`, an IPv6 address in brackets. */
export function tcpUri(address: string, port: number): string {
  return `tcp:${isIP(address) === 6 ? `[${address}]` : address}:${port}`;
}

/**
 * Before sending over a unix socket: the destination's socket must be on this
 * machine (or a folder both share); otherwise say how to migrate between machines.
 */
export async function requireReachableSocket(uri: string, destination: string): Promise<void> {
  const path = uri.replace(/^unix:/, '');
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isSocket()) throw new MigrationUnreachableError(destination, path);
}
