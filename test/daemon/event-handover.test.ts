/**
 * Events at the hand-over from the launcher to the daemon's multiplexer: a
 * STOP that QEMU emits between the start and the supervisor taking over
 * (caused on QEMU's separate HMP monitor, at the very moment the launcher's
 * own QMP connection used to be closed while the mux was not yet connected)
 * is in the event log.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { VmOwner } from '../../src/daemon/owner/vm-owner.js';
import { Store } from '../../src/daemon/store/database.js';
import { EventLog } from '../../src/daemon/store/event-log.js';
import { VmDefinitions } from '../../src/daemon/store/vm-definitions.js';
import { HmpConsole } from '../../src/hmp/hmp-console.js';
import { tempDirs } from './support/daemon.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('an event QEMU emits while the launcher hands its monitor over is stored', async () => {
  const dirs = await tempDirs();
  cleanups.push(() => dirs.remove());
  const store = new Store(dirs.stateDir);
  cleanups.push(() => store.close());
  const definitions = new VmDefinitions(store);
  const events = new EventLog(store);
  let stoppedInTheGap = false;
  const owner = new VmOwner({
    definitions,
    events,
    runtimeRoot: dirs.runtimeRoot,
    publish: () => {},
    log: () => {},
    async afterLaunch(paths) {
      const hmp = await HmpConsole.connect(paths.hmp);
      try {
        await hmp.run('stop');
        stoppedInTheGap = true;
      } finally {
        await hmp.close();
      }
    },
  });
  cleanups.push(() => owner.detachAll());
  const { id } = definitions.define({ spec: { name: 'gap', machine: 'none' } });
  await owner.start(id);
  cleanups.push(() => owner.kill(id));
  assert.ok(stoppedInTheGap);
  const names = events.since(0, 100, id).map((event) => event.name);
  assert.ok(names.includes('STOP'), `stored: ${names.join(', ')}`);
  // The supervisor, attached after the STOP, reads the state from QMP.
  assert.equal(owner.state(id), 'paused');
});
