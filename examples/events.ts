// Watching QEMU's events with the async iterator: pause and resume a VM and
// see STOP and RESUME arrive, bounded by a timeout.
//   node --import tsx examples/events.ts /path/to/qmp.sock
import { QmpClient } from '../src/index.js';

const socket = process.argv[2];
if (!socket) throw new Error('usage: examples/events.ts QMP_SOCKET');

const qmp = await QmpClient.connect(socket);
try {
  // The iterator buffers at most `bufferSize` events for a slow reader, then fails
  // with EventOverflowError; the signal ends the loop (here after 10 s at most).
  const stop = new AbortController();
  const watching = (async () => {
    const seen: string[] = [];
    for await (const event of qmp.events({
      names: ['STOP', 'RESUME'],
      signal: AbortSignal.any([stop.signal, AbortSignal.timeout(10_000)]),
    })) {
      console.log(`${event.event} at ${event.timestamp.seconds}.${event.timestamp.microseconds}`);
      seen.push(event.event);
      if (seen.length === 2) break;
    }
    return seen;
  })();

  await qmp.execute('stop');
  await qmp.execute('cont');
  console.log(`saw ${(await watching).join(' then ')}`);
  stop.abort();
} finally {
  await qmp.close();
}
