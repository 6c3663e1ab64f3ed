/** `qmon vm snapshot save|load|delete|list NAME [TAG]`: internal snapshots in the VM's qcow2 disks. */
import type { CliContext } from '../context.js';
import { formatBytes, formatTable } from '../format-table.js';
import type { Options } from '../verb.js';
import type { jsonOptions, timeoutOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';

function timeoutOf(options: Options<typeof timeoutOptions>): { timeout?: number } {
  return options.timeout === undefined ? {} : { timeout: options.timeout };
}

export function save(
  context: CliContext,
  [name, tag]: string[],
  options: Options<typeof timeoutOptions>,
) {
  return withVm(name!, async (vm) => {
    await vm.saveSnapshot(tag!, timeoutOf(options));
    context.out(`${vm.name}: saved snapshot ${tag}`);
    return 0;
  });
}

export function load(
  context: CliContext,
  [name, tag]: string[],
  options: Options<typeof timeoutOptions>,
) {
  return withVm(name!, async (vm) => {
    await vm.loadSnapshot(tag!, timeoutOf(options));
    context.out(`${vm.name}: loaded snapshot ${tag}`);
    return 0;
  });
}

export function remove(
  context: CliContext,
  [name, tag]: string[],
  options: Options<typeof timeoutOptions>,
) {
  return withVm(name!, async (vm) => {
    await vm.deleteSnapshot(tag!, timeoutOf(options));
    context.out(`${vm.name}: deleted snapshot ${tag}`);
    return 0;
  });
}

export function list(context: CliContext, [name]: string[], options: Options<typeof jsonOptions>) {
  return withVm(name!, async (vm) => {
    const snapshots = await vm.listSnapshots();
    if (options.json) {
      context.out(JSON.stringify(snapshots));
    } else if (snapshots.length === 0) {
      context.out(`${vm.name}: no snapshots`);
    } else {
      context.out(
        formatTable(
          ['TAG', 'ID', 'VM STATE', 'DATE'],
          snapshots.map((snapshot) => [
            snapshot.tag,
            snapshot.id,
            formatBytes(snapshot.vmStateSize),
            snapshot.date.toISOString(),
          ]),
        ),
      );
    }
    return 0;
  });
}
