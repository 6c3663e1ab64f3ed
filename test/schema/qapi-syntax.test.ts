import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseQapiText, QapiSchemaError, type QapiValue } from '../../src/schema/qapi-syntax.js';

/** Maps to plain objects, for comparing. */
function plain(value: QapiValue): unknown {
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([key, item]) => [key, plain(item)]));
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

function parsePlain(text: string): unknown[] {
  return parseQapiText(text, 'test.json').map((expression) => plain(expression.value));
}

describe('the QAPI schema language', () => {
  it('reads dicts, lists, single-quoted strings and booleans', () => {
    assert.deepEqual(
      parsePlain("{ 'command': 'x', 'boxed': true, 'gen': false, 'data': [ 'a', {} ] }"),
      [{ command: 'x', boxed: true, gen: false, data: ['a', {}] }],
    );
  });

  it('accepts the Python spellings True and False', () => {
    assert.deepEqual(parsePlain("{ 'a': True, 'b': False }"), [{ a: true, b: false }]);
  });

  it('skips comments and documentation blocks, even between members', () => {
    const text = `##
# @Foo:
# Documentation { 'not': 'parsed' }
##
{ 'struct': 'Foo', # trailing comment
  'data': { 'a': 'int' } } # another
# last line comment without newline`;
    assert.deepEqual(parsePlain(text), [{ struct: 'Foo', data: { a: 'int' } }]);
  });

  it('reads several top-level expressions without separators', () => {
    assert.deepEqual(parsePlain("{ 'a': 'b' }\n{ 'c': 'd' }{ 'e': [] }"), [
      { a: 'b' },
      { c: 'd' },
      { e: [] },
    ]);
  });

  it('keeps key order, numeric-looking keys included', () => {
    const [expression] = parseQapiText("{ 'z': '1', '10': '2', '2': '3' }", 't.json');
    assert.deepEqual([...expression!.value.keys()], ['z', '10', '2']);
  });

  it('knows only the backslash escape', () => {
    assert.deepEqual(parsePlain("{ 'a': 'x\\\\y' }"), [{ a: 'x\\y' }]);
    assert.throws(() => parsePlain("{ 'a': 'x\\ny' }"), /unknown escape \\n/);
  });

  it('records the line of each expression', () => {
    const expressions = parseQapiText("# c\n\n{ 'a': 'b' }\n{\n'c': 'd' }", 'f.json');
    assert.deepEqual(
      expressions.map((expression) => expression.location),
      [
        { file: 'f.json', line: 3 },
        { file: 'f.json', line: 4 },
      ],
    );
  });

  it('reports errors with file and line', () => {
    const cases: Array<[string, RegExp]> = [
      ["{ 'a': 'b',\n 'c' 'd' }", /^bad\.json:2: expected ':'/],
      ['{ \'a\': "b" }', /^bad\.json:1: stray '"'/],
      ["{ 'a': 'b', 'a': 'c' }", /duplicate key 'a'/],
      ["{ 'a': 'unterminated\n' }", /missing terminating quote/],
      ["[ 'a' ]", /top-level expression must be an object/],
      ["{ 'a': 'b'", /expected '}' but found end of file/],
      ["{ 'a': nope }", /stray 'nope'/],
      ['{ a: 1 }', /expected a quoted key/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parseQapiText(text, 'bad.json'),
        (error) => error instanceof QapiSchemaError && message.test(error.message),
        text,
      );
    }
  });
});
