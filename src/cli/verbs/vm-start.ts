import { readFile } from 'node:fs/promises';
import type { VmSpec } from '../../launch/spec.js';
import { type CliContext, checkVmNameForTargets } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { parseJson } from '../json-command.js';
import type { Options } from '../verb.js';
import type { vmStartOptions } from '../verb-options.js';

const DEFAULT_AGENT_WAIT_S = 60;

/**
 * `qmon vm start`: boots a VM from a spec file, flags, or the demo guest, and
 * leaves QEMU running in the background (its own session, its output in the
 * runtime folder's qemu.log) when qmon exits.
 */
export async function run(
  context: CliContext,
  [specFile]: string[],
  options: Options<typeof vmStartOptions>,
) {
  const { Vm } = await import('../../launch/vm.js');
  const { resolveSpec } = await import('../../launch/spec.js');
  const { InvalidSpecError } = await import('../../launch/errors.js');
  const fromFile = specFile ? await readSpecFile(specFile) : {};
  let base: Partial<VmSpec> = {};
  if (options.demo) {
    const { ensureDemoGuest } = await import('../../launch/demo-guest/demo-guest.js');
    const { demoGuestVmSpec } = await import('../../launch/demo-vm-spec.js');
    const guest = await ensureDemoGuest({ onProgress: (line) => context.err(line) });
    base = demoGuestVmSpec(guest, 'demo');
  }
  const name = options.name ?? fromFile.name ?? base.name;
  if (!name) throw new UserError('give the VM a name: --name NAME, or "name" in the spec file', 2);
  checkVmNameForTargets(name);
  const disks = options.disk.map((path) => ({ path }));
  const spec: VmSpec = {
    ...base,
    ...fromFile,
    name,
    ...(options.memory === undefined
      ? {}
      : { memoryMiB: positiveInteger('--memory', options.memory) }),
    ...(options.cpus === undefined ? {} : { cpus: positiveInteger('--cpus', options.cpus) }),
    ...(options.machine === undefined ? {} : { machine: options.machine }),
    ...(options.paused ? { paused: true } : {}),
    ...(options.vga === undefined ? {} : { vga: options.vga as VmSpec['vga'] }),
    ...(disks.length ? { disks: [...(fromFile.disks ?? base.disks ?? []), ...disks] } : {}),
  };
  const agentWaitMs = waitAgentMs(options.waitAgent);
  try {
    resolveSpec(spec);
  } catch (error) {
    // The spec is the command line's (or its file's): one that cannot work is a usage error.
    if (error instanceof InvalidSpecError) throw new UsageError(error.message);
    throw error;
  }
  const vm = await Vm.start(spec, {
    detached: true,
    ...(options.timeout === undefined ? {} : { startTimeout: options.timeout }),
  });
  try {
    const summary = {
      name: vm.name,
      pid: vm.pid,
      state: vm.state,
      qemuVersion: vm.qemuVersion,
      dir: vm.paths.dir,
    };
    if (options.json) context.out(JSON.stringify(summary));
    else {
      context.out(`started ${vm.name}: pid ${vm.pid}, ${vm.state}, QEMU ${vm.qemuVersion}`);
      context.out(`runtime folder: ${vm.paths.dir}`);
    }
    if (agentWaitMs !== undefined) {
      const { QgaClient } = await import('../../qga/qga-client.js');
      const started = performance.now();
      const agent = await QgaClient.waitUntilReady(vm.paths.qga, { timeout: agentWaitMs });
      await agent.close();
      if (!options.json) {
        context.err(
          `the guest agent answered after ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
    }
  } finally {
    await vm.detach();
  }
  return 0;
}

async function readSpecFile(path: string): Promise<Partial<VmSpec>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: cannot read the spec file (${(error as Error).message})`, 2);
  }
  const spec = parseJson(text, path);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new UserError(`${path}: a VM spec is a JSON object`, 2);
  }
  return spec as Partial<VmSpec>;
}

function positiveInteger(flag: string, value: unknown): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UserError(`${flag} expects a positive whole number, got ${JSON.stringify(value)}`, 2);
  }
  return number;
}

/** `--wait-agent` (seconds, or no value for the default) → milliseconds, checked before QEMU starts. */
function waitAgentMs(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = (value === true ? DEFAULT_AGENT_WAIT_S : Number(value)) * 1000;
  if (!(ms > 0)) {
    throw new UserError(
      `--wait-agent expects a number of seconds, got ${JSON.stringify(value)}`,
      2,
    );
  }
  return ms;
}
