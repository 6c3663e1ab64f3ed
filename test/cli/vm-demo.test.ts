import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
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
  spawnQmonIn,
  waitUntil,
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

  it('gives every console the output, however many are attached', async () => {
    const consoles = [0, 1].map(() => spawnQmonIn(root, ['vm', 'console', 'demo', '--no-replay']));
    const seen = consoles.map((child) => {
      const text = { out: '', err: '' };
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text.out += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        text.err += chunk;
      });
      return text;
    });
    try {
      await waitUntil('both consoles are connected', () =>
        seen.every((text) => text.err.includes('Connected')),
      );
      const echo = ['/bin/sh', '-c', 'echo shared-console-check > /dev/ttyS0'];
      assert.equal((await qmon(['agent', 'exec', 'demo', '--', ...echo])).code, 0);
      await waitUntil('both consoles saw the guest write', () =>
        seen.every((text) => text.out.includes('shared-console-check')),
      );
    } finally {
      for (const child of consoles) child.stdin.end();
    }
    for (const child of consoles) {
      const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
      assert.equal(code, 0);
    }
  });

  it('keeps serial.log within 1 MiB when the guest writes 1.5 MB and no qmon is attached', async () => {
    const log = join(root, 'demo', 'serial.log');
    const write = 'head -c 1500000 /dev/zero | tr "\\0" x > /dev/ttyS0';
    const t0 = performance.now();
    const result = await qmon(
      ['agent', 'exec', 'demo', '--timeout', '170', '--', '/bin/sh', '-c', write],
      { timeoutMs: 180_000 },
    );
    assert.equal(result.code, 0, result.stderr);
    // The keeper may still be writing the last bytes QEMU passed it.
    await waitUntil('the log ends in the guest output', () =>
      readFileSync(log, 'latin1').endsWith('x'.repeat(1000)),
    );
    console.log(`  1.5 MB through ttyS0: ${Math.round(performance.now() - t0)} ms`);
    const mib = 1024 * 1024;
    assert.equal(statSync(`${log}.1`).size, mib, 'rotated at exactly the limit');
    assert.ok(statSync(log).size <= mib, `${statSync(log).size} bytes`);
    // Everything after the boot messages: the rest of the guest's output, nothing else.
    assert.ok(/^x+$/.test(readFileSync(log, 'latin1')), 'serial.log holds the rest of the x');
  });

  it('stops the guest (ACPI power-down, then quit) and leaves nothing behind', async () => {
    const stop = await qmon(['vm', 'stop', 'demo', '--timeout', '2'], { timeoutMs: 30_000 });
    assert.equal(stop.stdout, 'stopped demo\n', stop.stderr);
    assert.deepEqual(processesUsing(root), []);
    assert.deepEqual(await socketsUnder(root), []);
  });
});
