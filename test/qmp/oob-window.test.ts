import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QmpClient, QmpCommandError, type UntypedCommandMap } from '../../src/index.js';
import { QEMU_IN_BAND_WINDOW } from '../../src/qmp/in-band-limiter.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

const MIB = 1024 * 1024;
/** Above the guest's RAM: reading unassigned memory is slow (about 0.7 s for 128 MiB here). */
const UNASSIGNED = 2 ** 32;

describe('exec-oob beside a full in-band queue (real QEMU)', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(['-machine', 'pc', '-m', '128', '-S']);
  });
  after(() => qemu.stop());

  it('is answered at once while QEMU is busy and in-band commands pile up', async () => {
    assert.equal(QEMU_IN_BAND_WINDOW, 7);
    const blocker = await QmpClient.connect<UntypedCommandMap>(qemu.qmp2);
    const client = await QmpClient.connect(qemu.qmp, { oob: true });
    try {
      // Reading 128 MiB of unassigned guest memory keeps QEMU's one QMP dispatcher busy, so
      // the in-band commands below stay queued: none is taken off the queue meanwhile.
      let blockerDone = false;
      const busy = blocker
        .execute(
          'pmemsave',
          { val: UNASSIGNED, size: 128 * MIB, filename: '/dev/null' },
          { timeout: 60_000 },
        )
        .finally(() => {
          blockerDone = true;
        });
      await sleep(100);
      let inBandReplies = 0;
      const inBand = Array.from({ length: 20 }, () =>
        client.execute('query-status', undefined, { timeout: 60_000 }).then(() => {
          inBandReplies++;
        }),
      );
      await sleep(20);
      // Had QEMU stopped reading (an in-band command arriving while 7 were queued),
      // this would wait in the socket until the dispatcher took one.
      await assert.rejects(
        client.executeOob('migrate-pause', undefined, { timeout: 60_000 }),
        (error) => {
          assert.ok(error instanceof QmpCommandError);
          assert.match(error.desc, /postcopy/);
          return true;
        },
      );
      assert.equal(blockerDone, false, 'the OOB reply came only after QEMU was free again');
      assert.equal(inBandReplies, 0);
      await busy;
      await Promise.all(inBand);
      assert.equal(inBandReplies, 20);
    } finally {
      await client.close();
      await blocker.close();
    }
  });
});
