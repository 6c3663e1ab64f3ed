import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDefinedIn } from '../../src/schema/build-profiles.js';
import { formatCondition } from '../../src/schema/qapi-condition.js';
import { loadQapiSchema } from '../../src/schema/qapi-loader.js';
import {
  buildSchemaModel,
  type ModelOptions,
  type ModelType,
} from '../../src/schema/qapi-model.js';
import { fixtureProfile, fixtureReader } from './fixture-schema.js';

function fixtureModel(options: ModelOptions = {}) {
  return buildSchemaModel(loadQapiSchema('qapi/qapi-schema.json', fixtureReader()), options);
}

function modelOf(text: string, options: ModelOptions = {}) {
  return buildSchemaModel(
    loadQapiSchema('qapi/s.json', fixtureReader({ 'qapi/s.json': text })),
    options,
  );
}

function typeNamed<M extends ModelType['meta']>(
  types: readonly ModelType[],
  name: string,
  meta: M,
) {
  const type = types.find((item) => item.name === name);
  assert.equal(type?.meta, meta, `${name} is a ${meta}`);
  return type as Extract<ModelType, { meta: M }>;
}

describe('the resolved schema model', () => {
  it('keeps every conditional definition when no build is given, with its condition', () => {
    const model = fixtureModel();
    assert.ok(model.commands.some((command) => command.name === 'blue-only'));
    const colour = typeNamed(model.types, 'Colour', 'enum');
    assert.deepEqual(
      colour.values.map((value) => value.name),
      ['red', 'green', 'blue', 'ultraviolet'],
    );
    const hexagon = typeNamed(model.types, 'Hexagon', 'struct');
    assert.equal(formatCondition(hexagon.condition!), 'CONFIG_HEX && !CONFIG_NO_HEX');
    assert.deepEqual(model.conditionSymbols, ['CONFIG_BLUE', 'CONFIG_HEX', 'CONFIG_NO_HEX']);
  });

  it('leaves out what a build does not have: definitions, values, members, branches', () => {
    const model = fixtureModel({ isDefined: isDefinedIn(fixtureProfile) });
    assert.ok(model.commands.some((command) => command.name === 'blue-only'));
    assert.ok(!model.types.some((type) => type.name === 'Hexagon'));
    const shapeKind = typeNamed(model.types, 'ShapeKind', 'enum');
    assert.deepEqual(
      shapeKind.values.map((value) => value.name),
      ['circle', 'square', 'blob'],
    );
    const shape = typeNamed(model.types, 'Shape', 'union');
    assert.deepEqual(
      shape.variants.map((variant) => [variant.value, variant.branch?.name]),
      [
        ['circle', 'Circle'],
        ['square', 'Square'],
        ['blob', undefined],
      ],
    );

    const noBlue = fixtureModel({ isDefined: () => false });
    assert.ok(!noBlue.commands.some((command) => command.name === 'blue-only'));
    assert.ok(!noBlue.events.some((event) => event.name === 'BLUE_EVENT'));
    const point = typeNamed(noBlue.types, 'Point', 'struct');
    assert.ok(!point.members.some((member) => member.name === 'blue-level'));
  });

  it('reads members: optional, arrays, features', () => {
    const point = typeNamed(fixtureModel().types, 'Point', 'struct');
    const byName = new Map(point.members.map((member) => [member.name, member]));
    assert.equal(byName.get('label')?.optional, true);
    assert.equal(byName.get('x')?.optional, false);
    assert.deepEqual(byName.get('tags')?.type, { name: 'str', isArray: true });
    assert.deepEqual(byName.get('hint')?.features, [{ name: 'deprecated' }]);
  });

  it('reads command and event properties', () => {
    const model = fixtureModel();
    const command = (name: string) => model.commands.find((item) => item.name === name)!;
    assert.equal(command('count').allowOob, true);
    assert.equal(command('count').allowPreconfig, true);
    assert.equal(command('count').coroutine, true);
    assert.equal(command('old-draw').generated, false);
    assert.equal(command('draw-boxed').boxed, true);
    assert.deepEqual(command('draw-boxed').data, { typeName: 'Shape' });
    assert.deepEqual(command('list-points').returns, { name: 'Point', isArray: true });
    assert.equal(command('draw').successResponse, true);
    const event = model.events.find((item) => item.name === 'POINT_MOVED')!;
    assert.equal(event.boxed, true);
  });

  it('gives a legacy simple union one variant per branch', () => {
    const legacy = typeNamed(fixtureModel().types, 'LegacyValue', 'union');
    assert.deepEqual(
      legacy.variants.map((variant) => [variant.value, variant.branch]),
      [
        ['number', { name: 'int', isArray: false }],
        ['words', { name: 'str', isArray: true }],
      ],
    );
  });

  it('finds the discriminator in a named base, through its own base', () => {
    const model = modelOf(`
      { 'enum': 'K', 'data': [ 'a', 'b' ] }
      { 'struct': 'Root', 'data': { 'k': 'K' } }
      { 'struct': 'Mid', 'base': 'Root', 'data': { 'n': 'int' } }
      { 'struct': 'A', 'data': {} }
      { 'union': 'U', 'base': 'Mid', 'discriminator': 'k', 'data': { 'a': 'A' } }`);
    const union = typeNamed(model.types, 'U', 'union');
    assert.deepEqual(
      union.variants.map((variant) => variant.value),
      ['a', 'b'],
    );
  });

  it('rejects schemas QEMU would reject', () => {
    const cases: Array<[string, RegExp]> = [
      [
        "{ 'struct': 'S', 'data': { 'a': 'Nope' } }",
        /member 'a' refers to 'Nope', which is not defined/,
      ],
      ["{ 'struct': 'S', 'data': {} }\n{ 'struct': 'S', 'data': {} }", /'S' is defined twice/],
      ["{ 'struct': 'str', 'data': {} }", /'str' is the name of a builtin type/],
      ["{ 'command': 'c' }\n{ 'command': 'c' }", /'c' is defined twice/],
      ["{ 'struct': 'S', 'data': {}, 'bogus': 'x' }", /struct has unknown key 'bogus'/],
      ["{ 'struct': 'S', 'command': 'c', 'data': {} }", /exactly one of the keys/],
      ["{ 'enum': 'E', 'data': [ 'a', 'a' ] }", /an enum value appears twice/],
      [
        "{ 'enum': 'E', 'data': [ 'a' ] }\n{ 'struct': 'S', 'base': 'E', 'data': {} }",
        /'base' 'E' must be a struct/,
      ],
      [
        "{ 'enum': 'E', 'data': [ 'a' ] }\n{ 'struct': 'A', 'data': {} }\n{ 'union': 'U', 'base': { 'k': 'E' }, 'discriminator': 'x', 'data': { 'a': 'A' } }",
        /discriminator 'x' is not a member of the base/,
      ],
      [
        "{ 'enum': 'E', 'data': [ 'a' ] }\n{ 'struct': 'A', 'data': {} }\n{ 'union': 'U', 'base': { 'k': 'E' }, 'discriminator': 'k', 'data': { 'z': 'A' } }",
        /branch 'z' is not a value of enum 'E'/,
      ],
      [
        "{ 'struct': 'A', 'data': {} }\n{ 'union': 'U', 'base': { 'k': 'str' }, 'discriminator': 'k', 'data': { 'z': 'A' } }",
        /must be a required member of an enum type/,
      ],
      [
        "{ 'union': 'U', 'base': { 'k': 'str' }, 'data': { 'z': 'int' } }",
        /needs both 'base' and 'discriminator'/,
      ],
      ["{ 'command': 'c', 'boxed': true }", /'boxed': true needs 'data' naming a type/],
      ["{ 'command': 'c', 'data': 'str' }", /'data' 'str' must be a struct/],
      ["{ 'command': 'c', 'if': { 'maybe': 'X' } }", /unknown 'if' operator 'maybe'/],
      ["{ 'command': 'c', 'if': 'not a symbol' }", /not a valid symbol/],
      ["{ 'alternate': 'A', 'data': {} }", /'data' must not be empty/],
    ];
    for (const [text, message] of cases) assert.throws(() => modelOf(text), message, text);
  });
});
