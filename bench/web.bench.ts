// The dashboard in Debian's Chromium, in one run: how long the VM list takes to
// show 200 VMs after a page load (against fetching the same list alone, from the
// same page), and how much later a QMP event reaches the page's DOM than a direct
// QMP client of the same QEMU (an extra -qmp socket). Also the main page's
// JavaScript, gzipped (budget 200 KB). The daemon runs in this process.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../src/api-client/client.js';
import { DEFAULT_WEB_ROOT } from '../src/daemon/api/static-files.js';
import { startDaemon } from '../src/daemon/daemon.js';
import { launchChromium } from '../test/web/support/browser.js';
import { mainPageScriptBytes } from '../test/web/support/bundle.js';
import { median, RawQmp, startProbeVm } from './support.js';

/** The little of the browser's globals the in-page functions below use (no DOM lib here). */
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<{ dataset: Record<string, string | undefined> }>;
    body: unknown;
  };
  MutationObserver: new (
    callback: () => void,
  ) => { observe(target: unknown, options: object): void };
  seen: Record<string, number>;
}

const VMS = Number(process.env.WEB_BENCH_VMS ?? 200);
const LOADS = 7;
const EVENT_ROUNDS = 40;
const PASSWORD = 'bench-password';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'qmon-web-bench-'));
// As root QEMU runs as its own user, which must pass through to the runtime root.
chmodSync(dir, 0o711);
const daemon = await startDaemon({
  listen: '127.0.0.1:0',
  stateDir: join(dir, 'state'),
  runtimeRoot: join(dir, 'run'),
  initAdmin: { name: 'admin', password: PASSWORD },
  log: () => {},
});
const browser = await launchChromium();
const pids: number[] = [];
try {
  const api = new ApiClient({ baseUrl: daemon.url });
  await api.login('admin', PASSWORD);
  for (let i = 0; i < VMS; i++)
    await api.defineVm({ spec: { name: `vm-${String(i).padStart(3, '0')}`, machine: 'none' } });

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(daemon.loginLink('admin'));
  await page.waitForSelector('[data-testid=whoami]');

  // The list: page load → VMS rows, against a fetch of the same list from the page.
  const listMs: number[] = [];
  const fetchMs: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto(`${daemon.url}/#/`);
    await page.reload();
    await page.waitForFunction(
      (count) => {
        const g = globalThis as unknown as PageGlobals;
        return g.document.querySelectorAll('tr[data-vm]').length === count;
      },
      VMS,
      { polling: 'raf', timeout: 30_000 },
    );
    listMs.push(await page.evaluate(() => performance.now()));
    fetchMs.push(
      await page.evaluate(async () => {
        const started = performance.now();
        await (await fetch('/api/v1/vms')).json();
        return performance.now() - started;
      }),
    );
  }

  // Events: a running VM with a second QMP socket for a direct client.
  const { direct, probe } = await startProbeVm(api, join(dir, 'run'));
  pids.push(probe.pid!);
  await page.goto(`${daemon.url}/#/vms/probe/events`);
  await page.waitForSelector('[data-testid=events]');
  // When each event's row first shows, on the same clock as this process's.
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const seen: Record<string, number> = {};
    g.seen = seen;
    new g.MutationObserver(() => {
      const rows = g.document.querySelectorAll('[data-testid=events] tr[data-seq]');
      for (let i = 0; i < rows.length; i++) {
        const seq = rows[i]!.dataset.seq!;
        if (!(seq in seen)) seen[seq] = performance.timeOrigin + performance.now();
      }
    }).observe(g.document.body, { childList: true, subtree: true });
  });
  const raw = await RawQmp.open(direct);
  const delays: number[] = [];
  for (let i = 0; i < EVENT_ROUNDS; i++) {
    const before = (await api.events({ after: 0, limit: 1000 }, 'probe')).at(-1)?.seq ?? 0;
    raw.write(i % 2 ? '{"execute":"cont"}\n' : '{"execute":"stop"}\n');
    let directAt = 0;
    for (const line of await raw.readLines(2))
      if (line.includes('"event"')) directAt = performance.timeOrigin + performance.now();
    const domAt = await page.waitForFunction(
      (after) => {
        const { seen } = globalThis as unknown as PageGlobals;
        const key = Object.keys(seen).find((seq) => Number(seq) > after);
        return key === undefined ? undefined : seen[key];
      },
      before,
      { polling: 'raf', timeout: 10_000 },
    );
    delays.push(((await domAt.jsonValue()) as number) - directAt);
  }
  raw.close();

  const size = mainPageScriptBytes();
  const files = readdirSync(join(DEFAULT_WEB_ROOT, 'assets')).length;
  console.log(
    `dashboard in Chromium (${await browser.version()}), ${VMS} defined VMs, daemon in this process`,
  );
  console.log(
    `  list of ${VMS} VMs shown: median ${median(listMs).toFixed(0)} ms after the page load (max ${Math.max(...listMs).toFixed(0)} ms; target < 500 ms); fetching the list alone from the page: ${median(fetchMs).toFixed(1)} ms (x${(median(listMs) / median(fetchMs)).toFixed(1)})`,
  );
  console.log(
    `  QMP event in the DOM later than a direct QMP client: p50 ${median(delays).toFixed(1)} ms, p95 ${percentile(delays, 95).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms over ${EVENT_ROUNDS} events (target < 50 ms)`,
  );
  console.log(
    `  main page JavaScript: ${(size.gzip / 1024).toFixed(1)} KB gzipped (${(size.raw / 1024).toFixed(1)} KB raw; budget 200 KB gzipped); ${files} asset files in all`,
  );
} finally {
  await browser.close();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  await daemon.close();
  rmSync(dir, { recursive: true, force: true });
}
