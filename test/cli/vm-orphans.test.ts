/**
 * VMs never orphaned: the real `qmon` binary against real QEMUs, with names
 * and a runtime root that QEMU's option syntax would mangle, two starts racing,
 * a monitor held by `qmon events --loop`, by a `qmon mux` and by a stranger.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runtimePaths } from '../../src/launch/runtime-dir.js';
import { socketHasClient } from '../../src/launch/socket-clients.js';
import { runQmon } from '../support/cli.js';
import {
  alive,
  makeCliRuntimeRoot,
  processesUsing,
  removeCliRuntimeRoot,
  spawnQmonIn,
  waitUntil,
} from '../support/cli-vms.js';

const HOSTILE = ['a,b', 'k=v,id=evil,path=x', 'new\nline\ttab'];

describe('qmon vm keeps track of its QEMUs', () => {
  let base: string;
  /** The runtime root: a comma in it, as in QMON_RUNTIME_DIR=rt,c. */
  let root: string;
  const qmon = (args: string[], options: { timeoutMs?: number } = {}) =>
    runQmon(args, { env: { QMON_RUNTIME_DIR: root }, ...options });
  const paths = (name: string) => runtimePaths(name, root);
  const startBare = async (name: string, extra: string[] = ['--machine', 'none']) => {
    const start = await qmon(['vm', 'start', '--name', name, ...extra, '--json']);
    assert.equal(start.code, 0, start.stderr);
    return JSON.parse(start.stdout).pid as number;
  };

  before(async () => {
    base = await makeCliRuntimeRoot();
    root = join(base, 'rt,c');
    await mkdir(root, { mode: 0o700 });
  });
  after(() => removeCliRuntimeRoot(base));

  for (const name of HOSTILE) {
    it(`status, pause, a second start, stop and kill all find QEMU: ${JSON.stringify(name)}`, async () => {
      const shown = /[\n\t]/.test(name) ? JSON.stringify(name) : name;
      const pid = await startBare(name);
      const status = JSON.parse((await qmon(['vm', 'status', name, '--json'])).stdout);
      assert.deepEqual([status.name, status.state, status.pid], [name, 'running', pid]);
      assert.equal((await qmon(['vm', 'pause', name])).stdout, `${shown}: paused\n`);
      const again = await qmon(['vm', 'start', '--name', name, '--machine', 'none']);
      assert.equal(again.code, 125);
      assert.equal(
        again.stderr,
        `qmon: a VM named ${JSON.stringify(name)} is already running (pid ${pid})\n`,
      );
      assert.deepEqual(processesUsing(paths(name).dir), [pid]);
      assert.ok(existsSync(paths(name).qmp), 'the sockets are still there');

      const list = await qmon(['vm', 'list']);
      const row = list.stdout.split('\n').find((line) => line.startsWith(`${shown} `));
      assert.match(row ?? '', /^\S+ +paused +\d+ /, list.stdout);

      const stop = await qmon(['vm', 'stop', name, '--timeout', '1'], { timeoutMs: 30_000 });
      assert.equal(stop.stdout, `stopped ${shown}\n`, stop.stderr);
      assert.equal(alive(pid), false);

      const second = await startBare(name);
      const kill = await qmon(['vm', 'kill', name]);
      assert.equal(kill.stdout, `killed ${shown}\n`, kill.stderr);
      assert.equal(alive(second), false);
      assert.deepEqual(processesUsing(paths(name).dir), []);
    });
  }

  it('lets only one of two simultaneous starts of one name launch, and the loser touches nothing', async () => {
    for (let round = 0; round < 3; round++) {
      const start = () => qmon(['vm', 'start', '--name', 'race', '--machine', 'none', '--json']);
      const results = await Promise.all([start(), start()]);
      const winners = results.filter((result) => result.code === 0);
      const losers = results.filter((result) => result.code !== 0);
      assert.equal(winners.length, 1, results.map((r) => r.stderr).join('\n'));
      assert.equal(losers[0]!.code, 125);
      assert.match(
        losers[0]!.stderr,
        /^qmon: a VM named "race" is already running \((pid \d+|being started by (pid \d+|another process))\)\n$/,
      );
      const pid = JSON.parse(winners[0]!.stdout).pid as number;
      assert.deepEqual(processesUsing(paths('race').dir), [pid]);
      for (const socket of [paths('race').qmp, paths('race').hmp]) assert.ok(existsSync(socket));
      const status = JSON.parse((await qmon(['vm', 'status', 'race', '--json'])).stdout);
      assert.equal(status.pid, pid);
      assert.equal((await qmon(['vm', 'kill', 'race'])).code, 0);
    }
  });

  it('kills without the monitor while `qmon events --loop` holds it; stop says so or forces', async () => {
    const pid = await startBare('held');
    const events = spawnQmonIn(root, ['events', 'held', '--loop']);
    try {
      await waitUntil('events holds the monitor', () => socketHasClient(paths('held').qmp));
      const refused = await qmon(['vm', 'stop', 'held', '--timeout', '1'], { timeoutMs: 30_000 });
      assert.equal(refused.code, 125);
      assert.match(refused.stderr, /another client holds the QMP monitor.*--force/);
      assert.ok(alive(pid));
      const forced = await qmon(['vm', 'stop', 'held', '--force'], { timeoutMs: 30_000 });
      assert.equal(
        forced.stdout,
        'stopped held by SIGTERM (the monitor was busy)\n',
        forced.stderr,
      );
      assert.equal(alive(pid), false);
    } finally {
      events.kill();
    }

    const second = await startBare('held');
    const events2 = spawnQmonIn(root, ['events', 'held', '--loop']);
    try {
      await waitUntil('events holds the monitor', () => socketHasClient(paths('held').qmp));
      const t0 = Date.now();
      const kill = await qmon(['vm', 'kill', 'held']);
      assert.equal(kill.stdout, 'killed held\n', kill.stderr);
      assert.ok(Date.now() - t0 < 4000, `${Date.now() - t0} ms`);
      assert.equal(alive(second), false);
      assert.equal(existsSync(paths('held').qmp), false);
      // The events client ends as QEMU goes.
      if (events2.exitCode === null) await once(events2, 'exit');
    } finally {
      events2.kill();
    }
  });

  it('goes through the mux that holds the monitor, which registers itself in the runtime folder', async () => {
    await startBare('muxed');
    const mux = spawnQmonIn(root, [
      'mux',
      'muxed',
      '--listen',
      `unix:${join(base, 'shared.sock')}`,
    ]);
    try {
      await waitUntil('the mux registered', () => existsSync(paths('muxed').mux));
      assert.ok(socketHasClient(paths('muxed').qmp), 'the mux holds the monitor');
      const t0 = Date.now();
      const status = JSON.parse((await qmon(['vm', 'status', 'muxed', '--json'])).stdout);
      assert.equal(status.state, 'running');
      assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
      assert.equal((await qmon(['vm', 'pause', 'muxed'])).stdout, 'muxed: paused\n');
      const exec = await qmon(['exec', 'muxed', 'query-status', '--return-value']);
      assert.equal(JSON.parse(exec.stdout).status, 'paused', exec.stderr);
      const stop = await qmon(['vm', 'stop', 'muxed', '--timeout', '1'], { timeoutMs: 30_000 });
      assert.equal(stop.stdout, 'stopped muxed\n', stop.stderr);
      if (mux.exitCode === null) await once(mux, 'exit');
      assert.equal(existsSync(paths('muxed').mux), false, 'the mux removed its socket');
    } finally {
      mux.kill();
    }
  });

  it('says when a foreign client holds the monitor or the guest agent channel', async () => {
    await startBare('foreign', ['--paused', '--memory', '64']);
    const hold = async (path: string): Promise<Socket> => {
      const socket = connect(path);
      await once(socket, 'connect');
      await waitUntil(`a client holds ${path}`, () => socketHasClient(path));
      return socket;
    };
    const monitor = await hold(paths('foreign').qmp);
    const agent = await hold(paths('foreign').qga);
    try {
      const status = await qmon(['vm', 'status', 'foreign'], { timeoutMs: 30_000 });
      assert.equal(status.code, 125);
      assert.match(status.stderr, /^qmon: .*qmp\.sock: another client holds the QMP monitor/);
      const exec = await qmon(['exec', 'foreign', 'query-status', '--timeout', '1']);
      assert.match(exec.stderr, /another client holds the QMP monitor/);
      const ping = await qmon(['agent', 'ping', 'foreign', '--timeout', '1']);
      assert.equal(ping.code, 125);
      assert.match(ping.stderr, /qga\.sock: another client holds the guest agent channel/);
    } finally {
      monitor.destroy();
      agent.destroy();
    }
    assert.equal((await qmon(['vm', 'kill', 'foreign'])).code, 0);
  });

  it('reports a crashed VM in status as list does, and rm removes what it left', async () => {
    const pid = await startBare('crash');
    const busy = await qmon(['vm', 'rm', 'crash']);
    assert.equal(busy.code, 125);
    assert.equal(busy.stderr, `qmon: VM "crash" is running (pid ${pid}); stop or kill it first\n`);
    process.kill(pid, 'SIGKILL');
    await waitUntil('QEMU is gone', () => !alive(pid));
    const status = await qmon(['vm', 'status', 'crash']);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^name: +crash\nstate: +crashed \(/);
    const json = JSON.parse((await qmon(['vm', 'status', 'crash', '--json'])).stdout);
    assert.deepEqual([json.state, json.pid], ['crashed', null]);
    assert.match((await qmon(['vm', 'list'])).stdout, /\ncrash +crashed +- +- /);
    const rm = await qmon(['vm', 'rm', 'crash']);
    assert.equal(rm.code, 0, rm.stderr);
    assert.equal(existsSync(paths('crash').dir), false);
    const again = await qmon(['vm', 'rm', 'crash']);
    assert.equal(again.code, 125);
    assert.match(again.stderr, /^qmon: crash: no running VM of that name/);
  });
});
