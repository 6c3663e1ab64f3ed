/** `qmon vm list|status|start|stop|kill|pause|resume|reset` through a daemon's API. */
import type { ApiClient, VmInfo } from '../../../api-client/index.js';
import type { CliContext } from '../../context.js';
import { daemonClient } from '../../daemon/connection.js';
import { UsageError, UserError } from '../../errors.js';
import { formatDuration, formatFields, formatTable } from '../../format-table.js';
import { printable } from '../../printable.js';
import { FACT_HEADERS, factCells } from '../../vm-facts.js';

type Options = Record<string, unknown>;

/** Whether a typed option was given: flags are false and lists empty when absent. */
function given(value: unknown): boolean {
  return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
}

const AGENT_POLL_MS = 500;
const DEFAULT_AGENT_WAIT_S = 60;

function client(context: CliContext): Promise<ApiClient> {
  return daemonClient(context.daemon!);
}

function uptime(vm: VmInfo, now = Date.now()): string {
  return vm.startedAt ? formatDuration(now - Date.parse(vm.startedAt)) : '-';
}

export async function list(context: CliContext, _args: string[], options: Options) {
  const api = await client(context);
  const vms = await api.listVms();
  const facts = options.long ? await Promise.all(vms.map((vm) => api.summary(vm.id))) : undefined;
  if (options.json) {
    const rows = vms.map((vm, i) => ({
      name: vm.name,
      id: vm.id,
      state: vm.state,
      pid: vm.pid,
      startedAt: vm.startedAt,
      ...(facts ? facts[i] : {}),
    }));
    context.out(JSON.stringify(rows));
    return 0;
  }
  if (vms.length === 0) {
    context.out(`no VMs defined at ${context.daemon}`);
    return 0;
  }
  const now = Date.now();
  const rows = vms.map((vm, i) => [
    printable(vm.name),
    vm.state,
    vm.pid === null ? '-' : String(vm.pid),
    uptime(vm, now),
    ...(facts ? factCells(facts[i]) : []),
  ]);
  context.out(formatTable(['NAME', 'STATE', 'PID', 'UP', ...(facts ? FACT_HEADERS : [])], rows));
  return 0;
}

export async function status(context: CliContext, [name]: string[], options: Options) {
  const vm = await (await client(context)).getVm(name!);
  if (options.json) {
    context.out(JSON.stringify(vm));
    return 0;
  }
  context.out(
    formatFields([
      ['name', printable(vm.name)],
      ['id', vm.id],
      ['state', vm.state],
      ['pid', vm.pid === null ? undefined : String(vm.pid)],
      ['started', vm.startedAt ? `${vm.startedAt} (up ${uptime(vm)})` : undefined],
      ['daemon', context.daemon],
    ]),
  );
  return 0;
}

/** Through a daemon `vm start NAME` starts a VM defined there; specs are defined through its API. */
export async function start(context: CliContext, [name]: string[], options: Options) {
  const local = ['demo', 'memory', 'cpus', 'machine', 'disk', 'paused', 'vga', 'name'];
  const named = local.filter((option) => given(options[option]));
  if (!name || named.length > 0)
    throw new UsageError(
      `through a daemon, qmon vm start NAME starts a VM defined there${named.length ? ` (--${named.join(', --')} define VMs: use the API)` : ''}`,
    );
  const api = await client(context);
  const vm = await api.vmAction(name, 'start');
  if (options.waitAgent !== undefined) await waitForAgent(api, vm.name, options.waitAgent);
  context.out(options.json ? JSON.stringify(vm) : `started ${printable(vm.name)} (pid ${vm.pid})`);
  return 0;
}

async function waitForAgent(api: ApiClient, name: string, wait: unknown): Promise<void> {
  const ms = (wait === true ? DEFAULT_AGENT_WAIT_S : Number(wait)) * 1000;
  if (!(ms > 0))
    throw new UsageError(`--wait-agent expects a number of seconds, got ${String(wait)}`);
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await api.agent(name, 'guest-ping', {}, 2_000).then(
      () => true,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new UserError(`${name}: the guest agent did not answer within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, AGENT_POLL_MS));
  }
}

/** As the local verbs print it. */
function action(
  verb: 'stop' | 'kill' | 'pause' | 'resume' | 'reset',
  done: (vm: VmInfo) => string,
) {
  return async (context: CliContext, [name]: string[], options: Options) => {
    for (const option of ['timeout', 'force'])
      if (given(options[option]))
        throw new UsageError(`--${option} is not available through a daemon`);
    context.out(done(await (await client(context)).vmAction(name!, verb)));
    return 0;
  };
}

export const stop = action('stop', (vm) => `stopped ${printable(vm.name)}`);
export const kill = action('kill', (vm) => `killed ${printable(vm.name)}`);
export const pause = action('pause', (vm) => `${printable(vm.name)}: ${vm.state}`);
export const resume = action('resume', (vm) => `${printable(vm.name)}: ${vm.state}`);
export const reset = action('reset', (vm) => `${printable(vm.name)}: reset`);
