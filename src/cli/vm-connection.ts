import { VmNotFoundError } from '../launch/errors.js';
import { defaultRuntimeRoot } from '../launch/runtime-dir.js';
import { Vm } from '../launch/vm.js';
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
