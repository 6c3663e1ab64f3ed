import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixtureFiles, fixtureProfile, generateFixture } from './fixture-schema.js';
import { typecheck } from './typecheck.js';

const commandMetadataSource = readFileSync(
  new URL('../../src/schema/command-metadata.ts', import.meta.url),
  'utf8',
);
const shapeTypesSource = readFileSync(
  new URL('../../src/schema/shape-types.ts', import.meta.url),
  'utf8',
);

/** The generated files placed as in the repository, plus extra files (e.g. a usage module). */
function projectFiles(generated: ReadonlyMap<string, string>, extra: Record<string, string> = {}) {
  const files = new Map([
    ['src/schema/command-metadata.ts', commandMetadataSource],
    ['src/schema/shape-types.ts', shapeTypesSource],
  ]);
  for (const [name, text] of generated) files.set(`src/schema/generated/qemu-0.1/${name}`, text);
  for (const [name, text] of Object.entries(extra)) files.set(name, text);
  return files;
}

const usage = `
import type { LegacyValue, Point, PointOrName, QmpCommandMap, QmpEventMap, Shape, ShapeKind } from './src/schema/generated/qemu-0.1/index.js';
import { type qga, qgaCommandMetadata, qmpCommandMetadata, qmpCommandNames, qmpEventNames } from './src/schema/generated/qemu-0.1/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

assertType<Equal<QmpCommandMap['list-points']['returns'], Point[]>>();
assertType<Equal<QmpCommandMap['get-value']['returns'], unknown>>();
assertType<Equal<QmpCommandMap['count']['returns'], number | bigint>>();
assertType<Equal<Point['blue-level'], number | undefined>>();
assertType<Equal<QmpCommandMap['draw-boxed']['args'], Shape>>();
assertType<Equal<QmpCommandMap['move']['args'], Point>>();
assertType<Equal<QmpCommandMap['no-args']['args'], Record<string, never>>>();
assertType<Equal<QmpCommandMap['no-args']['returns'], Record<string, never>>>();
assertType<Equal<QmpEventMap['RESET'], Record<string, never>>>();
assertType<Equal<QmpEventMap['POINT_MOVED'], Point>>();
assertType<Equal<(typeof qmpEventNames)[number], keyof QmpEventMap>>();
assertType<Equal<(typeof qmpCommandNames)[number], keyof QmpCommandMap>>();

export function size(shape: Shape): number {
  // size and int may lie beyond 2^53, so they may be bigints.
  if (shape.kind === 'circle') return Number(shape.radius) + Number(shape.centre.x);
  if (shape.kind === 'square') return shape.side;
  // @ts-expect-error only circles have a radius
  return shape.radius;
}

export const blob: Shape = { kind: 'blob', colour: 'red' };
// @ts-expect-error a square needs its side
export const squareWithoutSide: Shape = { kind: 'square' };
export const drawArgs: QmpCommandMap['draw']['args'] = {
  shape: blob,
  // @ts-expect-error not an argument of draw
  bogus: true,
};
// @ts-expect-error no-args takes no arguments
export const noArgs: QmpCommandMap['no-args']['args'] = { x: 1 };
// @ts-expect-error not a command
export type Missing = QmpCommandMap['drawz'];
export const legacy: LegacyValue = { type: 'words', data: ['a'] };
// @ts-expect-error the number branch carries a number
export const legacyWrong: LegacyValue = { type: 'number', data: ['a'] };
export const alternates: PointOrName[] = ['name', null, [1], { x: 1, y: 2, 'node-name': 'n' }];
// @ts-expect-error a boolean is none of the alternatives
export const notAlternate: PointOrName = true;
export const kinds: ShapeKind[] = [
  'circle',
  'hex',
];
export const oob: boolean = qmpCommandMetadata.count.allowOob;
export const silent: boolean = qgaCommandMetadata['guest-shutdown'].successResponse;
export const info: qga.GuestInfo = { version: '1' };
`;

describe('the TypeScript emitter', () => {
  const generated = generateFixture();
  const qmp = generated.files.get('qmp.ts')!;
  const qga = generated.files.get('qga.ts')!;

  it('writes qmp.ts, qga.ts and index.ts with a generated-file header', () => {
    assert.deepEqual([...generated.files.keys()], ['index.ts', 'qga.ts', 'qmp.ts', 'shape.ts']);
    for (const text of generated.files.values()) {
      assert.match(text, /^\/\/ Generated .*QEMU 0\.1/);
      assert.match(text, /regenerate with `bash scripts\/generate-schema\.sh`/);
    }
  });

  it('never copies documentation prose and never writes any', () => {
    for (const text of generated.files.values()) {
      assert.doesNotMatch(text, /DOC-PROSE/);
      assert.doesNotMatch(text, /:\s*any\b|<any>|\bany\[\]/);
    }
  });

  it('writes enums as string unions, with conditional and deprecated values marked', () => {
    assert.ok(
      qmp.includes("export type Colour =\n  | 'red'\n  | 'green'\n  | 'blue' // if CONFIG_BLUE\n"),
    );
    assert.ok(qmp.includes("  | 'ultraviolet'; // deprecated\n"));
  });

  it('writes structs as interfaces: optional members, quoted keys, builtins, bases', () => {
    for (const line of [
      'export interface Point {',
      '  x: number | bigint;',
      '  y: number | bigint;',
      '  label?: string;',
      "  'node-name': string;",
      '  tags?: string[];',
      '  extra?: unknown;',
      "  kind?: 'none' | 'qnull' | 'qnum' | 'qstring' | 'qdict' | 'qlist' | 'qbool';",
      '  /** @deprecated */\n  hint?: string;',
      "  /** @experimental QAPI feature `unstable` */\n  'x-speed'?: number;",
      "  /** Build condition: `CONFIG_BLUE` */\n  'blue-level'?: number;",
      '/** @deprecated */\nexport interface Point3D extends Point {',
      'export interface Empty {}',
    ]) {
      assert.ok(qmp.includes(line), line);
    }
  });

  it('writes flat unions as base & discriminator & branch, values without a branch included', () => {
    assert.ok(
      qmp.includes('export interface ShapeBase {\n  kind: ShapeKind;\n  colour?: Colour;\n}'),
    );
    assert.ok(
      qmp.includes(
        [
          'export type Shape =',
          "  | (ShapeBase & { kind: 'circle' } & Circle)",
          "  | (ShapeBase & { kind: 'square' } & Square)",
          "  | (ShapeBase & { kind: 'blob' })",
          "  | (ShapeBase & { kind: 'hex' } & Hexagon); // if CONFIG_HEX && !CONFIG_NO_HEX",
        ].join('\n'),
      ),
    );
    assert.ok(qmp.includes("  | (ShapeHeader & { kind: 'circle' } & Circle)"));
  });

  it('writes alternates and legacy simple unions', () => {
    assert.ok(
      qmp.includes(
        'export type PointOrName =\n  | Point\n  | string\n  | null\n  | (number | bigint)[];',
      ),
    );
    assert.ok(qmp.includes("  | { type: 'words'; data: string[] };"));
  });

  it('maps commands to args and returns, with manual links and features', () => {
    for (const text of [
      "  'draw-boxed': {\n    args: Shape;\n    returns: Record<string, never>;\n  };",
      '  move: {\n    args: Point;\n',
      "  'list-points': {\n    args: Record<string, never>;\n    returns: Point[];\n  };",
      "  'get-value': {\n    args: {\n      path: string;\n    };\n    returns: unknown;\n  };",
      "      /** @deprecated */\n      'old-style'?: boolean;",
      '   * @deprecated\n   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-shapes.old-draw\n   */',
      '   * QAPI features: `allow-something`\n   * @experimental',
      '/** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-shapes.count */',
      '  count: { allowOob: true, successResponse: true, deprecated: false, unstable: false },',
      "  'old-draw': { allowOob: false, successResponse: true, deprecated: true, unstable: false },",
      "  'x-experiment': { allowOob: false, successResponse: true, deprecated: false, unstable: true },",
    ]) {
      assert.ok(qmp.includes(text), text);
    }
    assert.ok(
      qga.includes(
        "  'guest-shutdown': { allowOob: false, successResponse: false, deprecated: false, unstable: false },",
      ),
    );
    assert.ok(qga.includes('qemu-ga-ref.html#command-QGA-qapi-schema.guest-info'));
  });

  it('maps events to their data and lists commands and events in name order', () => {
    assert.ok(qmp.includes('  RESET: Record<string, never>;'));
    assert.ok(qmp.includes('  POINT_MOVED: Point;'));
    assert.ok(qmp.includes('  SHAPE_DRAWN: {\n    shape: Shape;\n    by?: string;\n  };'));
    assert.ok(qmp.includes('#event-QMP-shapes.SHAPE_DRAWN'));
    assert.ok(
      qmp.includes(
        "export const qmpEventNames = [\n  'BLUE_EVENT',\n  'POINT_MOVED',\n  'RESET',\n  'SHAPE_DRAWN',\n]",
      ),
    );
    assert.doesNotMatch(qga, /EventMap/);
  });

  it('produces code that type-checks and types that behave', () => {
    assert.deepEqual(typecheck(projectFiles(generated.files, { 'usage.ts': usage })), []);
  });

  it('leaves out what the build profile does not have', () => {
    const built = generateFixture({ profile: fixtureProfile });
    const text = built.files.get('qmp.ts')!;
    assert.match(text, /Build: fixture-blue, blue, no hexagons\./);
    assert.doesNotMatch(text, /Hexagon|'hex'/);
    assert.ok(text.includes("  | 'blue' // if CONFIG_BLUE"));
    const withoutHex = usage.replace(
      "\n  'hex',",
      "\n  // @ts-expect-error not in this build\n  'hex',",
    );
    assert.deepEqual(typecheck(projectFiles(built.files, { 'usage.ts': withoutHex })), []);
  });

  it('refuses a profile that does not decide every symbol the schema uses', () => {
    const partial = { ...fixtureProfile, undefined: ['CONFIG_HEX'] };
    assert.throws(
      () => generateFixture({ profile: partial }),
      /does not say whether these are defined: CONFIG_NO_HEX/,
    );
  });

  it('namespaces QGA in index.ts when its type names collide with QMP ones', () => {
    const files = {
      ...fixtureFiles,
      'qga/qapi-schema.json': `${fixtureFiles['qga/qapi-schema.json']}\n{ 'struct': 'Point', 'data': { 'q': 'str' } }\n`,
    };
    const built = generateFixture({ files });
    const index = built.files.get('index.ts')!;
    assert.doesNotMatch(index, /export \* from '\.\/qga\.js'/);
    assert.match(index, /export type \{ QgaCommandMap, QgaCommandName \} from '\.\/qga\.js';/);
    assert.match(index, /export \{ qgaCommandMetadata, qgaCommandNames \} from '\.\/qga\.js';/);
    const check = `
import type { Point, qga } from './src/schema/generated/qemu-0.1/index.js';
export const qmpPoint: Point = { x: 1, y: 2, 'node-name': 'n' };
export const qgaPoint: qga.Point = { q: 'x' };
`;
    assert.deepEqual(typecheck(projectFiles(built.files, { 'check.ts': check })), []);
  });

  it('rejects a type name the generated code needs for itself', () => {
    const files = {
      ...fixtureFiles,
      'qga/qapi-schema.json': "{ 'struct': 'QgaCommandMap', 'data': {} }",
    };
    assert.throws(() => generateFixture({ files }), /type name 'QgaCommandMap' cannot be used/);
  });
});
