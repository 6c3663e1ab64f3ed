import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { runQmon } from '../support/cli.js';
import {
  makeCliRuntimeRoot,
  processesUsing,
  removeCliRuntimeRoot,
  socketsUnder,
} from '../support/cli-vms.js';
import { runOnPty } from '../support/pty.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** One demo guest (slow to boot under TCG), shared by every test here. */
describe('qmon vm start --demo, then the agent, cp and the console by VM name', {
  timeout: 15 * 60_000,
}, () => {
  let root: string;
  const env = () => ({ QMON_RUNTIME_DIR: root });
  const qmon = (args: string[], options: { input?: string; timeoutMs?: number } = {}) =>
    runQmon(args, { env: env(), ...options });

  before(async () => {
    root = await makeCliRuntimeRoot();
    await ensureDemoGuest(); // built once and cached; the first build takes minutes
  });
  after(() => removeCliRuntimeRoot(root));

  it('boots the demo guest in the background and waits for its agent', async () => {
    const start = await qmon(['vm', 'start', '--demo', '--name', 'demo', '--wait-agent', '120'], {
      timeoutMs: 150_000,
    });
    assert.equal(start.code, 0, start.stderr);
    assert.match(
      start.stdout,
      new RegExp(`^started demo: pid \\d+, running, QEMU ${literally(qemuFacts.full)} `),
    );
    assert.match(start.stderr, /the guest agent answered after [\d.]+ s\n$/);
  });

  it("talks to the guest's agent through the VM name (its qga.sock)", async () => {
    const ping = await qmon(['agent', 'ping', 'demo']);
    assert.equal(ping.code, 0, ping.stderr);
    const users = await qmon(['agent', 'users', 'demo']);
    assert.match(users.stdout, /^demo +- +\d{4}-/m);
    const hostname = await qmon(['agent', 'exec', 'demo', '--', '/bin/cat', '/etc/hostname']);
    assert.equal(hostname.stdout, 'qmon-guest\n', hostname.stderr);
    const failing = await qmon(['agent', 'exec', 'demo', '--', '/bin/sh', '-c', 'exit 3']);
    assert.equal(failing.code, 3);
  });

  it('copies a file into the guest and back by VM name', async () => {
    const source = join(root, 'payload.bin');
    const back = join(root, 'back.bin');
    writeFileSync(source, randomBytes(300_000));
    const up = await qmon(['cp', source, 'demo:/tmp/payload.bin'], { timeoutMs: 60_000 });
    assert.equal(up.code, 0, up.stderr);
    const down = await qmon(['cp', 'demo:/tmp/payload.bin', back], { timeoutMs: 60_000 });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(sha256(back), sha256(source));
  });

  it('attaches the terminal to the serial console, replays the boot, and detaches on Ctrl-]', async () => {
    const pty = runOnPty([process.execPath, QMON, 'vm', 'console', 'demo'], env());
    try {
      await pty.waitFor(
        /qmon-guest: agent starting[^\n]*\n(.|\n)*Connected to the serial console of demo; Ctrl-\] to detach/,
      );
      pty.type('\x1d');
      assert.equal(await pty.exited, 0, pty.text());
      assert.match(pty.text(), /detached\r?\n$/);
    } finally {
      pty.kill();
    }
    // The console is free again for the next client.
    const again = await qmon(['vm', 'console', 'demo', '--no-replay']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, '');
  });

  it('stops the guest (ACPI power-down, then quit) and leaves nothing behind', async () => {
    const stop = await qmon(['vm', 'stop', 'demo', '--timeout', '2'], { timeoutMs: 30_000 });
    assert.equal(stop.stdout, 'stopped demo\n', stop.stderr);
    assert.deepEqual(processesUsing(root), []);
    assert.deepEqual(await socketsUnder(root), []);
  });
});
