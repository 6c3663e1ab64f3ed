/** `qmon vm backup NAME --disk D --to FILE [--incremental --base FILE] [--freeze]`. */
import { startBackup } from '../../jobs/backup.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Options } from '../verb.js';
import type { vmBackupOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';
import { speedOf } from './vm-disk.js';
import { showJobProgress } from './vm-jobs.js';

export function run(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmBackupOptions>,
) {
  const disk = options.disk;
  const to = options.to;
  if (!disk || !to) throw new UsageError('give the disk and the file: --disk DISK --to FILE');
  if (options.base && !options.incremental) throw new UsageError('--base goes with --incremental');
  return withVm(name!, async (vm) => {
    let agent: import('../../qga/qga-client.js').QgaClient | undefined;
    if (options.freeze) {
      const { QgaClient } = await import('../../qga/qga-client.js');
      agent = await QgaClient.connect(vm.paths.qga);
    }
    try {
      const running = await startBackup(
        vm.qmp,
        [{ disk, to, ...(options.base ? { base: options.base } : {}) }],
        {
          incremental: options.incremental,
          ...(agent ? { freeze: agent } : {}),
          ...speedOf(options),
        },
      );
      await agent?.close();
      agent = undefined;
      const shown = showJobProgress(context, running.jobs[0]!, options);
      const [result] = await running.wait();
      await shown;
      if (options.json) context.out(JSON.stringify({ result }));
      else context.out(`${vm.name}: backed up ${disk} to ${result!.file}`);
      return 0;
    } finally {
      await agent?.close();
    }
  });
}
