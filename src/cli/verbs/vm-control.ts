/** `qmon vm status|stop|kill|pause|resume|reset|rm NAME`. */
import { ChannelBusyError, VmNotFoundError } from '../../launch/errors.js';
import { locate } from '../../launch/finder.js';
import { removeVm } from '../../launch/remove-vm.js';
import { stopBySignal } from '../../launch/signal-stop.js';
import { endedState, type VmStateRecord } from '../../launch/state-file.js';
import { NoGreetingError } from '../../qmp/errors.js';
import type { CliContext } from '../context.js';
import { formatDuration, formatFields } from '../format-table.js';
import { printable } from '../printable.js';
import type { Options } from '../verb.js';
import type { jsonOptions, vmStopOptions } from '../verb-options.js';
import { notFound, withVm } from '../vm-connection.js';

/** How long `stop --force` lets QEMU exit on SIGTERM before SIGKILL. */
const FORCE_TERM_MS = 5_000;

export async function status(
  context: CliContext,
  [name]: string[],
  options: Options<typeof jsonOptions>,
) {
  const { record, paths } = await locate(name!).catch((error: unknown) => {
    throw error instanceof VmNotFoundError ? notFound(name!, error) : error;
  });
  const ended = endedState(record);
  if (ended) return reportEnded(context, record, ended, paths.dir, options);
  return withVm(name!, async (vm) => {
    const qemu = await vm.status();
    const info = {
      name: vm.name,
      state: vm.state,
      status: qemu.status,
      pid: vm.pid,
      qemuVersion: vm.qemuVersion,
      startedAt: vm.startedAt.toISOString(),
      dir: vm.paths.dir,
    };
    if (options.json) {
      context.out(JSON.stringify(info));
      return 0;
    }
    const detail = qemu.status === vm.state ? '' : ` (${qemu.status})`;
    context.out(
      formatFields([
        ['name', printable(info.name)],
        ['state', `${info.state}${detail}`],
        ['pid', String(info.pid)],
        ['qemu', info.qemuVersion],
        [
          'started',
          `${info.startedAt} (up ${formatDuration(Date.now() - vm.startedAt.getTime())})`,
        ],
        ['folder', printable(info.dir)],
      ]),
    );
    return 0;
  });
}

/** A VM whose QEMU is gone, as `vm list` shows it: exited or crashed, and how. */
function reportEnded(
  context: CliContext,
  record: VmStateRecord,
  state: 'exited' | 'crashed',
  dir: string,
  options: { json: boolean },
): number {
  const exit = record.exit;
  const how = !exit
    ? 'QEMU is gone and nobody saw it end'
    : exit.signal
      ? `killed by ${exit.signal}`
      : exit.code === null
        ? 'exit status unknown'
        : `exit code ${exit.code}`;
  if (options.json) {
    context.out(
      JSON.stringify({
        name: record.name,
        state,
        pid: null,
        qemuVersion: record.qemuVersion,
        startedAt: record.startedAt,
        ...(exit ? { exit } : {}),
        dir,
      }),
    );
    return 0;
  }
  context.out(
    formatFields([
      ['name', printable(record.name)],
      ['state', `${state} (${how})`],
      ['qemu', record.qemuVersion],
      ['started', record.startedAt],
      ...(exit ? [['ended', exit.at] as [string, string]] : []),
      ['folder', printable(dir)],
    ]),
  );
  return 0;
}

/**
 * Graceful: ACPI power-down, then `quit` after --timeout, then SIGKILL. When
 * another client holds the monitor, --force stops QEMU by signal instead.
 */
export async function stop(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmStopOptions>,
) {
  const timeout = options.timeout;
  try {
    return await withVm(name!, async (vm) => {
      await vm.shutdown(timeout === undefined ? {} : { timeout });
      context.out(`stopped ${printable(vm.name)}`);
      return 0;
    });
  } catch (error) {
    const monitorUnreachable =
      error instanceof ChannelBusyError || error instanceof NoGreetingError;
    if (!monitorUnreachable) throw error;
    if (!options.force) {
      if (!(error instanceof ChannelBusyError)) throw error;
      throw new ChannelBusyError('monitor', error.path, {
        cause: error,
        hint: 'or stop QEMU by signal with --force (SIGTERM, then SIGKILL)',
      });
    }
    const result = await stopBySignal(name!, { termTimeout: FORCE_TERM_MS });
    context.out(`stopped ${printable(result.name)} by ${result.signal} (the monitor was busy)`);
    return 0;
  }
}

/** SIGKILL to the verified pid: needs no monitor. */
export async function kill(context: CliContext, [name]: string[]) {
  const result = await stopBySignal(name!).catch((error: unknown) => {
    throw error instanceof VmNotFoundError ? notFound(name!, error) : error;
  });
  context.out(`killed ${printable(result.name)}`);
  return 0;
}

export function pause(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.pause();
    context.out(`${printable(vm.name)}: ${vm.state}`);
    return 0;
  });
}

export function resume(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.resume();
    context.out(`${printable(vm.name)}: ${vm.state}`);
    return 0;
  });
}

export function reset(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.reset();
    context.out(`${printable(vm.name)}: reset`);
    return 0;
  });
}

/** Removes the runtime folders of VMs that are no longer running. */
export async function remove(context: CliContext, names: string[]) {
  for (const name of names) {
    const paths = await removeVm(name).catch((error: unknown) => {
      throw error instanceof VmNotFoundError ? notFound(name, error) : error;
    });
    context.out(`removed ${printable(name)} (${printable(paths.dir)})`);
  }
  return 0;
}
