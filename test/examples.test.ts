import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startQemu, type TestQemu } from './support/qemu.js';

const run = promisify(execFile);

/** Runs an example as its header says, against one QEMU. */
function example(name: string, socket: string): Promise<{ stdout: string }> {
  return run('node', ['--import', 'tsx', `examples/${name}`, socket], {
    cwd: new URL('..', import.meta.url),
    timeout: 60_000,
  });
}

describe('examples/ (against a real QEMU)', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
  });
  after(() => qemu.stop());

  it('events.ts sees STOP then RESUME through the iterator', async () => {
    const { stdout } = await example('events.ts', qemu.qmp);
    assert.match(stdout, /saw STOP then RESUME/);
  });

  it('mux.ts shares the monitor, is refused on the read-only listener, reads its stats', async () => {
    const { stdout } = await example('mux.ts', qemu.qmp);
    assert.match(stdout, /status: running/);
    assert.match(stdout, /refused: stop: .*read-only/);
    assert.match(stdout, /QEMU \d+\.\d+\.\d+: 2 clients, 2 commands sent/);
  });
});
