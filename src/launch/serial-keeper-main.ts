/**
 * The serial keeper as a process of its own (see serial-keeper.ts), started by
 * the launcher: `serial-keeper-main DIR MAX_LOG_BYTES QEMU_WAIT_MS`. It prints
 * `ready` once its sockets are bound and exits when QEMU is gone.
 */
import { pathsIn } from './runtime-dir.js';
import { SerialKeeper } from './serial-keeper.js';

const [dir, maxBytes, waitMs] = process.argv.slice(2);
try {
  const paths = pathsIn(dir!);
  const keeper = await SerialKeeper.start({
    qemuSocket: paths.serialQemu,
    consoleSocket: paths.serial,
    log: paths.serialLog,
    maxLogBytes: Number(maxBytes),
    qemuWaitMs: Number(waitMs),
    report: (message) => process.stderr.write(`qmon serial keeper: ${message}\n`),
  });
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => keeper.close());
  }
  process.stdout.write('ready\n');
  await keeper.done;
} catch (error) {
  process.stderr.write(`qmon serial keeper: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
