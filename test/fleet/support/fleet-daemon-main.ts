/**
 * A fleet daemon in a process of its own, for tests that kill it: prints
 * `URL <url>` once it serves. Argument: JSON of { stateDir, runtimeRoot, servers, hostName,
 * downAfterMs?, nkeySeedFile? }.
 */
import { startDaemon } from '../../../src/daemon/daemon.js';
import { fleetExtension } from '../../../src/fleet/join.js';

const { stateDir, runtimeRoot, servers, hostName, downAfterMs, nkeySeedFile } = JSON.parse(
  process.argv[2]!,
) as {
  stateDir: string;
  runtimeRoot: string;
  servers: string[];
  hostName: string;
  downAfterMs?: number;
  nkeySeedFile?: string;
};
const log = (message: string) => process.stderr.write(`${hostName}: ${message}\n`);
const daemon = await startDaemon({
  listen: '127.0.0.1:0',
  stateDir,
  runtimeRoot,
  initAdmin: { name: 'admin', password: 'admin-password' },
  log,
  extend: fleetExtension({
    servers,
    hostName,
    log,
    ...(downAfterMs ? { downAfterMs } : {}),
    ...(nkeySeedFile ? { nkeySeedFile } : {}),
  }),
});
process.stdout.write(`URL ${daemon.url}\n`);
process.once('SIGTERM', () => void daemon.close().then(() => process.exit(0)));
