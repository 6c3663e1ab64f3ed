/**
 * Trusting a daemon's TLS certificate. A daemon bound beyond loopback makes a
 * self-signed certificate no authority vouches for, so `qmon login` either
 * takes a CA file (`--ca`, checked with the host name as usual) or pins the
 * certificate it is shown on first contact, after the user has compared its
 * fingerprint with the daemon's (as ssh does with host keys); later
 * connections then accept that certificate only.
 */
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { connect } from 'node:tls';
import { UserError } from '../errors.js';
import type { TlsTrust } from './credentials.js';

export interface PeerCertificateInfo {
  /** PEM of the certificate the server presented. */
  pem: string;
  /** SHA-256 fingerprint, `AB:CD:...`. */
  fingerprint: string;
  /** Whether the system's authorities vouch for it (with the host name). */
  trusted: boolean;
  /** Why not, when not. */
  problem?: string;
}

const PROBE_TIMEOUT_MS = 10_000;

/** Connects only to look at the certificate (nothing is sent), then hangs up. */
export function probeCertificate(url: URL): Promise<PeerCertificateInfo> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = connect({
      host,
      port: Number(url.port || 443),
      rejectUnauthorized: false,
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
    });
    socket.setTimeout(PROBE_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no TLS handshake within ${PROBE_TIMEOUT_MS / 1000} s`)),
    );
    socket.once('error', (error) =>
      reject(new UserError(`cannot reach ${url.origin}: ${error.message}`)),
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      socket.destroy();
      resolve({
        pem: new X509Certificate(peer.raw).toString(),
        fingerprint: peer.fingerprint256,
        trusted: socket.authorized,
        ...(socket.authorized ? {} : { problem: String(socket.authorizationError) }),
      });
    });
  });
}

/** Options for node:https, node:tls and ws that trust what `trust` says. */
export function tlsOptions(trust: TlsTrust): {
  ca: string;
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined;
} {
  const pinned = trust.fingerprint;
  if (pinned === undefined) return { ca: trust.ca };
  return {
    ca: trust.ca,
    // The pinned certificate itself is the only authority; its fingerprint stands for the host name.
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === pinned
        ? undefined
        : new Error(
            `the daemon's certificate changed (fingerprint ${cert.fingerprint256}, pinned ${pinned}); if that is expected, log in again`,
          ),
  };
}

/** `sha256:ab cd…`, `AB:CD:…` or plain hex → `AB:CD:…`. */
export function normaliseFingerprint(text: string): string {
  const hex = text
    .replace(/^sha256[:=]/i, '')
    .replace(/[\s:]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex))
    throw new UserError(`--fingerprint ${JSON.stringify(text)} is not a SHA-256 fingerprint`, 2);
  return hex.match(/../g)!.join(':');
}
