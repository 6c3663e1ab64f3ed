/**
 * The daemon serves the dashboard (strict CSP, no inline script) and one-time
 * login links; no browser here, the e2e suite drives the pages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ApiClient, ApiError } from '../../src/api-client/client.js';
import type { HostInfo } from '../../src/api-client/types.js';
import { CONTENT_SECURITY_POLICY, DEFAULT_WEB_ROOT } from '../../src/daemon/api/static-files.js';
import { type Daemon, startDaemon } from '../../src/daemon/daemon.js';
import { ADMIN, adminClient, inProcessDaemon, tempDirs } from '../daemon/support/daemon.js';
import { mainPageScriptBytes, mainPageScripts } from './support/bundle.js';

let daemon: Daemon;
let dirs: Awaited<ReturnType<typeof tempDirs>>;

before(async () => {
  dirs = await tempDirs();
  daemon = await inProcessDaemon(dirs.stateDir, dirs.runtimeRoot);
});
after(async () => {
  await daemon.close();
  await dirs.remove();
});

test('GET / is the built page under a CSP without inline scripts, and its assets are served', async () => {
  const page = await fetch(`${daemon.url}/`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.equal(csp, CONTENT_SECURITY_POLICY);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /script-src[^;]*unsafe-inline/);
  assert.match(csp, /connect-src 'self'/);
  const html = await page.text();
  assert.equal(html, await readFile(join(DEFAULT_WEB_ROOT, 'index.html'), 'utf8'));
  // Every script is a file of this origin: none inline, none from elsewhere.
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attributes, body] of scripts) {
    assert.equal(body!.trim(), '');
    assert.match(attributes!, /src="\/assets\/[^"]+\.js"/);
  }
  const entry = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
  const asset = await fetch(`${daemon.url}${entry}`);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  assert.equal((await fetch(`${daemon.url}/assets/../../package.json`)).status, 404);
  assert.equal((await fetch(`${daemon.url}/nothing-here.js`)).status, 404);
});

test('the main page loads at most 200 KB of gzipped JavaScript; noVNC, xterm.js, uPlot wait', async () => {
  const { gzip } = mainPageScriptBytes();
  assert.ok(gzip > 0 && gzip <= 200 * 1024, `main page JavaScript: ${gzip} bytes gzipped`);
  const entry = mainPageScripts();
  const assets = readdirSync(join(DEFAULT_WEB_ROOT, 'assets'));
  // Each library is a chunk of its own, fetched only when a tab imports it.
  for (const library of [/^rfb-/, /^xterm-.*\.js$/, /^uPlot.*\.js$/]) {
    const chunk = assets.find((name) => library.test(name));
    assert.ok(chunk, `no chunk matches ${library}`);
    assert.ok(!entry.includes(`/assets/${chunk}`), `${chunk} loads with the main page`);
  }
  const main = readFileSync(join(DEFAULT_WEB_ROOT, entry[0]!), 'utf8');
  assert.doesNotMatch(main, /noVNC|xterm-helper-textarea/);
});

test('a one-time login link logs in once, then never again', async () => {
  const link = new URL(daemon.loginLink(ADMIN.name));
  assert.equal(link.origin, daemon.url);
  const secret = /^#login=([A-Za-z0-9_-]+)$/.exec(link.hash)?.[1];
  assert.ok(secret, link.hash);
  const client = new ApiClient({ baseUrl: daemon.url });
  const who = await client.loginWithLink(secret);
  assert.equal(who.user.name, ADMIN.name);
  assert.equal((await client.whoami()).user.role, 'admin');

  const again = new ApiClient({ baseUrl: daemon.url });
  await assert.rejects(again.loginWithLink(secret), (error: unknown) => {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 401);
    return true;
  });
  await assert.rejects(again.whoami(), (error: unknown) => (error as ApiError).status === 401);
  await assert.rejects(
    again.loginWithLink('made-up'),
    (e: unknown) => (e as ApiError).status === 401,
  );
  assert.throws(() => daemon.loginLink('nobody'), /no user "nobody"/);

  // The secret never reaches the audit log.
  const audit = await (await adminClient(daemon.url)).audit({ limit: 1000 });
  const entries = audit.filter((entry) => entry.action === 'login.link');
  assert.deepEqual(
    entries.map((entry) => entry.result),
    ['ok', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
  );
  assert.ok(!JSON.stringify(audit).includes(secret));
});

test('the host route reports CPUs, load, memory and the state folder’s disk', async () => {
  const host: HostInfo = await (await adminClient(daemon.url)).host();
  assert.ok(host.cpus >= 1);
  assert.equal(host.loadAverage.length, 3);
  assert.ok(host.memoryBytes.free > 0 && host.memoryBytes.free <= host.memoryBytes.total);
  const disk = host.stateDiskBytes;
  assert.ok(disk.free > 0 && disk.free <= disk.total);
});

test('an expired login link is refused', async () => {
  const user = (await adminClient(daemon.url)).whoami();
  const secret = daemon.context.loginLinks.issue((await user).user.id, -1);
  await assert.rejects(
    new ApiClient({ baseUrl: daemon.url }).loginWithLink(secret),
    (error: unknown) => (error as ApiError).status === 401,
  );
});

test('a daemon whose dashboard is not built says how to build it', async () => {
  const empty = await mkdtemp(join(tmpdir(), 'qmon-web-'));
  const other = await tempDirs();
  const bare = await startDaemon({
    listen: '127.0.0.1:0',
    stateDir: other.stateDir,
    runtimeRoot: other.runtimeRoot,
    webRoot: empty,
    log: () => {},
  });
  try {
    const page = await fetch(`${bare.url}/`);
    assert.equal(page.status, 503);
    assert.match(await page.text(), /npm run build/);
  } finally {
    await bare.close();
    await other.remove();
    await rm(empty, { recursive: true, force: true });
  }
});
