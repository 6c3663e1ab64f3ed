import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultRuntimeRoot } from '../../launch/runtime-dir.js';
import { endedState, readStateFile, type VmStateRecord } from '../../launch/state-file.js';
import { Vm } from '../../launch/vm.js';
import type { CliContext } from '../context.js';
import { formatDuration, formatTable } from '../format-table.js';
import { localVmFacts } from '../local-vm-facts.js';
import { printable } from '../printable.js';
import type { Options } from '../verb.js';
import type { vmListOptions } from '../verb-options.js';
import { FACT_HEADERS, factCells, type VmFacts } from '../vm-facts.js';

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
  /** With --long, for running VMs. */
  facts?: VmFacts;
}

/** `qmon vm list`: the VMs in the runtime root, with their state, pid and QEMU version. */
export async function run(
  context: CliContext,
  _args: string[],
  options: Options<typeof vmListOptions>,
) {
  const root = defaultRuntimeRoot();
  const entries = existsSync(root) ? await readdir(root, { withFileTypes: true }) : [];
  const listed: Listed[] = [];
  const records = new Map<Listed, VmStateRecord>();
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const record = await readStateFile(join(dir, 'state.json')).catch(() => undefined);
    if (!record) continue;
    const vm = await describe(record, dir);
    listed.push(vm);
    records.set(vm, record);
  }
  if (options.long) {
    // In parallel: each waits a moment (CPU use) and maybe for an agent.
    await Promise.all(
      listed.map(async (vm) => {
        if (vm.pid !== null) vm.facts = await localVmFacts(records.get(vm)!, vm.dir);
      }),
    );
  }
  const libvirt = await libvirtDomains(context);
  if (options.json) {
    const flat = listed.map(({ facts, ...vm }) => ({ ...vm, ...facts }));
    context.out(JSON.stringify([...flat, ...(libvirt ?? [])]));
    return 0;
  }
  if (listed.length === 0 && !libvirt?.length) {
    context.out(
      `no VMs under ${root}${libvirt ? ` and no libvirt domains at ${libvirt.uri}` : ''}`,
    );
    return 0;
  }
  const now = Date.now();
  const long = options.long === true;
  // The SOURCE column appears when a libvirt daemon was asked too.
  const row = (cells: string[], facts: VmFacts | undefined, source: string) => [
    ...cells,
    ...(long ? factCells(facts) : []),
    ...(libvirt ? [source] : []),
  ];
  const rows = listed.map((vm) =>
    row(
      [
        printable(vm.name),
        vm.state,
        vm.pid === null ? '-' : String(vm.pid),
        vm.pid === null ? '-' : formatDuration(now - Date.parse(vm.startedAt)),
        vm.qemuVersion,
      ],
      vm.facts,
      vm.source,
    ),
  );
  for (const domain of libvirt ?? [])
    rows.push(
      row(
        [printable(domain.name), domain.state, '-', '-', domain.qemuVersion],
        undefined,
        domain.source,
      ),
    );
  const headers = [
    'NAME',
    'STATE',
    'PID',
    'UP',
    'QEMU',
    ...(long ? FACT_HEADERS : []),
    ...(libvirt ? ['SOURCE'] : []),
  ];
  context.out(formatTable(headers, rows));
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
