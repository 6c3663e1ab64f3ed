/**
 * A daemon in a process of its own, for tests that kill it: prints `URL <url>`
 * once it serves. Arguments: STATE_DIR RUNTIME_ROOT.
 */
import { startDaemon } from '../../../src/daemon/daemon.js';

const [stateDir, runtimeRoot] = process.argv.slice(2);
const daemon = await startDaemon({
  listen: '127.0.0.1:0',
  stateDir: stateDir!,
  runtimeRoot: runtimeRoot!,
  initAdmin: { name: 'admin', password: 'admin-password' },
  log: (message) => process.stderr.write(`daemon: ${message}\n`),
});
process.stdout.write(`URL ${daemon.url}\n`);
process.once('SIGTERM', () => void daemon.close().then(() => process.exit(0)));
