/**
 * A small QAPI schema, in memory, that uses every part of the schema language
 * the generator handles. Laid out like a QEMU source tree (`qapi/`, `qga/`).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { BuildProfile } from '../../src/schema/build-profiles.js';
import { type GeneratedSchema, generateSchema } from '../../src/schema/generator.js';

export const fixtureFiles: Readonly<Record<string, string>> = {
  'qapi/qapi-schema.json': `# -*- Mode: Python -*-
##
# = Fixture schema
#
# DOC-PROSE: documentation comments never reach the output.
##

{ 'pragma': { 'doc-required': true,
              'command-returns-exceptions': [ 'count', 'get-value' ] } }

{ 'include': 'common.json' }
{ 'include': 'sub/shapes.json' }
{ 'include': 'common.json' }   # included once only
`,
  'qapi/common.json': `##
# @Colour:
#
# DOC-PROSE: a colour.
#
# @blue: only with CONFIG_BLUE
##
{ 'enum': 'Colour', 'prefix': 'COLOUR',
  'data': [ 'red', 'green',
            { 'name': 'blue', 'if': 'CONFIG_BLUE' },
            { 'name': 'ultraviolet', 'features': [ 'deprecated' ] } ] }

{ 'struct': 'Empty', 'data': {} }

{ 'struct': 'Point',
  'data': { 'x': 'int', 'y': 'int64', '*label': 'str', 'node-name': 'str',
            '*tags': [ 'str' ], '*extra': 'any', '*kind': 'QType',
            '*hint': { 'type': 'str', 'features': [ 'deprecated' ] },
            '*x-speed': { 'type': 'number', 'features': [ 'unstable' ] },
            '*blue-level': { 'type': 'uint8', 'if': 'CONFIG_BLUE' } } }

{ 'struct': 'Point3D', 'base': 'Point', 'data': { 'z': 'number' },
  'features': [ 'deprecated' ] }

{ 'alternate': 'PointOrName',
  'data': { 'point': 'Point', 'name': 'str', 'none': 'null', 'many': [ 'int' ] } }
`,
  'qapi/sub/shapes.json': `{ 'include': 'more.json' }

{ 'enum': 'ShapeKind',
  'data': [ 'circle', 'square', 'blob',
            { 'name': 'hex', 'if': { 'all': [ 'CONFIG_HEX', { 'not': 'CONFIG_NO_HEX' } ] } } ] }

{ 'struct': 'Circle', 'data': { 'radius': 'size', 'centre': 'Point' } }
{ 'struct': 'Square', 'data': { 'side': 'uint32' } }
{ 'struct': 'Hexagon', 'data': { 'side': 'uint16' },
  'if': { 'all': [ 'CONFIG_HEX', { 'not': 'CONFIG_NO_HEX' } ] } }

{ 'union': 'Shape',
  'base': { 'kind': 'ShapeKind', '*colour': 'Colour' },
  'discriminator': 'kind',
  'data': { 'circle': 'Circle',
            'square': { 'type': 'Square' },
            'hex': { 'type': 'Hexagon',
                     'if': { 'all': [ 'CONFIG_HEX', { 'not': 'CONFIG_NO_HEX' } ] } } } }

{ 'struct': 'ShapeHeader', 'data': { 'kind': 'ShapeKind', 'id': 'str' } }
{ 'union': 'LabelledShape', 'base': 'ShapeHeader', 'discriminator': 'kind',
  'data': { 'circle': 'Circle' } }

{ 'union': 'LegacyValue', 'data': { 'number': 'int', 'words': [ 'str' ] } }

{ 'command': 'draw',
  'data': { 'shape': 'Shape', '*points': [ 'Point' ],
            '*old-style': { 'type': 'bool', 'features': [ 'deprecated' ] },
            '*x-fast': { 'type': 'bool', 'features': [ 'unstable' ] } },
  'returns': 'Point' }
{ 'command': 'draw-boxed', 'data': 'Shape', 'boxed': true }
{ 'command': 'move', 'data': 'Point' }
{ 'command': 'list-points', 'returns': [ 'Point' ] }
{ 'command': 'get-value', 'data': { 'path': 'str' }, 'returns': 'any' }
{ 'command': 'count', 'returns': 'int', 'allow-oob': true,
  'allow-preconfig': true, 'coroutine': true }
{ 'command': 'old-draw', 'features': [ 'deprecated' ], 'gen': false }
{ 'command': 'x-experiment', 'features': [ 'unstable', 'allow-something' ] }
{ 'command': 'blue-only', 'if': 'CONFIG_BLUE' }
{ 'command': 'no-args', 'data': {} }

{ 'event': 'SHAPE_DRAWN', 'data': { 'shape': 'Shape', '*by': 'str' } }
{ 'event': 'RESET' }
{ 'event': 'POINT_MOVED', 'data': 'Point', 'boxed': true }
{ 'event': 'BLUE_EVENT', 'if': 'CONFIG_BLUE' }
`,
  'qapi/sub/more.json': `{ 'enum': 'Flag', 'data': [ 'on', 'off' ] }
`,
  'qga/qapi-schema.json': `# -*- Mode: Python -*-
{ 'pragma': { 'doc-required': true } }

{ 'struct': 'GuestInfo', 'data': { 'version': 'str' } }
{ 'command': 'guest-info', 'returns': 'GuestInfo' }
{ 'command': 'guest-shutdown', 'data': { '*mode': 'str' }, 'success-response': false }
{ 'command': 'guest-ping' }
`,
};

export const fixtureProfile: BuildProfile = {
  name: 'fixture-blue',
  description: 'blue, no hexagons',
  defined: ['CONFIG_BLUE'],
  undefined: ['CONFIG_HEX', 'CONFIG_NO_HEX'],
};

/** Reads the fixture files by their path below any source folder. */
export function fixtureReader(files: Readonly<Record<string, string>> = fixtureFiles) {
  return (path: string): string => {
    const key = Object.keys(files).find((name) => path === name || path.endsWith(`/${name}`));
    if (key === undefined) throw new Error(`no fixture file ${path}`);
    return files[key]!;
  };
}

export function generateFixture(
  options: { profile?: BuildProfile; files?: Readonly<Record<string, string>> } = {},
): GeneratedSchema {
  return generateSchema({
    sourceDir: 'fixture',
    version: '0.1',
    readFile: fixtureReader(options.files),
    ...(options.profile ? { profile: options.profile } : {}),
  });
}

/** Writes the fixture files into a fresh temporary source tree and returns its path. */
export function writeFixtureTree(files: Readonly<Record<string, string>> = fixtureFiles): string {
  const root = mkdtempSync(join(tmpdir(), 'qmon-schema-fixture-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
