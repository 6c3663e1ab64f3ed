import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeFixtureTree } from './fixture-schema.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-schema-out-'));
  temporary.push(dir);
  return dir;
}

function generate(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/schema/generate.ts', ...args], {
    cwd: repoRoot,
  });
}

function readTree(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

describe('the generate command', () => {
  it('gives byte-identical output for the same input', async () => {
    const source = writeFixtureTree();
    temporary.push(source);
    const [first, second] = [tempDir(), tempDir()];
    for (const out of [first, second]) {
      const { stderr } = await generate(['--source', source, '--out', out, '--version', '0.1']);
      assert.match(stderr, /QEMU 0\.1: 10 QMP commands, 4 events, \d+ types; 3 QGA commands/);
    }
    const firstFiles = readTree(first);
    assert.deepEqual([...firstFiles.keys()].sort(), ['index.ts', 'qga.ts', 'qmp.ts', 'shape.ts']);
    assert.deepEqual(readTree(second), firstFiles);
  });

  it('applies a named build profile and refuses an unknown one', async () => {
    const source = writeFixtureTree();
    temporary.push(source);
    const out = tempDir();
    await assert.rejects(
      generate(['--source', source, '--out', out, '--version', '0.1', '--profile', 'nope']),
      (error: { stderr: string }) =>
        /unknown build profile 'nope'; known: debian-bookworm-amd64/.test(error.stderr),
    );
    // The fixture's symbols are not in the Debian profile: the generator says which.
    await assert.rejects(
      generate([
        '--source',
        source,
        '--out',
        out,
        '--version',
        '0.1',
        '--profile',
        'debian-bookworm-amd64',
      ]),
      (error: { stderr: string }) => /CONFIG_BLUE, CONFIG_HEX, CONFIG_NO_HEX/.test(error.stderr),
    );
  });

  it('explains its usage and reports schema errors with their location', async () => {
    await assert.rejects(generate(['--source', 'x']), (error: { stderr: string; code: number }) => {
      assert.equal(error.code, 2);
      return /usage: generate\.ts --source DIR --out DIR --version/.test(error.stderr);
    });
    const source = writeFixtureTree({
      'qapi/qapi-schema.json': "{ 'struct': 'S', 'data': { 'a': 'Nope' } }\n",
    });
    temporary.push(source);
    await assert.rejects(
      generate(['--source', source, '--out', tempDir(), '--version', '0.1']),
      (error: { stderr: string }) =>
        /qapi-schema\.json:1: struct 'S': member 'a' refers to 'Nope'/.test(error.stderr),
    );
  });
});
