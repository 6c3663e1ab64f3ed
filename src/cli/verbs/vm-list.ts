import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultRuntimeRoot } from '../../launch/runtime-dir.js';
import { endedState, readStateFile, type VmStateRecord } from '../../launch/state-file.js';
import { Vm } from '../../launch/vm.js';
import type { CliContext } from '../context.js';
import { formatDuration, formatTable } from '../format-table.js';
import { printable } from '../printable.js';
import type { Options } from '../verb.js';
import type { jsonOptions } from '../verb-options.js';

/** How long `list` waits for each VM's QMP monitor (another client may hold it). */
const ATTACH_TIMEOUT_MS = 2_000;
/** How long `list` waits for libvirt (its first call after a start probes QEMU for seconds). */
const LIBVIRT_TIMEOUT_MS = 15_000;

interface Listed {
  name: string;
  /** running/paused/shutdown while QEMU lives; exited/crashed after; busy when its monitor is held. */
  state: string;
  pid: number | null;
  qemuVersion: string;
  startedAt: string;
  dir: string;
  /** `qmon` for VMs qmon started; the libvirt URI for libvirt domains. */
  source: string;
}

/** `qmon vm list`: the VMs in the runtime root, with their state, pid and QEMU version. */
export async function run(
  context: CliContext,
  _args: string[],
  options: Options<typeof jsonOptions>,
) {
  const root = defaultRuntimeRoot();
  const entries = existsSync(root) ? await readdir(root, { withFileTypes: true }) : [];
  const listed: Listed[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const record = await readStateFile(join(dir, 'state.json')).catch(() => undefined);
    if (record) listed.push(await describe(record, dir));
  }
  const libvirt = await libvirtDomains(context);
  if (options.json) {
    context.out(JSON.stringify([...listed, ...(libvirt ?? [])]));
    return 0;
  }
  if (listed.length === 0 && !libvirt?.length) {
    context.out(
      `no VMs under ${root}${libvirt ? ` and no libvirt domains at ${libvirt.uri}` : ''}`,
    );
    return 0;
  }
  const now = Date.now();
  const rows = listed.map((vm) => [
    printable(vm.name),
    vm.state,
    vm.pid === null ? '-' : String(vm.pid),
    vm.pid === null ? '-' : formatDuration(now - Date.parse(vm.startedAt)),
    vm.qemuVersion,
    vm.source,
  ]);
  for (const domain of libvirt ?? [])
    rows.push([printable(domain.name), domain.state, '-', '-', domain.qemuVersion, domain.source]);
  // The SOURCE column appears when a libvirt daemon was asked too.
  const headers = ['NAME', 'STATE', 'PID', 'UP', 'QEMU', 'SOURCE'];
  const shown = libvirt ? headers : headers.slice(0, -1);
  context.out(
    formatTable(
      shown,
      rows.map((row) => row.slice(0, shown.length)),
    ),
  );
  return 0;
}

async function describe(record: VmStateRecord, dir: string): Promise<Listed> {
  const entry = (state: string, pid: number | null): Listed => ({
    name: record.name,
    state,
    pid,
    qemuVersion: record.qemuVersion,
    startedAt: record.startedAt,
    dir,
    source: 'qmon',
  });
  const ended = endedState(record);
  if (ended) return entry(ended, null);
  try {
    const vm = await Vm.attach(dir, { timeout: ATTACH_TIMEOUT_MS });
    const state = vm.state;
    await vm.detach();
    return entry(state, record.pid);
  } catch {
    return entry('busy', record.pid);
  }
}

/** The default libvirt connection's domains; undefined when no libvirt daemon listens there. */
async function libvirtDomains(context: CliContext) {
  const { listLibvirtDomains } = await import('../libvirt-domains.js');
  const { defaultLibvirtUri } = await import('../../libvirt/uri.js');
  const uri = defaultLibvirtUri();
  try {
    const domains = await listLibvirtDomains(LIBVIRT_TIMEOUT_MS);
    return domains && Object.assign(domains, { uri });
  } catch (error) {
    context.err(`qmon: libvirt domains at ${uri} not listed: ${(error as Error).message}`);
    return undefined;
  }
}
