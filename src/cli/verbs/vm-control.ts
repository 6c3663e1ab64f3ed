/** `qmon vm status|stop|kill|pause|resume|reset NAME`. */
import type { CliContext } from '../context.js';
import { formatDuration, formatFields } from '../format-table.js';
import { seconds } from '../qmp-connection.js';
import { withVm } from '../vm-connection.js';

type Options = Record<string, unknown>;

export function status(context: CliContext, [name]: string[], options: Options) {
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
        ['name', info.name],
        ['state', `${info.state}${detail}`],
        ['pid', String(info.pid)],
        ['qemu', info.qemuVersion],
        [
          'started',
          `${info.startedAt} (up ${formatDuration(Date.now() - vm.startedAt.getTime())})`,
        ],
        ['folder', info.dir],
      ]),
    );
    return 0;
  });
}

/** Graceful: ACPI power-down, then `quit` after --timeout, then SIGKILL. */
export function stop(context: CliContext, [name]: string[], options: Options) {
  const timeout = options.timeout === undefined ? undefined : seconds(options.timeout);
  return withVm(name!, async (vm) => {
    await vm.shutdown(timeout === undefined ? {} : { timeout });
    context.out(`stopped ${vm.name}`);
    return 0;
  });
}

export function kill(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.kill();
    context.out(`killed ${vm.name}`);
    return 0;
  });
}

export function pause(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.pause();
    context.out(`${vm.name}: ${vm.state}`);
    return 0;
  });
}

export function resume(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.resume();
    context.out(`${vm.name}: ${vm.state}`);
    return 0;
  });
}

export function reset(context: CliContext, [name]: string[]) {
  return withVm(name!, async (vm) => {
    await vm.reset();
    context.out(`${vm.name}: reset`);
    return 0;
  });
}
