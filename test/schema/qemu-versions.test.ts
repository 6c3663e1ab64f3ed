/**
 * The bundled versions side by side: which one the bare clients are typed
 * for, how a client is typed for another, and which bundled version a running
 * QEMU is matched with. Type-level checks run under `npx tsc --noEmit`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import { QgaClient, QmpClient } from '../../src/index.js';
import type * as qemu72 from '../../src/schema/generated/qemu-7.2/index.js';
import type * as qemu100 from '../../src/schema/generated/qemu-10.0/index.js';
import {
  bundledSchema,
  bundledSchemaFor,
  bundledSchemas,
  defaultQemuVersion,
  type Qemu72,
  type Qemu100,
  type StatusInfo,
} from '../../src/schema/index.js';

describe('the bundled QEMU versions', () => {
  it('bundles 7.2 and 10.0, and types the bare clients and qmon/schema for 10.0', () => {
    assert.deepEqual(
      bundledSchemas.map((schema) => schema.version),
      ['7.2', '10.0'],
    );
    assert.equal(defaultQemuVersion, '10.0');
    expectTypeOf<StatusInfo>().toEqualTypeOf<qemu100.StatusInfo>();
    const counts = (version: string) => {
      const schema = bundledSchema(version)!;
      return [
        schema.qmpCommandNames.length,
        schema.qmpEventNames.length,
        schema.qgaCommandNames.length,
      ];
    };
    assert.deepEqual(counts('7.2'), [216, 52, 42]);
    assert.deepEqual(counts('10.0'), [233, 55, 43]);
  });

  it('types a client for a chosen version', () => {
    const typeChecksOnly = async () => {
      const bare = await QmpClient.connect('qmp.sock');
      expectTypeOf(await bare.execute('query-status')).toEqualTypeOf<qemu100.StatusInfo>();
      // @ts-expect-error migrate's blk is gone in 10.0
      await bare.execute('migrate', { uri: 'exec:cat', blk: true });

      const old = await QmpClient.connect<Qemu72>('qmp.sock');
      expectTypeOf(await old.execute('query-status')).toEqualTypeOf<qemu72.StatusInfo>();
      expectTypeOf<qemu72.StatusInfo['singlestep']>().toBeBoolean();
      await old.execute('migrate', { uri: 'exec:cat', blk: true });
      // @ts-expect-error channels came after 7.2
      await old.execute('migrate', { channels: [] });

      const latest = await QmpClient.connect<Qemu100>('qmp.sock');
      expectTypeOf(latest).toEqualTypeOf(bare);

      const agent72 = await QgaClient.connect<Qemu72>('qga.sock');
      // @ts-expect-error guest-get-load is new in qemu-ga 10.0
      await agent72.execute('guest-get-load');
      const agent = await QgaClient.connect('qga.sock');
      expectTypeOf(await agent.execute('guest-get-load')).toEqualTypeOf<qemu100.GuestLoadAverage>();
    };
    assert.equal(typeof typeChecksOnly, 'function');
  });

  it('matches a running QEMU with its own version, else the nearest older one, and says so', () => {
    assert.deepEqual(bundledSchemaFor({ major: 7, minor: 2 }), {
      schema: bundledSchema('7.2'),
      exact: true,
    });
    assert.equal(bundledSchemaFor({ major: 10, minor: 0 }).schema.version, '10.0');
    const eight = bundledSchemaFor({ major: 8, minor: 2 });
    assert.equal(eight.schema.version, '7.2');
    assert.equal(eight.exact, false);
    assert.equal(
      eight.note,
      "qmon bundles no types for QEMU 8.2; using QEMU 7.2's, the nearest older bundled version",
    );
    assert.equal(bundledSchemaFor({ major: 10, minor: 1 }).schema.version, '10.0');
    const six = bundledSchemaFor({ major: 6, minor: 2 });
    assert.equal(six.schema.version, '7.2');
    assert.match(six.note ?? '', /the oldest bundled version/);
  });
});
