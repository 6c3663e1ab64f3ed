/**
 * Where a host takes live migrations: the address its certificate names, or
 * none (unix socket only); a bad `--fleet-address` refuses the start; a unix
 * socket the source cannot reach says how to migrate between machines.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  describeEndpoint,
  listenAddress,
  migrationEndpoint,
  publishedAddress,
  requireReachableSocket,
  tcpUri,
} from '../../src/fleet/migration-endpoint.js';
import { issueHostCertificate, makeTestPki, type TestPki } from '../mux/certificates.js';
import { runQmon } from '../support/cli.js';

let dir: string;
let pki: TestPki;
let host: { cert: string; key: string };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qmon-endpoint-'));
  pki = makeTestPki(dir);
  host = issueHostCertificate(dir, 'host1', 'DNS:host1.example,IP:192.0.2.7');
});
after(() => rm(dir, { recursive: true, force: true }));

const tls = () => ({ tlsCa: pki.ca, tlsCert: host.cert, tlsKey: host.key });
const files = () => ({ ca: pki.ca, cert: host.cert, key: host.key });

test("the address defaults to the certificate's first name; another it names is taken", () => {
  assert.equal(migrationEndpoint(tls()).endpoint?.address, 'host1.example');
  assert.deepEqual(migrationEndpoint({ ...tls(), address: '192.0.2.7' }).endpoint, {
    address: '192.0.2.7',
    ca: pki.ca,
    cert: host.cert,
    key: host.key,
  });
});

test('without the TLS pair: a unix socket only, and --fleet-address is refused', () => {
  const alone = migrationEndpoint({});
  assert.equal(alone.endpoint, undefined);
  assert.match((alone as { why: string }).why, /no fleet TLS identity/);
  assert.throws(() => migrationEndpoint({ address: 'host1.example', tlsCa: pki.ca }), {
    code: 'MIGRATION_TLS_INVALID',
    message: /--fleet-address host1\.example: .*--fleet-ca, --fleet-cert and --fleet-key/,
  });
});

test('an address the certificate does not name, or a client-only certificate, is refused', () => {
  assert.throws(() => migrationEndpoint({ ...tls(), address: 'host2.example' }), {
    code: 'MIGRATION_TLS_INVALID',
    message: /does not name host2\.example \(subjectAltName\)/,
  });
  const client = issueHostCertificate(dir, 'client-only', 'DNS:host3.example', 'clientAuth');
  const clientOnly = { tlsCa: pki.ca, tlsCert: client.cert, tlsKey: client.key };
  assert.throws(() => migrationEndpoint({ ...clientOnly, address: 'host3.example' }), {
    code: 'MIGRATION_TLS_INVALID',
    message: /both serverAuth and clientAuth/,
  });
  // Derived, a problem turns TCP migration off (NATS may still use the pair) instead of refusing the start.
  const derived = migrationEndpoint(clientOnly);
  assert.equal(derived.endpoint, undefined);
  assert.match((derived as { why: string }).why, /serverAuth/);
  const nameless = migrationEndpoint({ ...tls(), tlsCert: pki.client.cert });
  assert.match((nameless as { why: string }).why, /names no host/);
});

test("a peer's record: its address only when well-formed; TCP URIs bracket IPv6", () => {
  assert.equal(publishedAddress({ migrationAddress: 'h1.example' }), 'h1.example');
  assert.equal(publishedAddress({ migrationAddress: 'h1,x=y' }), undefined);
  assert.equal(publishedAddress({ migrationAddress: 7 }), undefined);
  assert.equal(publishedAddress(undefined), undefined);
  assert.equal(tcpUri('::1', 0), 'tcp:[::1]:0');
  assert.equal(tcpUri('h1.example', 4444), 'tcp:h1.example:4444');
});

test('the destination listens on one IP address: its name as this host resolves it', async () => {
  assert.match(await listenAddress('localhost'), /^(127\.0\.0\.1|::1)$/);
  assert.equal(await listenAddress('192.0.2.7'), '192.0.2.7');
  await assert.rejects(listenAddress('no-such-host.invalid'), {
    code: 'MIGRATION_TLS_INVALID',
    message: /no-such-host\.invalid does not resolve on this host/,
  });
  assert.match(
    await describeEndpoint({ endpoint: { address: 'no-such-host.invalid', ...files() } }),
    /at no-such-host\.invalid; WARNING: .*does not resolve/,
  );
  assert.match(
    await describeEndpoint(migrationEndpoint({})),
    /over a unix socket only: no fleet TLS identity/,
  );
});

test('a unix socket this host cannot reach: the error says how to migrate between machines', async () => {
  await assert.rejects(requireReachableSocket(`unix:${join(dir, 'nowhere.sock')}`, 'B'), {
    code: 'MIGRATION_UNREACHABLE',
    message: /host B waits .*nowhere\.sock.*one machine or share the runtime folder.*--fleet-ca/,
  });
});

test('qmon serve --fleet-address with a certificate that does not name it: refused before joining', async () => {
  const cli = await runQmon(
    [
      'serve',
      '--listen',
      '127.0.0.1:0',
      '--state-dir',
      join(dir, 'state'),
      // Nothing listens there: the address is judged before anything connects.
      '--fleet',
      'nats://127.0.0.1:1',
      '--fleet-ca',
      pki.ca,
      '--fleet-cert',
      host.cert,
      '--fleet-key',
      host.key,
      '--fleet-address',
      'elsewhere.example',
    ],
    { env: { QMON_RUNTIME_DIR: join(dir, 'run') }, timeoutMs: 60_000 },
  );
  assert.notEqual(cli.code, 0);
  assert.match(
    cli.stderr,
    /--fleet-address elsewhere\.example: .* does not name elsewhere\.example/,
  );
});
