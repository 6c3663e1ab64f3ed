import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { shareWithQemu } from '../launch/support.js';
import { runQmon } from '../support/cli.js';
import {
  makeCliRuntimeRoot,
  processesUsing,
  removeCliRuntimeRoot,
  sessionOf,
  socketsUnder,
} from '../support/cli-vms.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

const NAME = 'cli0';

/** Whether a process is alive and not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('qmon vm (the real binary starting and managing a real QEMU)', () => {
  let root: string;
  let pid: number;
  const env = () => ({ QMON_RUNTIME_DIR: root });
  const qmon = (args: string[], options: { input?: string; timeoutMs?: number } = {}) =>
    runQmon(args, { env: env(), ...options });

  before(async () => {
    root = await makeCliRuntimeRoot();
  });
  after(() => removeCliRuntimeRoot(root));

  it('starts QEMU from a spec file plus flags and leaves it running after qmon exits', async () => {
    const spec = join(root, 'spec.json');
    writeFileSync(spec, JSON.stringify({ name: 'from-file', machine: 'q35', memoryMiB: 64 }));
    const disk = join(root, 'disk.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '16M']);
    await shareWithQemu(root, disk);
    const start = await qmon(['vm', 'start', spec, '--name', NAME, '--paused', '--disk', disk]);
    assert.equal(start.code, 0, start.stderr);
    const match = new RegExp(
      `^started cli0: pid (\\d+), paused, QEMU ${literally(qemuFacts.full)}`,
    ).exec(start.stdout);
    assert.ok(match, start.stdout);
    pid = Number(match[1]);
    assert.ok(alive(pid), 'QEMU outlives qmon');
    assert.equal(sessionOf(pid), pid, 'QEMU leads a session of its own, away from our terminal');
    assert.match(start.stdout, new RegExp(`runtime folder: ${join(root, NAME)}\n`));

    const again = await qmon(['vm', 'start', '--name', NAME, '--machine', 'none']);
    assert.equal(again.code, 125);
    assert.equal(again.stderr, `qmon: a VM named "${NAME}" is already running (pid ${pid})\n`);
  });

  it('lists the VM and reports its status, for people and as JSON', async () => {
    const list = await qmon(['vm', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^NAME +STATE +PID +UP +QEMU\n/);
    assert.match(
      list.stdout,
      new RegExp(`\\ncli0 +paused +${pid} +\\d+ s +${literally(qemuFacts.full)} `),
    );
    const listed = JSON.parse((await qmon(['vm', 'list', '--json'])).stdout) as {
      name: string;
      state: string;
      pid: number;
      qemuVersion: string;
    }[];
    assert.deepEqual(
      listed.map(({ name, state, pid }) => ({ name, state, pid })),
      [{ name: NAME, state: 'paused', pid }],
    );
    assert.ok(listed[0]!.qemuVersion.startsWith(`${qemuFacts.full} `));

    const status = await qmon(['vm', 'status', NAME]);
    assert.match(status.stdout, /^name: +cli0\nstate: +paused \(prelaunch\)\npid: +\d+\n/);
    const json = JSON.parse((await qmon(['vm', 'status', NAME, '--json'])).stdout);
    assert.equal(json.status, 'prelaunch');
    assert.equal(json.pid, pid);
  });

  it('resumes and pauses it, and `qmon exec NAME` reaches the same QEMU in between', async () => {
    const resume = await qmon(['vm', 'resume', NAME]);
    assert.equal(resume.stdout, 'cli0: running\n', resume.stderr);
    const running = await qmon(['exec', NAME, 'query-status', '--return-value']);
    assert.equal(running.code, 0, running.stderr);
    assert.equal(JSON.parse(running.stdout).status, 'running');
    const pause = await qmon(['vm', 'pause', NAME]);
    assert.equal(pause.stdout, 'cli0: paused\n', pause.stderr);
    const paused = await qmon(['exec', NAME, 'query-status', '--return-value']);
    assert.equal(JSON.parse(paused.stdout).status, 'paused');
    const reset = await qmon(['vm', 'reset', NAME]);
    assert.equal(reset.stdout, 'cli0: reset\n', reset.stderr);
    const hmp = await qmon(['hmp', NAME], { input: 'info status\n' });
    // A reset while paused leaves QEMU in prelaunch.
    assert.match(hmp.stdout, /^VM status: paused( \(prelaunch\))?\n$/, hmp.stderr);
  });

  it('hot-plugs a device and unplugs it again', async () => {
    const attach = await qmon([
      'vm',
      'attach-device',
      NAME,
      '--driver',
      'virtio-rng-pci',
      '--id',
      'rng0',
      '--prop',
      'max-bytes=1024',
    ]);
    assert.equal(attach.stdout, 'cli0: added rng0\n', attach.stderr);
    const qomGet = [
      'exec',
      NAME,
      'qom-get',
      '{"path":"/machine/peripheral/rng0","property":"max-bytes"}',
    ];
    assert.equal((await qmon(qomGet)).stdout, '{"return":1024}\n');
    const detach = await qmon(['vm', 'detach-device', NAME, 'rng0']);
    assert.equal(detach.stdout, 'cli0: removed rng0\n', detach.stderr);
    const gone = await qmon(qomGet);
    assert.equal(gone.code, 125);
    const bad = await qmon([
      'vm',
      'attach-device',
      NAME,
      '--driver',
      'virtio-rng-pci',
      '--prop',
      'x',
    ]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'qmon: --prop expects KEY=VALUE, got x\n');
  });

  it('saves, lists, loads and deletes a snapshot', async () => {
    const save = await qmon(['vm', 'snapshot', 'save', NAME, 'first'], { timeoutMs: 60_000 });
    assert.equal(save.stdout, 'cli0: saved snapshot first\n', save.stderr);
    const list = await qmon(['vm', 'snapshot', 'list', NAME]);
    assert.match(list.stdout, /^TAG +ID +VM STATE +DATE\nfirst +1 +[\d.]+ [KM]iB +\d{4}-/);
    const listed = JSON.parse((await qmon(['vm', 'snapshot', 'list', NAME, '--json'])).stdout);
    assert.equal(listed[0].tag, 'first');
    const load = await qmon(['vm', 'snapshot', 'load', NAME, 'first'], { timeoutMs: 60_000 });
    assert.equal(load.stdout, 'cli0: loaded snapshot first\n', load.stderr);
    const remove = await qmon(['vm', 'snapshot', 'delete', NAME, 'first'], { timeoutMs: 60_000 });
    assert.equal(remove.stdout, 'cli0: deleted snapshot first\n', remove.stderr);
    assert.equal((await qmon(['vm', 'snapshot', 'list', NAME])).stdout, 'cli0: no snapshots\n');
  });

  it('saves a screenshot as PNG', async () => {
    const file = join(root, 'screen.png');
    const shot = await qmon(['vm', 'screenshot', NAME, file, '--json']);
    assert.equal(shot.code, 0, shot.stderr);
    const { width, height } = JSON.parse(shot.stdout);
    assert.ok(width > 0 && height > 0);
    const png = readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(png.readUInt32BE(16), width);
  });

  it('opens the serial console without a terminal and leaves when input ends', async () => {
    const console = await qmon(['vm', 'console', NAME]);
    assert.equal(console.code, 0, console.stderr);
    assert.equal(console.stderr, 'Connected to the serial console of cli0\n');
  });

  it('stops it gracefully, leaving no process and no socket, and says so', async () => {
    const stop = await qmon(['vm', 'stop', NAME, '--timeout', '1'], { timeoutMs: 30_000 });
    assert.equal(stop.stdout, 'stopped cli0\n', stop.stderr);
    for (let i = 0; i < 50 && alive(pid); i++) await sleep(20);
    assert.equal(alive(pid), false);
    assert.deepEqual(processesUsing(root), []);
    assert.deepEqual(await socketsUnder(root), []);
    assert.deepEqual(readdirSync(join(root, NAME)).sort(), [
      'lock',
      'qemu.log',
      'serial.log',
      'state.json',
    ]);
    const list = await qmon(['vm', 'list']);
    assert.match(list.stdout, new RegExp(`\ncli0 +exited +- +- +${literally(qemuFacts.full)} `));
    const exec = await qmon(['exec', NAME, 'query-status']);
    assert.equal(exec.code, 125);
    assert.match(exec.stderr, /^qmon: cli0: no VM of that name under /);
    const status = await qmon(['vm', 'status', NAME]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^name: +cli0\nstate: +exited \(exit status unknown\)\n/);
    assert.equal(existsSync(join(root, NAME, 'qmp.sock')), false);
  });

  it('starts a minimal VM with the spec given by flags only, and kills it', async () => {
    const start = await qmon(['vm', 'start', '--name', 'bare', '--machine', 'none', '--json']);
    assert.equal(start.code, 0, start.stderr);
    const started = JSON.parse(start.stdout);
    assert.equal(started.state, 'running');
    assert.ok(alive(started.pid));
    const kill = await qmon(['vm', 'kill', 'bare']);
    assert.equal(kill.stdout, 'killed bare\n', kill.stderr);
    assert.equal(alive(started.pid), false);
    assert.deepEqual(processesUsing(root), []);
    assert.deepEqual(await socketsUnder(root), []);
  });

  it('reports bad input as one line', async () => {
    const noName = await qmon(['vm', 'start', '--machine', 'none']);
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /^qmon: give the VM a name/);
    const badSpec = join(root, 'bad.json');
    writeFileSync(badSpec, '{"name":');
    const bad = await qmon(['vm', 'start', badSpec]);
    assert.equal(bad.code, 2);
    const badMemory = await qmon(['vm', 'start', '--name', 'x', '--memory', 'lots']);
    assert.equal(badMemory.stderr, 'qmon: --memory expects a positive whole number, got "lots"\n');
    const badVga = await qmon(['vm', 'start', '--name', 'x', '--vga', 'bogus']);
    assert.equal(badVga.code, 2);
    assert.match(badVga.stderr, /"bogus" is not one of std, virtio, cirrus, none/);
    assert.equal(existsSync(join(root, 'x')), false, 'nothing was started');
    for (const result of [noName, bad, badMemory, badVga]) {
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const help = await runQmon(['vm', 'start', '--help']);
    assert.match(help.stdout, /Examples:\n {2}\$ qmon vm start --demo/);
  });
});
