/** `qmon vm attach-device NAME --driver D ...` and `qmon vm detach-device NAME ID`: hotplug. */
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Options } from '../verb.js';
import type { timeoutOptions, vmAttachDeviceOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';

function timeoutOf(options: Options<typeof timeoutOptions>): { timeout?: number } {
  return options.timeout === undefined ? {} : { timeout: options.timeout };
}

export function attach(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmAttachDeviceOptions>,
) {
  const { driver } = options;
  if (driver === undefined) throw new UserError('attach-device needs --driver DRIVER', 2);
  const properties: Record<string, string> = {};
  for (const word of options.prop) {
    const equals = word.indexOf('=');
    if (equals <= 0) throw new UserError(`--prop expects KEY=VALUE, got ${word}`, 2);
    const key = word.slice(0, equals);
    if (key === 'driver' || key === 'id') throw new UserError(`give ${key} with --${key}`, 2);
    properties[key] = word.slice(equals + 1);
  }
  const device = {
    ...properties,
    driver,
    ...(options.id === undefined ? {} : { id: options.id }),
  };
  return withVm(name!, async (vm) => {
    const id = await vm.addDevice(device, timeoutOf(options));
    context.out(options.json ? JSON.stringify({ id }) : `${vm.name}: added ${id}`);
    return 0;
  });
}

export function detach(
  context: CliContext,
  [name, id]: string[],
  options: Options<typeof timeoutOptions>,
) {
  return withVm(name!, async (vm) => {
    await vm.removeDevice(id!, timeoutOf(options));
    context.out(`${vm.name}: removed ${id}`);
    return 0;
  });
}
