import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QmpClient, SchemaMismatchError } from '../../src/index.js';
import { bundledSchema } from '../../src/schema/index.js';
import { diffSchema, type IntrospectionEntry, LiveSchema } from '../../src/schema/live-schema.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

describe('the live schema check against a real QEMU', () => {
  let qemu: TestQemu;
  let client: QmpClient;
  const deprecated: string[] = [];
  before(async () => {
    qemu = await startQemu(q35Args(1));
    client = await QmpClient.connect(qemu.qmp, {
      schemaCheck: { onDeprecated: (command) => deprecated.push(command) },
    });
  });
  after(async () => {
    await client.close();
    await qemu.stop();
  });

  it('fails an unknown command before sending anything', async () => {
    const sent = client.stats.sent;
    await assert.rejects(client.executeUntyped('query-statuz'), (error) => {
      assert.ok(error instanceof SchemaMismatchError);
      assert.equal(error.code, 'UNKNOWN_COMMAND');
      assert.match(
        error.message,
        new RegExp(`^query-statuz: QEMU ${literally(qemuFacts.full)} has no such command$`),
      );
      return true;
    });
    assert.equal(client.stats.sent, sent);
  });

  it('fails an argument this QEMU does not know before sending anything', async () => {
    const sent = client.stats.sent;
    const args = { path: '/machine', 'no-such-argument': true } as unknown as { path: string };
    await assert.rejects(client.execute('qom-list', args), (error) => {
      assert.ok(error instanceof SchemaMismatchError);
      assert.equal(error.code, 'UNKNOWN_ARGUMENT');
      assert.deepEqual(error.unknownArguments, ['no-such-argument']);
      return true;
    });
    assert.equal(client.stats.sent, sent);
    assert.ok((await client.execute('qom-list', { path: '/machine' })).length > 0);
  });

  it('follows the union branch chosen by the discriminator', async () => {
    await client.execute('blockdev-add', { driver: 'null-co', 'node-name': 'n0', size: 4096 });
    const wrongBranch = { driver: 'null-co', 'node-name': 'n1', filename: '/x' } as unknown as {
      driver: 'null-co';
      'node-name': string;
    };
    await assert.rejects(client.execute('blockdev-add', wrongBranch), { code: 'UNKNOWN_ARGUMENT' });
  });

  it('lets device_add carry device properties, which QAPI leaves open', async () => {
    const args = { driver: 'virtio-net-pci', id: 'nic9', bus: 'rp1', mac: '52:54:00:12:34:56' };
    await client.execute('device_add', args);
    assert.match(await client.hmp('info network'), /macaddr=52:54:00:12:34:56/);
  });

  it('reports each deprecated command once through the hook', async () => {
    for (let i = 0; i < 2; i++) {
      await assert.rejects(
        client.execute('drive-backup', { device: 'none', sync: 'full', target: '/nonexistent' }),
      );
    }
    assert.deepEqual(deprecated, ['drive-backup']);
  });

  it('fetches the schema once per QEMU version', async () => {
    const other = await startQemu(['-machine', 'none']);
    try {
      const lines: string[] = [];
      const again = await QmpClient.connect(other.qmp, {
        schemaCheck: true,
        trafficLog: (line) => lines.push(line),
      });
      assert.ok(lines.some((line) => line.includes('qmp_capabilities')));
      assert.ok(
        !lines.some((line) => line.includes('query-qmp-schema')),
        'the cached schema was reused',
      );
      await assert.rejects(again.executeUntyped('query-statuz'), SchemaMismatchError);
      await again.close();
    } finally {
      await other.stop();
    }
  });

  it('finds no difference between this QEMU and the bundled types of its version', async () => {
    const { qmpCommandNames, qmpEventNames } = bundledSchema(qemuFacts.version)!;
    const live = new LiveSchema((await client.execute('query-qmp-schema')) as IntrospectionEntry[]);
    const diff = diffSchema(live, { commands: qmpCommandNames, events: qmpEventNames });
    assert.deepEqual(diff, {
      onlyInQemu: { commands: [], events: [] },
      onlyInBundled: { commands: [], events: [] },
    });
    const trimmed = diffSchema(live, {
      commands: qmpCommandNames.filter((c) => c !== 'query-status'),
      events: [...qmpEventNames, 'NOT_AN_EVENT'],
    });
    assert.deepEqual(trimmed.onlyInQemu.commands, ['query-status']);
    assert.deepEqual(trimmed.onlyInBundled.events, ['NOT_AN_EVENT']);
  });
});
