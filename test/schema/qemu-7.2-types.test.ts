/**
 * The committed types for QEMU 7.2. The type-level checks run under
 * `npx tsc --noEmit` (an unused `@ts-expect-error` fails it); the runtime
 * checks run here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectTypeOf } from 'expect-type';
import {
  type BlockdevOptions,
  type BlockdevRef,
  type BlockInfo,
  type GuestAgentInfo,
  type QgaCommandMap,
  type QgaCommandName,
  type QmpCommandMap,
  type QmpCommandName,
  type QmpEventMap,
  type QmpEventName,
  qga,
  qgaCommandMetadata,
  qgaCommandNames,
  qmp,
  qmpCommandMetadata,
  qmpCommandNames,
  qmpEventNames,
} from '../../src/schema/generated/qemu-7.2/index.js';
import type { CommandMetadata } from '../../src/schema/index.js';

describe('the QEMU 7.2 types', () => {
  it('map commands to their arguments and results', () => {
    expectTypeOf<QmpCommandMap['query-block']['returns']>().toEqualTypeOf<BlockInfo[]>();
    expectTypeOf<QmpCommandMap['query-status']['args']>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<QmpCommandMap['blockdev-add']['args']>().toEqualTypeOf<BlockdevOptions>();
    expectTypeOf<QmpCommandMap['qom-get']['returns']>().toBeUnknown();
    expectTypeOf<QmpCommandMap['stop']['returns']>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<QgaCommandMap['guest-info']['returns']>().toEqualTypeOf<GuestAgentInfo>();
    expectTypeOf<QmpEventMap['SHUTDOWN']['guest']>().toBeBoolean();
    expectTypeOf<QmpEventMap['STOP']>().toEqualTypeOf<Record<string, never>>();
  });

  it('has no key for a misspelled command and rejects unknown arguments', () => {
    expectTypeOf<'query-blocks'>().not.toExtend<QmpCommandName>();
    expectTypeOf<'guest-infos'>().not.toExtend<QgaCommandName>();
    // @ts-expect-error misspelled command name
    type Misspelled = QmpCommandMap['query-blok'];
    expectTypeOf<Misspelled>().toBeAny();

    const commit: QmpCommandMap['block-commit']['args'] = {
      device: 'drive0',
      // @ts-expect-error block-commit has no such argument
      'no-such-argument': true,
    };
    // @ts-expect-error query-status takes no arguments
    const status: QmpCommandMap['query-status']['args'] = { verbose: true };
    assert.ok(commit && status);
  });

  it('narrows BlockdevOptions on its driver', () => {
    const fileOf = (options: BlockdevOptions): BlockdevRef | undefined => {
      if (options.driver === 'qcow2') {
        expectTypeOf(options['lazy-refcounts']).toEqualTypeOf<boolean | undefined>();
        return options.file;
      }
      if (options.driver === 'nbd') {
        // @ts-expect-error nbd nodes have no file
        return options.file;
      }
      return undefined;
    };
    const file = { driver: 'file', filename: '/dev/null' } as const;
    assert.deepEqual(fileOf({ driver: 'qcow2', 'node-name': 'disk0', file }), file);
    // @ts-expect-error a qcow2 node needs its file
    const missingFile: BlockdevOptions = { driver: 'qcow2', 'node-name': 'x' };
    const unknownOption: BlockdevOptions = {
      driver: 'qcow2',
      file: 'disk0-file',
      // @ts-expect-error qcow2 has no such option
      'no-such-option': 1,
    };
    assert.ok(missingFile && unknownOption);
  });

  it('lists 216 QMP commands, 52 QMP events and 42 QGA commands', () => {
    assert.equal(qmpCommandNames.length, 216);
    assert.equal(qmpEventNames.length, 52);
    assert.equal(qgaCommandNames.length, 42);
    expectTypeOf<(typeof qmpCommandNames)[number]>().toEqualTypeOf<QmpCommandName>();
    expectTypeOf<(typeof qmpEventNames)[number]>().toEqualTypeOf<QmpEventName>();
    expectTypeOf<(typeof qgaCommandNames)[number]>().toEqualTypeOf<QgaCommandName>();
    assert.deepEqual(Object.keys(qmpCommandMetadata).sort(), [...qmpCommandNames].sort());
    assert.deepEqual(Object.keys(qgaCommandMetadata).sort(), [...qgaCommandNames].sort());
  });

  it('carries the metadata clients need at run time', () => {
    expectTypeOf(qmpCommandMetadata['query-status']).toEqualTypeOf<CommandMetadata>();
    assert.equal(qmpCommandMetadata['migrate-pause'].allowOob, true);
    assert.equal(qmpCommandMetadata['query-status'].allowOob, false);
    assert.equal(qmpCommandMetadata['drive-backup'].deprecated, true);
    assert.equal(qmpCommandMetadata['x-debug-query-block-graph'].unstable, true);
    const silent = qgaCommandNames.filter((name) => !qgaCommandMetadata[name].successResponse);
    assert.deepEqual(silent.sort(), [
      'guest-shutdown',
      'guest-suspend-disk',
      'guest-suspend-hybrid',
      'guest-suspend-ram',
    ]);
  });

  it('also exports each protocol as a namespace', () => {
    expectTypeOf<qmp.BlockInfo>().toEqualTypeOf<BlockInfo>();
    expectTypeOf<qga.GuestAgentInfo>().toEqualTypeOf<GuestAgentInfo>();
    assert.equal(qmp.qmpCommandNames, qmpCommandNames);
    assert.equal(qga.qgaCommandNames, qgaCommandNames);
  });
});
