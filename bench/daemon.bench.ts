// The daemon under load, in one run: memory per idle VM (`-machine none`), `GET /api/v1/vms`
// latency with them all defined and running, how much later a QMP event reaches a WebSocket
// client than a direct QMP client of the same QEMU (an extra -qmp socket), and `query-status`
// from 50 API clients against one direct client pipelining. The daemon runs in a child process.
import { type ChildProcess, fork } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { ApiClient } from '../src/api-client/client.js';
import { startDaemon } from '../src/daemon/daemon.js';
import { postRequest, RawHttp } from './raw-http.js';
import { median, RawQmp, rawPipelined, startProbeVm, timed } from './support.js';

const VMS = Number(process.env.DAEMON_BENCH_VMS ?? 200);
const LIST_REQUESTS = 200;
const EVENT_ROUNDS = 200;
const API_CLIENTS = Number(process.env.DAEMON_BENCH_CLIENTS ?? 50);
const STATUS_CALLS = 4000;
const STATUS_ROUNDS = 5;
const PASSWORD = 'bench-password';

/** The child: a daemon that reports its URL, and its RSS after a GC when asked. */
async function runDaemon(stateDir: string, runtimeRoot: string): Promise<void> {
  const daemon = await startDaemon({
    listen: '127.0.0.1:0',
    stateDir,
    runtimeRoot,
    initAdmin: { name: 'admin', password: PASSWORD },
    log: () => {},
  });
  process.send!({ url: daemon.url });
  process.on('message', (message: string) => {
    if (message === 'rss') {
      (globalThis as { gc?: () => void }).gc?.();
      const status = readFileSync('/proc/self/status', 'utf8');
      process.send!({ rss: Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) * 1024 });
    } else void daemon.close().then(() => process.exit(0));
  });
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message);
  });
}

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are the 12th and 13th fields after the command, in clock ticks (100/s).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qdb-'));
  // As root QEMU runs as its own user, which must pass through to the runtime root.
  chmodSync(dir, 0o711);
  const child = fork(
    fileURLToPath(import.meta.url),
    ['daemon', join(dir, 'state'), join(dir, 'run')],
    {
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        ...(process.env.DAEMON_BENCH_PROFILE
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.DAEMON_BENCH_PROFILE}`]
          : []),
      ],
    },
  );
  const pids: number[] = [];
  try {
    const { url } = await new Promise<{ url: string }>((resolve) =>
      child.once('message', resolve as never),
    );
    const admin = new ApiClient({ baseUrl: url });
    await admin.login('admin', PASSWORD);
    const { token } = await admin.createToken('bench');
    const api = new ApiClient({ baseUrl: url, token, timeout: 120_000 });

    // Warm up every code path once, then measure the daemon alone.
    await api.defineVm({ spec: { name: 'warm', machine: 'none' } });
    await api.vmAction('warm', 'start');
    await api.vmAction('warm', 'kill');
    const before = (await ask<{ rss: number }>(child, 'rss')).rss;

    const names = Array.from({ length: VMS }, (_, i) => `idle-${i}`);
    for (const name of names) await api.defineVm({ spec: { name, machine: 'none' } });
    const startMs = await timed(async () => {
      for (let i = 0; i < names.length; i += 10) {
        const { results } = await api.bulkAction('start', names.slice(i, i + 10));
        const failed = results.find((result) => !result.ok);
        if (failed) throw new Error(`start failed: ${JSON.stringify(failed)}`);
      }
    });
    for (const vm of await api.listVms()) if (vm.pid) pids.push(vm.pid);
    const after = (await ask<{ rss: number }>(child, 'rss')).rss;
    const perVmMiB = (after - before) / VMS / 1024 / 1024;

    const listTimes: number[] = [];
    for (let i = 0; i < LIST_REQUESTS; i++) listTimes.push(await timed(() => api.listVms()));

    // Events: one more VM with a second QMP socket for a direct client.
    const { direct, probe } = await startProbeVm(api, join(dir, 'run'));
    pids.push(probe.pid!);
    const raw = await RawQmp.open(direct);
    const socket = new WebSocket(api.eventSocketUrl(), { headers: api.authHeaders() });
    const wsTimes: number[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: { name: string; vmId: string } };
      if (
        message.event?.vmId === probe.id &&
        (message.event.name === 'STOP' || message.event.name === 'RESUME')
      )
        wsTimes.push(performance.now());
    });
    await new Promise((resolve) => socket.once('open', resolve));
    const directTimes: number[] = [];
    for (let i = 0; i < EVENT_ROUNDS; i++) {
      raw.write(i % 2 ? '{"execute":"cont"}\n' : '{"execute":"stop"}\n');
      // The reply and the event, in either order.
      for (const line of await raw.readLines(2))
        if (line.includes('"event"')) directTimes.push(performance.now());
      while (wsTimes.length < directTimes.length)
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const delays = directTimes.map((at, i) => wsTimes[i]! - at);
    socket.close();

    // query-status: one direct client pipelining, against 50 API clients, in
    // interleaved rounds (the direct rate alone varies by a fifth between runs).
    await rawPipelined(raw, 500);
    const statusUrl = new URL(`${url}/api/v1/vms/probe/qmp`);
    const statusRequest = postRequest(
      statusUrl,
      token,
      JSON.stringify({ execute: 'query-status' }),
    );
    const connections = await Promise.all(
      Array.from({ length: API_CLIENTS }, () => RawHttp.open(statusUrl)),
    );
    const directRates: number[] = [];
    const apiRates: number[] = [];
    let daemonCpu = 0;
    let clientsCpu = 0;
    for (let round = 0; round < STATUS_ROUNDS; round++) {
      directRates.push(
        STATUS_CALLS / ((await timed(() => rawPipelined(raw, STATUS_CALLS))) / 1000),
      );
      let next = 0;
      const daemonCpuBefore = cpuMs(child.pid!);
      const clientsCpuBefore = process.cpuUsage();
      const apiMs = await timed(() =>
        Promise.all(
          connections.map(async (connection) => {
            while (next++ < STATUS_CALLS) JSON.parse(await connection.exchange(statusRequest));
          }),
        ),
      );
      apiRates.push(STATUS_CALLS / (apiMs / 1000));
      daemonCpu += cpuMs(child.pid!) - daemonCpuBefore;
      const used = process.cpuUsage(clientsCpuBefore);
      clientsCpu += (used.user + used.system) / 1000;
    }
    raw.close();
    for (const connection of connections) connection.close();
    const calls = STATUS_CALLS * STATUS_ROUNDS;
    const daemonCpuPerCall = (daemonCpu * 1000) / calls;
    const clientsCpuPerCall = (clientsCpu * 1000) / calls;
    const directRate = median(directRates);
    const apiRate = median(apiRates);

    console.log(
      `daemon, ${VMS} idle VMs (-machine none), started in ${(startMs / 1000).toFixed(1)} s`,
    );
    console.log(`  daemon memory per VM:        ${perVmMiB.toFixed(2)} MiB (target < 1 MB)`);
    console.log(
      `  GET /api/v1/vms:             p50 ${median(listTimes).toFixed(2)} ms, p99 ${percentile(listTimes, 99).toFixed(2)} ms (target p50 < 5 ms)`,
    );
    console.log(
      `  QMP event, WebSocket later:  p50 ${median(delays).toFixed(2)} ms, p99 ${percentile(delays, 99).toFixed(2)} ms than a direct client (target p99 < 20 ms)`,
    );
    console.log(
      `  query-status, ${API_CLIENTS} API clients: ${apiRate.toFixed(0)}/s; one direct client pipelining: ${directRate.toFixed(0)}/s; ratio ${(apiRate / directRate).toFixed(2)} (target >= 0.8; medians of ${STATUS_ROUNDS} interleaved rounds); CPU a call: daemon ${daemonCpuPerCall.toFixed(0)} µs, the ${API_CLIENTS} clients ${clientsCpuPerCall.toFixed(0)} µs`,
    );
    await api.bulkAction('kill', [...names, 'probe']);
  } finally {
    // Every QEMU under the bench's folder, also those a failed run left half started.
    for (const pid of [...pids, ...qemusUnder(dir)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    // A clean exit, so that a --cpu-prof profile is written.
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('close');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pids of the QEMUs whose command line names a path under `dir`. */
function qemusUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return cmdline.includes('qemu-system') && cmdline.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

if (process.argv[2] === 'daemon') await runDaemon(process.argv[3]!, process.argv[4]!);
else await main();
