/**
 * The dashboard of a fleet, in Debian's Chromium: two daemons (A, B) joined
 * through a three-node NATS JetStream cluster, the browser logged in to A.
 * One fleet, one browser for the file; small VMs (SeaBIOS with no disk, and
 * `-machine none`).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ApiClient, FleetVmInfo } from '../../src/api-client/index.js';
import { DOWN_AFTER_MS } from '../../src/fleet/hosts.js';
import { isPidAlive } from '../../src/launch/state-file.js';
import { eventually, startTestFleet, type TestFleet } from '../fleet/support/fleet.js';
import { collectPageErrors, launchChromium, screenshot } from './support/browser.js';

const OPERATOR = { name: 'op', password: 'operator-password' };
/** How often the hosts page asks again (web/src/pages/hosts.tsx). */
const HOSTS_POLL_MS = 5_000;

let fleet: TestFleet;
let admin: ApiClient;
let browser: Browser;
let page: Page;
let pageErrors: string[];
let smallPid: number;

const vm = async (name: string) =>
  (await admin.request<FleetVmInfo[]>('GET', '/vms')).find((v) => v.name === name);

async function login(target: Page, user: { name: string; password: string }): Promise<void> {
  await target.goto(fleet.hosts[0]!.url);
  await target.fill('input[name=name]', user.name);
  await target.fill('input[name=password]', user.password);
  await target.click('button[type=submit]');
  await target.waitForSelector('[data-testid=whoami]');
}

before(async () => {
  fleet = await startTestFleet({ names: ['A', 'B'] });
  admin = await fleet.client(fleet.hosts[0]!);
  await eventually(
    async () => ((await admin.listHosts()).filter((h) => h.up).length === 2 ? true : undefined),
    10_000,
    'both hosts up',
  );
  // Real RAM to send, so that a throttled migration shows its progress.
  await admin.request('POST', '/vms', {
    spec: { name: 'small', memoryMiB: 64, vga: 'none' },
    host: 'A',
  });
  smallPid = (await admin.request<FleetVmInfo>('POST', '/vms/small/start')).pid!;
  await admin.request('POST', '/vms', { spec: { name: 'idle', machine: 'none' }, host: 'B' });
  await admin.createUser(OPERATOR.name, OPERATOR.password, 'operator');
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  pageErrors = collectPageErrors(page);
  await login(page, { name: 'admin', password: 'admin-password' });
});

after(async () => {
  await browser?.close();
  await fleet?.stop();
});

test('the hosts page lists every host, up, with its VMs', async () => {
  await page.click('nav a:text("Hosts")');
  const row = (host: string) => `[data-testid=hosts-table] tr[data-host=${host}]`;
  await page.waitForSelector(`${row('A')} [data-testid=host-state]:text("up")`);
  await page.waitForSelector(`${row('B')} [data-testid=host-state]:text("up")`);
  assert.equal(
    (await page.textContent(`${row('A')} [data-testid=host-vm-count]`))?.trim(),
    '1 / 1',
  );
  assert.equal(
    (await page.textContent(`${row('B')} [data-testid=host-vm-count]`))?.trim(),
    '0 / 1',
  );
  assert.match((await page.textContent(row('A'))) ?? '', /last heartbeat \d+s ago/);
  // Each VM links to its page.
  assert.equal(await page.getAttribute(`${row('A')} a:text("small")`, 'href'), '#/vms/small');
  assert.equal(await page.getAttribute(`${row('B')} a:text("idle")`, 'href'), '#/vms/idle');
  await screenshot(page, 'fleet-hosts');
});

test('the VM list has a Host column and a filter by host', async () => {
  await page.click('nav a:text("VMs")');
  await page.waitForSelector('tr[data-vm=small] [data-testid=host] a:text-is("A")');
  await page.waitForSelector('tr[data-vm=idle] [data-testid=host] a:text-is("B")');
  await page.selectOption('[data-testid=host-filter]', 'B');
  await page.waitForSelector('tr[data-vm=small]', { state: 'detached' });
  assert.equal(await page.isVisible('tr[data-vm=idle]'), true);
  await page.selectOption('[data-testid=host-filter]', '');
  await page.waitForSelector('tr[data-vm=small]');
  await screenshot(page, 'fleet-vm-list');
});

test('an operator is not offered a migration', async () => {
  const other = await browser.newPage();
  try {
    await login(other, OPERATOR);
    await other.goto(`${fleet.hosts[0]!.url}/#/vms/small`);
    await other.waitForSelector('[data-testid=vm-state]:text("running")');
    await other.waitForSelector('[data-testid=vm-host]:text("on A")');
    assert.equal(await other.isVisible('button:text("Migrate to")'), false);
  } finally {
    await other.close();
  }
});

test('a migration shows its progress, and Cancel leaves the VM where it was', async () => {
  // Slowed down (QEMU's own bandwidth cap) so that there is time to watch it.
  await admin.qmp('small', 'migrate-set-parameters', { 'max-bandwidth': 64 * 1024 });
  await page.goto(`${fleet.hosts[0]!.url}/#/vms/small`);
  await page.waitForSelector('[data-testid=vm-host]:text("on A")');
  await page.click('button:text("Migrate to")');
  await page.selectOption('select[aria-label="destination host"]', 'B');
  await page.click('button:text-is("Migrate")');
  await page.waitForSelector('[role=status] progress[value]', { timeout: 10_000 });
  const shown = (await page.textContent('[role=status]')) ?? '';
  assert.match(shown, /Migrating to B…\s+\d+(\.\d)?% of [\d.]+ MiB RAM, [\d.]+ \w+ sent/);
  await screenshot(page, 'fleet-migrating');
  await page.click('[data-testid=cancel-migration]');
  await page.waitForSelector('[role=status]:text("Migration cancelled")', { timeout: 20_000 });
  assert.equal(await page.isVisible('[role=alert]'), false);
  await page.waitForSelector('button:text("Migrate to")');
  const stayed = await vm('small');
  assert.equal(stayed?.host, 'A');
  assert.equal(stayed?.state, 'running');
  assert.equal(stayed?.pid, smallPid);
  await admin.qmp('small', 'migrate-set-parameters', { 'max-bandwidth': 1 << 30 });
});

test('a running VM migrated from the browser lands on the other host', async () => {
  await page.goto(`${fleet.hosts[0]!.url}/#/vms/small`);
  await page.waitForSelector('[data-testid=vm-host]:text("on A")');
  await page.click('button:text("Migrate to")');
  await page.waitForSelector('select[aria-label="destination host"]');
  // The picker offers the up hosts other than the VM's own: B only.
  const options = await page.$$eval('select[aria-label="destination host"] option', (nodes) =>
    nodes.map((node) => (node as unknown as { value: string }).value),
  );
  assert.deepEqual(options, ['B']);
  await page.click('button:text-is("Migrate")');
  await page.waitForSelector('[role=status]:text("Migrated to B")', { timeout: 60_000 });
  await page.waitForSelector('[data-testid=vm-host]:text("on B")');
  await page.waitForSelector('[data-testid=vm-state]:text("running")');
  const moved = await vm('small');
  assert.equal(moved?.host, 'B');
  assert.equal(moved?.state, 'running');
  assert.notEqual(moved?.pid, smallPid);
  await eventually(() => (isPidAlive(smallPid) ? undefined : true), 10_000, "A's copy gone");
  await screenshot(page, 'fleet-migrated');
});

test('a host killed (kill -9) shows as down within the documented bound', async () => {
  await page.click('nav a:text("Hosts")');
  await page.waitForSelector('tr[data-host=B] [data-testid=host-state]:text("up")');
  const killedAt = Date.now();
  await fleet.kill9(fleet.hosts[1]!);
  await page.waitForSelector('tr[data-host=B] [data-testid=host-state]:text("down")', {
    timeout: DOWN_AFTER_MS + HOSTS_POLL_MS + 5_000,
  });
  const shownAfter = Date.now() - killedAt;
  assert.match((await page.textContent('tr[data-host=B]')) ?? '', /no heartbeat since/);
  // Its VMs stay listed under it.
  assert.equal(await page.isVisible('tr[data-host=B] a:text("small")'), true);
  assert.equal((await page.textContent('tr[data-host=A] [data-testid=host-state]'))?.trim(), 'up');
  console.log(
    `host B shown down ${shownAfter} ms after kill -9 (bound ${DOWN_AFTER_MS} ms + poll)`,
  );
  await screenshot(page, 'fleet-host-down');
  await page.click('nav a:text("VMs")');
  await page.waitForSelector('tr[data-vm=small] [data-testid=host] a:text-is("B (down)")');
  assert.deepEqual(pageErrors, []);
});
