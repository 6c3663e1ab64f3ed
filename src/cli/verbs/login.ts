/**
 * `qmon login [URL]` and `qmon logout [URL]`: a password for an API token,
 * kept per daemon in the credentials file (0600), and given back.
 */

import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { ApiClient } from '../../api-client/client.js';
import { isLoopback } from '../../mux/listener-security.js';
import type { CliContext } from '../context.js';
import { daemonClient, explainDaemonError } from '../daemon/connection.js';
import {
  credentialsFor,
  type DaemonCredentials,
  storeCredentials,
  type TlsTrust,
} from '../daemon/credentials.js';
import { normaliseDaemonUrl } from '../daemon/daemon-url.js';
import { httpsFetch } from '../daemon/https-fetch.js';
import { askHidden, askLine, readStdin } from '../daemon/prompt.js';
import { normaliseFingerprint, probeCertificate } from '../daemon/trust.js';
import { UsageError, UserError } from '../errors.js';

type Options = Record<string, unknown>;

/** The daemon a login or logout is about: the argument, else --connect / QMON_CONNECT. */
function targetUrl(context: CliContext, url: string | undefined): string {
  if (url !== undefined) return normaliseDaemonUrl(url);
  if (context.daemon) return context.daemon;
  throw new UsageError('which daemon? give its URL, --connect URL or QMON_CONNECT');
}

export async function login(context: CliContext, [given]: string[], options: Options) {
  const url = targetUrl(context, given);
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname.replace(/^\[|\]$/g, '')))
    throw new UsageError(
      `${url}: a password goes over plain http only to this machine (loopback); use https`,
    );
  const tls = parsed.protocol === 'https:' ? await trustFor(context, parsed, options) : undefined;
  const user =
    (options.user as string | undefined) ?? (await askLine('user: ', 'give --user NAME'));
  const password = options.passwordStdin
    ? await readStdin()
    : await askHidden(`password for ${user} at ${url}: `, 'use --password-stdin');
  if (!user || !password) throw new UsageError('a user name and a password are needed');
  const session = new ApiClient({ baseUrl: url, ...(tls ? { fetch: httpsFetch(tls) } : {}) });
  try {
    const who = await session.login(user, password);
    const { token, info } = await session.createToken(`qmon CLI on ${hostname()}`);
    await session.logout();
    const previous = await credentialsFor(url);
    const credentials: DaemonCredentials = {
      user,
      token,
      tokenId: info.id,
      ...(tls ? { tls } : {}),
    };
    await storeCredentials(url, credentials);
    if (previous) await revoke(url, previous).catch(() => {});
    context.out(`logged in to ${url} as ${who.user.name} (${who.user.role})`);
    return 0;
  } catch (error) {
    throw explainDaemonError(error, url);
  }
}

/**
 * How to trust the daemon's certificate: `--ca FILE`; nothing when the
 * system's authorities vouch for it; else its fingerprint, pinned once it
 * matches `--fingerprint` or the user, having compared it, says yes.
 */
async function trustFor(
  context: CliContext,
  url: URL,
  options: Options,
): Promise<TlsTrust | undefined> {
  if (options.ca !== undefined) {
    const file = options.ca as string;
    const ca = await readFile(file, 'utf8').catch((error: Error) => {
      throw new UserError(`--ca ${file}: ${error.message}`);
    });
    return { ca };
  }
  const seen = await probeCertificate(url);
  if (seen.trusted && options.fingerprint === undefined) return undefined;
  if (options.fingerprint !== undefined) {
    const wanted = normaliseFingerprint(options.fingerprint as string);
    if (wanted !== seen.fingerprint)
      throw new UserError(
        `${url.origin} presented a certificate with fingerprint ${seen.fingerprint}, not ${wanted}: not logged in`,
      );
    return { ca: seen.pem, fingerprint: seen.fingerprint };
  }
  context.err(
    `${url.origin}'s certificate is not vouched for by a known authority (${seen.problem}).`,
  );
  context.err(`Its SHA-256 fingerprint: ${seen.fingerprint}`);
  context.err(
    'Compare it with the one `qmon serve` logged at its start (or `openssl x509 -noout -fingerprint -sha256 -in STATE/tls/cert.pem`).',
  );
  const answer = await askLine(
    'Trust this certificate for this daemon from now on? [y/N] ',
    'give --fingerprint SHA256 or --ca FILE',
  );
  if (!/^y(es)?$/i.test(answer))
    throw new UserError('not logged in: the certificate was not trusted');
  return { ca: seen.pem, fingerprint: seen.fingerprint };
}

export async function logout(context: CliContext, [given]: string[]) {
  const url = targetUrl(context, given);
  const stored = await credentialsFor(url);
  if (!stored) throw new UserError(`not logged in to ${url}`);
  await storeCredentials(url, undefined);
  try {
    await revoke(url, stored);
    context.out(`logged out of ${url}`);
  } catch (error) {
    const why = explainDaemonError(error, url);
    context.out(`logged out of ${url}`);
    context.err(
      `qmon: the token was forgotten here but not revoked at the daemon: ${(why as Error).message}`,
    );
  }
  return 0;
}

async function revoke(url: string, stored: DaemonCredentials): Promise<void> {
  const client = await daemonClient(url, { stored });
  await client.deleteToken(stored.tokenId);
}
