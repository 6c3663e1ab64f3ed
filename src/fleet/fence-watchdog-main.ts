/**
 * The fence watchdog of one host, a detached process that outlives its
 * daemon: the daemon feeds it on every heartbeat it stored, with the HA VMs'
 * QEMUs (pid, start time, boot) and how long until they must be fenced. Not
 * fed in time (the daemon died, or hangs), it SIGKILLs every QEMU still the
 * same process, so another host may start those VMs. It exits once no daemon
 * is attached and it guards no QEMU. Each kill is first noted in the VM's
 * state file, so a daemon that only hung sees it as asked for, not as a crash
 * to restart. Arguments: the runtime root, the socket path, the log file.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { markStopRequested } from '../launch/finder.js';
import { isSameProcess } from '../launch/process-identity.js';
import { runtimePaths } from '../launch/runtime-dir.js';
import type { WatchdogFeed } from './fence-watchdog.js';

const [runtimeRoot, socketPath, logFile] = process.argv.slice(2) as [string, string, string];
const log = (message: string) => {
  try {
    appendFileSync(logFile, `${new Date().toISOString()} ${message}\n`);
  } catch {
    // Nowhere to tell: the fence matters more than its log.
  }
};

let guarded: WatchdogFeed['vms'] = [];
let fedAt = performance.now();
let timer: NodeJS.Timeout | undefined;
const daemons = new Set<Socket>();

async function fence(): Promise<void> {
  timer = undefined;
  const silentS = Math.round((performance.now() - fedAt) / 1000);
  const vms = guarded;
  for (const vm of vms) {
    if (!isSameProcess(vm)) continue;
    try {
      await markStopRequested(runtimePaths(vm.name, runtimeRoot), vm.pid).catch(() => {});
      process.kill(vm.pid, 'SIGKILL');
      log(`VM ${vm.name} fenced: the daemon fed no heartbeat for ${silentS} s (pid ${vm.pid})`);
    } catch (error) {
      log(`VM ${vm.name}: fencing pid ${vm.pid} failed: ${String(error)}`);
    }
  }
  // A feed that came meanwhile guards anew.
  if (guarded === vms) guarded = [];
  exitIfIdle();
}

function feed(message: WatchdogFeed): void {
  guarded = message.vms;
  fedAt = performance.now();
  clearTimeout(timer);
  timer =
    guarded.length > 0 ? setTimeout(() => void fence(), Math.max(0, message.fenceInMs)) : undefined;
}

function exitIfIdle(): void {
  if (daemons.size > 0 || guarded.length > 0) return;
  rmSync(socketPath, { force: true });
  process.exit(0);
}

const server = createServer((socket) => {
  daemons.add(socket);
  socket.on('error', () => {});
  createInterface({ input: socket }).on('line', (line) => {
    try {
      feed(JSON.parse(line) as WatchdogFeed);
    } catch (error) {
      log(`a feed not understood: ${String(error)}`);
    }
  });
  socket.once('close', () => {
    daemons.delete(socket);
    if (guarded.length > 0) log(`daemon detached; guarding ${guarded.length} QEMU(s)`);
    exitIfIdle();
  });
});
server.listen(socketPath, () => process.stdout.write('ready\n'));
server.on('error', (error) => {
  log(`cannot listen on ${socketPath}: ${String(error)}`);
  process.exit(1);
});
// Until the first daemon attaches, there is nothing to guard.
setTimeout(exitIfIdle, 10_000).unref();
