import type { CliContext } from '../context.js';
import { isLibvirtTarget } from '../libvirt-target.js';
import type { Options } from '../verb.js';
import type { jsonOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';

/** `qmon vm screenshot NAME out.png`: the display, as PNG. */
export async function run(
  context: CliContext,
  [name, file]: string[],
  options: Options<typeof jsonOptions>,
) {
  if (isLibvirtTarget(name!))
    return (await import('./libvirt-vm.js')).screenshot(context, name!, file!, options);
  return withVm(name!, async (vm) => {
    const shot = await vm.screendump(file!);
    const { path, width, height } = shot;
    context.out(
      options.json ? JSON.stringify({ path, width, height }) : `wrote ${path} (${width}x${height})`,
    );
    return 0;
  });
}
