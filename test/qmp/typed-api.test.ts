// Type-level checks of the client's API, enforced by `tsc --noEmit` in the test command;
// the runtime part proves the typed calls hit a real QEMU with the shapes the types promise.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import { QmpClient, type QmpEvent } from '../../src/index.js';
import type { BlockInfo, StatusInfo } from '../../src/schema/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';

describe('the typed QMP API', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  before(async () => {
    qemu = await startQemu([
      '-machine',
      'q35',
      '-S',
      '-m',
      '64',
      '-drive',
      'if=none,id=d0,driver=null-co',
    ]);
    client = await QmpClient.connect(qemu.qmp);
  });
  after(async () => {
    await client.close();
    await qemu.stop();
  });

  it('derives argument and return types from the generated maps', async () => {
    const blocks = await client.execute('query-block');
    expectTypeOf(blocks).toEqualTypeOf<BlockInfo[]>();
    assert.ok(blocks.some((block) => block.device === 'd0'));

    const status = await client.execute('query-status');
    expectTypeOf(status).toEqualTypeOf<StatusInfo>();
    assert.equal(status.status, 'prelaunch');

    expectTypeOf(client.execute('qom-list', { path: '/machine' })).resolves.toBeArray();
    const typeChecksOnly = () => {
      // @ts-expect-error a misspelled command is a compile error
      client.execute('query-statuz');
      // @ts-expect-error a misspelled argument is a compile error
      client.execute('qom-list', { pat: '/machine' });
      // @ts-expect-error a required argument cannot be left out
      client.execute('qom-list');
      // @ts-expect-error an argument of the wrong type is a compile error
      client.execute('stop', { now: true });
    };
    void typeChecksOnly;
  });

  it('narrows blockdev-add arguments on the driver', async () => {
    await client.execute('blockdev-add', {
      driver: 'null-co',
      'node-name': 'n0',
      size: 1024 * 1024,
    });
    const badDriverMember = () =>
      // @ts-expect-error null-co has no `file` member: the union narrowed on driver
      client.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n1', file: 'x' });
    void badDriverMember;
    const nodes = await client.execute('query-named-block-nodes');
    assert.ok(nodes.some((node) => node['node-name'] === 'n0' && node.drv === 'null-co'));
  });

  it('types event data by event name', async () => {
    const waiting = client.waitForEvent('RESUME');
    expectTypeOf(waiting).resolves.toEqualTypeOf<QmpEvent<'RESUME', Record<string, never>>>();
    await client.execute('cont');
    assert.equal((await waiting).event, 'RESUME');
    client.on('DEVICE_DELETED', (data) => {
      expectTypeOf(data.path).toEqualTypeOf<string>();
    });
  });

  it('keeps an untyped escape hatch for commands outside the schema', async () => {
    const reply = await client.executeUntyped('query-status');
    expectTypeOf(reply).toBeUnknown();
    assert.equal((reply as StatusInfo).running, true);
  });
});
