import { existsSync } from 'node:fs';
import { VmNotFoundError } from '../launch/errors.js';
import { defaultRuntimeRoot, runtimePaths } from '../launch/runtime-dir.js';
import { Vm } from '../launch/vm.js';
import type { MuxListenerOptions } from '../mux/mux.js';
import { UserError } from './errors.js';
import { printable } from './printable.js';

/**
 * Attaches to a VM qmon started (by name, or by its runtime folder), runs
 * `work`, and lets go again: QEMU serves one QMP client at a time, so no verb
 * holds the VM longer than its own work. When a `qmon mux` of the VM runs, the
 * attach goes through it.
 */
export async function withVm<T>(
  name: string,
  work: (vm: Vm) => Promise<T>,
  options: { timeout?: number } = {},
): Promise<T> {
  const vm = await attachVm(name, options);
  try {
    return await work(vm);
  } finally {
    await vm.detach();
  }
}

export async function attachVm(name: string, options: { timeout?: number } = {}): Promise<Vm> {
  try {
    return await Vm.attach(name, options.timeout === undefined ? {} : { timeout: options.timeout });
  } catch (error) {
    throw error instanceof VmNotFoundError ? notFound(name, error) : error;
  }
}

/** The one-line error for a name with no running VM. */
export function notFound(name: string, error: VmNotFoundError): UserError {
  return new UserError(
    `${printable(name)}: no running VM of that name under ${defaultRuntimeRoot()} (${printable(error.message)})`,
  );
}

/** The runtime folder's `mux.sock` of a VM named `target`, when `target` names one. */
function vmMuxSocket(target: string): string | undefined {
  if (target.includes('/') || /^(unix|tcp):/.test(target)) return undefined;
  try {
    const paths = runtimePaths(target);
    return existsSync(paths.stateFile) ? paths.mux : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For `qmon mux VM`: one more listener, `mux.sock` in the VM's runtime folder
 * (0600 in a 0700 folder, so only this user), through which name-based verbs
 * reach QEMU while the mux holds its monitor. It may quit the VM (`vm stop`).
 * The mux removes it when it stops; a left-over one only refuses connections.
 */
export function vmMuxListeners(target: string): MuxListenerOptions[] {
  const path = vmMuxSocket(target);
  return path ? [{ address: `unix:${path}`, protocol: 'qmp', name: 'vm', allowQuit: true }] : [];
}

/** Where a name-based verb reaches a VM's monitor: its mux's socket when one answers, else `resolved`. */
export function preferVmMux(target: string, resolved: string): string {
  const path = vmMuxSocket(target);
  return path !== undefined && resolved === runtimePaths(target).qmp && existsSync(path)
    ? path
    : resolved;
}
