import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { generateFromSubset, generateFromTree } from '../../src/libvirt/generator/generate.js';
import { parseXdr } from '../../src/libvirt/generator/xdr-parser.js';

const generated = join(import.meta.dirname, '../../src/libvirt/generated');
const committed = {
  typescript: readFileSync(join(generated, 'protocol.ts'), 'utf8'),
  subset: readFileSync(join(generated, 'protocol-subset.x'), 'utf8'),
};
const cachedSource = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'qmon/libvirt-source/libvirt-9.0',
);

describe('libvirt protocol generator', () => {
  it('reproduces the committed module from the committed subset of the .x files', () => {
    const result = generateFromSubset(committed.subset);
    assert.equal(result.typescript, committed.typescript);
    assert.equal(result.subset, committed.subset);
  });

  it('reproduces it from the full libvirt sources when they are cached (scripts/generate-libvirt.sh)', (t) => {
    if (!existsSync(join(cachedSource, 'src/remote/remote_protocol.x'))) {
      t.skip('libvirt sources not cached; bash scripts/generate-libvirt.sh --check fetches them');
      return;
    }
    const label = `Debian source package libvirt ${readFileSync(join(cachedSource, 'debian-version'), 'utf8').trim()}`;
    assert.deepEqual(generateFromTree(cachedSource, label), committed);
  });

  it('has the procedure numbers libvirt 9.0 uses', () => {
    for (const [name, number] of [
      ['CONNECT_OPEN', 1],
      ['DOMAIN_CREATE_XML', 10],
      ['DOMAIN_LOOKUP_BY_NAME', 23],
      ['AUTH_LIST', 66],
      ['DOMAIN_OPEN_CONSOLE', 201],
      ['DOMAIN_SCREENSHOT', 211],
      ['DOMAIN_GET_GUEST_INFO', 418],
      ['QEMU_DOMAIN_MONITOR_COMMAND', 1],
      ['QEMU_DOMAIN_MONITOR_EVENT', 6],
    ] as const)
      assert.match(
        committed.typescript,
        new RegExp(`  ${name}: \\{ program: \\w+, procedure: ${number},`),
      );
  });

  it('parses unions with default arms, fixed and variable arrays, optional data', () => {
    const [union, struct] = parseXdr(
      `union u switch (int kind) { case 1: case X: int a; default: void; };
       struct s { unsigned hyper h; opaque o[16]; string n<>; s2 *next; int list<MAX>; };`,
      'x.x',
    );
    assert.deepEqual(union, {
      kind: 'union',
      name: 'u',
      discriminant: { name: 'kind', type: { kind: 'int', unsigned: false }, optional: false },
      arms: [
        {
          cases: ['1', 'X'],
          declaration: { name: 'a', type: { kind: 'int', unsigned: false }, optional: false },
        },
      ],
      defaultArm: null,
      source: 'union u switch (int kind) { case 1: case X: int a; default: void; };',
      file: 'x.x',
    });
    assert.equal(struct?.kind, 'struct');
    if (struct?.kind !== 'struct') return;
    assert.deepEqual(
      struct.fields.map((f) => [f.name, f.type.kind, f.optional, f.array]),
      [
        ['h', 'hyper', false, undefined],
        ['o', 'opaque', false, { fixed: true, bound: '16' }],
        ['n', 'string', false, { fixed: false }],
        ['next', 'named', true, undefined],
        ['list', 'int', false, { fixed: false, bound: 'MAX' }],
      ],
    );
  });
});
