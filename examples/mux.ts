// Sharing one QEMU monitor between several clients with the multiplexer, and
// typing its own command (`x-qmon-mux-stats`) and events with MuxCommandMap
// and MuxEventMap.
//   node --import tsx examples/mux.ts /path/to/qmp.sock
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MuxCommandMap, type MuxEventMap, QmpClient, startMux } from '../src/index.js';
import type { QmpCommandMap, QmpEventMap } from '../src/schema/index.js';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: examples/mux.ts QMP_SOCKET');

const dir = mkdtempSync(join(tmpdir(), 'qmon-mux-example-'));
const mux = await startMux({
  upstream,
  listen: [
    join(dir, 'mux.sock'), // full access, mode 0600
    { address: join(dir, 'readonly.sock'), readOnly: true },
  ],
});
try {
  type Commands = QmpCommandMap & MuxCommandMap;
  type Events = QmpEventMap & MuxEventMap;
  const [full, readOnly] = await Promise.all(
    mux.listeners.map((listener) => QmpClient.connect<Commands, Events>(listener.address)),
  );
  try {
    // Both clients talk to the same QEMU at once.
    console.log('status:', (await full!.execute('query-status')).status);
    console.log('name:', (await readOnly!.execute('query-name')).name ?? '(none)');
    await readOnly!.execute('stop').catch((error: Error) => console.log('refused:', error.message));

    readOnly!.on('QMON_MUX_SHUTDOWN', (data) => console.log('the mux is going:', data.reason));
    const stats = await full!.execute('x-qmon-mux-stats');
    console.log(
      `QEMU ${stats.upstream.qemu}: ${stats.clients.length} clients, ` +
        `${stats.upstream.commands} commands sent`,
    );
  } finally {
    await Promise.all([full?.close(), readOnly?.close()]);
  }
} finally {
  await mux.close();
  rmSync(dir, { recursive: true, force: true });
}
