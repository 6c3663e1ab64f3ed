import type { CliContext } from '../context.js';
import { withVm } from '../vm-connection.js';

/** `qmon vm screenshot NAME out.png`: the display, as PNG. */
export function run(context: CliContext, [name, file]: string[], options: Record<string, unknown>) {
  return withVm(name!, async (vm) => {
    const shot = await vm.screendump(file!);
    const { path, width, height } = shot;
    context.out(
      options.json ? JSON.stringify({ path, width, height }) : `wrote ${path} (${width}x${height})`,
    );
    return 0;
  });
}
