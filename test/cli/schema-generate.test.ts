import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runQmon } from '../support/cli.js';

describe('qmon schema generate', () => {
  it('takes a build profile by name and lists the known ones for an unknown name', async () => {
    const { code, stderr } = await runQmon([
      'schema',
      'generate',
      '--source',
      '.',
      '--out',
      'unused',
      '--version',
      '10.0',
      '--profile',
      'nope',
    ]);
    assert.equal(code, 2);
    assert.equal(
      stderr,
      "qmon: unknown build profile 'nope'; known: debian-bookworm-amd64, debian-bookworm-backports-amd64\n",
    );
  });
});
