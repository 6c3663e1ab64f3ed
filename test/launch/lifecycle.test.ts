import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  BoundedLog,
  DiskImageError,
  InvalidSpecError,
  QemuStartError,
  RuntimeDirError,
  Vm,
  VmAlreadyRunningError,
  VmExitedError,
  VmNotFoundError,
  type VmSpec,
  type VmState,
} from '../../src/launch/index.js';
import { makeRuntimeRoot, openFdCount, qemuChildren, removeRoot } from './support.js';

const run = promisify(execFile);
const SMALL: Omit<VmSpec, 'name'> = { paused: true, memoryMiB: 64 };

function socketsIn(dir: string): string[] {
  return readdirSync(dir).filter((file) => file.endsWith('.sock') || file.endsWith('.pid'));
}

describe('VM lifecycle against the real QEMU', () => {
  let root: string;
  before(async () => {
    root = await makeRuntimeRoot();
  });
  after(() => removeRoot(root));

  it('starts and stops 20 VMs in a row, leaking no process, socket or fd', async () => {
    // One VM first, so lazily created handles (libuv's SIGCHLD pipe) are not counted.
    const warm = await Vm.start({ name: 'cycle', ...SMALL }, { runtimeRoot: root });
    await warm.kill();
    const fds = openFdCount();
    const startMs: number[] = [];
    const stopMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const vm = await Vm.start({ name: 'cycle', ...SMALL }, { runtimeRoot: root });
      startMs.push(performance.now() - t0);
      assert.equal(vm.state, 'paused');
      const t1 = performance.now();
      // Half killed, half stopped politely: no guest answers powerdown, so that ends in `quit`.
      const exit = i % 2 ? await vm.kill() : await vm.shutdown({ timeout: 50 });
      stopMs.push(performance.now() - t1);
      assert.equal(exit.expected, true);
      assert.equal(vm.state, 'exited');
      if (i % 2) assert.equal(exit.signal, 'SIGKILL');
      else assert.equal(exit.code, 0);
      assert.deepEqual(socketsIn(vm.paths.dir), []);
    }
    assert.deepEqual(qemuChildren(), []);
    assert.equal(openFdCount(), fds);
    const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    console.log(`  start: mean ${mean(startMs)} ms, max ${Math.round(Math.max(...startMs))} ms`);
    console.log(`  stop: mean ${mean(stopMs)} ms`);
  });

  it('reports a QEMU killed from outside as crashed, with the end of its stderr', async () => {
    const vm = await Vm.start(
      { name: 'crash', ...SMALL, extraArgs: ['-netdev', 'user,id=lonely'] },
      { runtimeRoot: root },
    );
    const states: VmState[] = [];
    vm.onStateChange((state) => states.push(state));
    process.kill(vm.pid, 'SIGKILL');
    const exit = await vm.exited;
    assert.equal(vm.state, 'crashed');
    assert.deepEqual(states, ['crashed']);
    assert.equal(exit.expected, false);
    assert.equal(exit.signal, 'SIGKILL');
    assert.match(exit.stderrTail, /netdev lonely has no peer/);
    assert.deepEqual(socketsIn(vm.paths.dir), []);
    const record = JSON.parse(readFileSync(vm.paths.stateFile, 'utf8'));
    assert.equal(record.exit.expected, false);
    await assert.rejects(vm.status(), VmExitedError);
    await assert.rejects(Vm.attach('crash', { runtimeRoot: root }), VmNotFoundError);
  });

  it("surfaces QEMU's own error text when it fails to start", async () => {
    await assert.rejects(
      Vm.start(
        { name: 'bad-device', ...SMALL, devices: [{ driver: 'no-such-device' }] },
        { runtimeRoot: root },
      ),
      (error) => {
        assert.ok(error instanceof QemuStartError);
        assert.equal(error.code, 'QEMU_START_FAILED');
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /exited during start-up/);
        assert.match(error.stderr, /'no-such-device' is not a valid device model name/);
        return true;
      },
    );
    const missing = join(root, 'missing.qcow2');
    await assert.rejects(
      Vm.start({ name: 'bad-disk', ...SMALL, disks: [{ path: missing }] }, { runtimeRoot: root }),
      (error) => {
        assert.ok(error instanceof DiskImageError);
        assert.match(error.message, /^disks\[0\]: .*missing\.qcow2: .*no such file or directory/);
        return true;
      },
    );
    // Refused before anything was made for it.
    assert.equal(existsSync(join(root, 'bad-disk')), false);
    await assert.rejects(
      Vm.start(
        { name: 'no-binary', ...SMALL },
        { runtimeRoot: root, qemuBinary: 'qemu-system-none' },
      ),
      (error) => error instanceof QemuStartError && /ENOENT/.test(error.message),
    );
    assert.deepEqual(qemuChildren(), []);
  });

  it('refuses a second VM of the same name and an unsafe runtime root', async () => {
    const vm = await Vm.start({ name: 'twice', ...SMALL }, { runtimeRoot: root });
    try {
      await assert.rejects(
        Vm.start({ name: 'twice', ...SMALL }, { runtimeRoot: root }),
        (error) => error instanceof VmAlreadyRunningError && error.pid === vm.pid,
      );
    } finally {
      await vm.kill();
    }
    const open = await mkdtemp(join(root, 'open-'));
    await chmod(open, 0o755);
    await assert.rejects(Vm.start({ name: 'x', ...SMALL }, { runtimeRoot: open }), RuntimeDirError);
    await assert.rejects(
      Vm.start({ name: 'x', ...SMALL }, { runtimeRoot: root, serialLogMaxBytes: 0 }),
      (error) => error instanceof InvalidSpecError && error.field === 'serialLogMaxBytes',
    );
  });

  it('follows QEMU events: paused, running, paused, and shutdown ending in quit', async () => {
    const vm = await Vm.start({ name: 'states', ...SMALL }, { runtimeRoot: root });
    const states: VmState[] = [];
    vm.onStateChange((state) => states.push(state));
    assert.equal(vm.state, 'paused');
    await vm.resume();
    // A command sent behind the supervisor's back still moves the state, through the event.
    await vm.qmp.execute('stop');
    await vm.waitForState('paused', { timeout: 2000 });
    await vm.qmp.execute('cont');
    await vm.waitForState('running', { timeout: 2000 });
    await vm.reset();
    const t0 = performance.now();
    const exit = await vm.shutdown({ timeout: 300 });
    const ms = performance.now() - t0;
    assert.ok(ms >= 300 && ms < 5000, `${ms} ms`);
    assert.equal(exit.code, 0);
    assert.deepEqual(states, ['running', 'paused', 'running', 'shutdown', 'exited']);
  });

  it('lets a second process attach, then attaches again from here', async () => {
    const first = await Vm.start(
      { name: 'shared', ...SMALL, paused: false },
      { runtimeRoot: root },
    );
    const pid = first.pid;
    assert.equal(first.state, 'running');
    await first.detach();
    const script = fileURLToPath(new URL('./fixtures/attach-child.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, 'shared', root], {
      timeout: 20_000,
    });
    const seen = JSON.parse(stdout);
    assert.deepEqual(seen, {
      pid,
      before: 'running',
      after: 'paused',
      status: 'paused',
      version: first.qemuVersion,
    });
    const again = await Vm.attach(join(root, 'shared'));
    assert.equal(again.pid, pid);
    assert.equal(again.state, 'paused');
    assert.deepEqual(again.spec, first.spec);
    const exit = await again.shutdown({ timeout: 100 });
    assert.equal(exit.expected, true);
    assert.equal(again.state, 'exited');
    assert.deepEqual(socketsIn(again.paths.dir), []);
    assert.deepEqual(qemuChildren(), []);
  });

  it('starts QEMU in its own process group when detached', async () => {
    const vm = await Vm.start(
      { name: 'detached', ...SMALL },
      { runtimeRoot: root, detached: true },
    );
    try {
      const stat = readFileSync(`/proc/${vm.pid}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      assert.equal(pgrp, vm.pid);
    } finally {
      await vm.kill();
    }
  });
});

describe('BoundedLog', () => {
  it('never lets the log pass its limit: the rest goes to a fresh file after a rename', async () => {
    const dir = await makeRuntimeRoot();
    try {
      const path = join(dir, 'serial.log');
      await writeFile(path, 'a'.repeat(600));
      const log = new BoundedLog(path, 1000);
      log.write(Buffer.from('b'.repeat(500)));
      assert.equal(readFileSync(`${path}.1`, 'utf8'), 'a'.repeat(600) + 'b'.repeat(400));
      assert.equal(readFileSync(path, 'utf8'), 'b'.repeat(100));
      assert.equal(log.rotations, 1);
      log.write(Buffer.from('c'.repeat(2500)));
      log.close();
      assert.equal(log.rotations, 3);
      assert.equal(readFileSync(`${path}.1`, 'utf8'), 'c'.repeat(1000));
      assert.equal(readFileSync(path, 'utf8'), 'c'.repeat(600));
      assert.ok(existsSync(path));
    } finally {
      await removeRoot(dir);
    }
  });
});
