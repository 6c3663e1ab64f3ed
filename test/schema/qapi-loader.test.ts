import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadQapiSchema } from '../../src/schema/qapi-loader.js';
import { fixtureReader } from './fixture-schema.js';

describe('loading a schema with includes', () => {
  it('follows includes relative to the including file, once each, in order', () => {
    const loaded = loadQapiSchema('src/qapi/qapi-schema.json', fixtureReader());
    const names = loaded.map((expression) => {
      const meta = ['enum', 'struct', 'union', 'alternate', 'command', 'event'].find((key) =>
        expression.value.has(key),
      )!;
      return `${expression.module}:${expression.value.get(meta)}`;
    });
    assert.deepEqual(names.slice(0, 7), [
      'common:Colour',
      'common:Empty',
      'common:Point',
      'common:Point3D',
      'common:PointOrName',
      'more:Flag',
      'shapes:ShapeKind',
    ]);
    assert.equal(names.filter((name) => name === 'common:Colour').length, 1);
    assert.equal(loaded[5]!.location.file, 'src/qapi/sub/more.json');
  });

  it('drops pragma directives and rejects a malformed one', () => {
    const files = {
      'qapi/qapi-schema.json':
        "{ 'pragma': { 'doc-required': true } }\n{ 'enum': 'E', 'data': [] }",
    };
    assert.equal(loadQapiSchema('qapi/qapi-schema.json', fixtureReader(files)).length, 1);
    const bad = { 'qapi/qapi-schema.json': "{ 'pragma': 'x' }" };
    assert.throws(
      () => loadQapiSchema('qapi/qapi-schema.json', fixtureReader(bad)),
      /'pragma' must be an object/,
    );
  });

  it('rejects an inclusion loop and a malformed include', () => {
    const loop = {
      'qapi/a.json': "{ 'include': 'b.json' }",
      'qapi/b.json': "{ 'include': 'a.json' }",
    };
    assert.throws(
      () => loadQapiSchema('qapi/a.json', fixtureReader(loop)),
      /b\.json:1: inclusion loop for a\.json/,
    );
    const extraKey = { 'qapi/a.json': "{ 'include': 'b.json', 'x': 'y' }" };
    assert.throws(
      () => loadQapiSchema('qapi/a.json', fixtureReader(extraKey)),
      /invalid 'include' directive/,
    );
  });
});
