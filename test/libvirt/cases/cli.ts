import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { QmpClient } from '../../../src/qmp/qmp-client.js';
import { runQmon, spawnQmon } from '../../support/cli.js';
import type { LibvirtFixture } from '../support.js';
import { MAIN, SPARE } from '../support.js';

/** The CLI on libvirt:NAME targets; `fixture` gives the shared libvirtd and domains once they exist. */
export function cliCases(fixture: () => LibvirtFixture): void {
  describe('the CLI', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'qmon-libvirt-cli-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const qmon = (args: string[], options: Parameters<typeof runQmon>[1] = {}) =>
      runQmon(['--connect', fixture().daemon.uri, ...args], { timeoutMs: 60_000, ...options });

    it('exec runs QMP and HMP on libvirt:NAME (--connect or LIBVIRT_DEFAULT_URI)', async () => {
      const qmp = await qmon(['exec', `libvirt:${MAIN}`, 'query-name'], {
        env: { LIBVIRT_DEFAULT_URI: 'qemu:///nowhere' },
      });
      assert.equal(qmp.code, 0, qmp.stderr);
      assert.deepEqual(JSON.parse(qmp.stdout), { return: { name: MAIN } });
      const hmp = await runQmon(['exec', '--hmp', `libvirt:${MAIN}`, 'info status'], {
        timeoutMs: 60_000,
      });
      assert.equal(hmp.code, 0, hmp.stderr);
      assert.match(hmp.stdout, /VM status: running/);
    });

    it('an unknown domain fails in one line (125); libvirt:NAME has no HMP console (2)', async () => {
      const result = await qmon(['exec', 'libvirt:qmon-no-such-domain', 'query-status']);
      assert.equal(result.code, 125);
      assert.match(
        result.stderr,
        /^qmon: DOMAIN_LOOKUP_BY_NAME: Domain not found: .*qmon-no-such-domain.*\n$/,
      );
      const hmp = await qmon(['hmp', `libvirt:${MAIN}`]);
      assert.equal(hmp.code, 2);
      assert.match(hmp.stderr, /a libvirt domain has no HMP console \(use qmon exec --hmp\)/);
    });

    it('events prints QMP events with their timestamps; shell runs commands from stdin', async () => {
      const child = spawnQmon([
        '--connect',
        fixture().daemon.uri,
        'events',
        `libvirt:${MAIN}`,
        '--event',
        'STOP',
        '--timestamp',
        '--debug',
      ]);
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      // The subscription exists once the verb has connected; until then keep pausing and resuming.
      const qmp = await QmpClient.connect(`libvirt:${MAIN}`);
      try {
        for (let i = 0; i < 100 && !out.includes('STOP'); i++) {
          await qmp.execute('stop');
          await qmp.execute('cont');
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        await qmp.execute('cont');
        await qmp.close();
      }
      assert.equal(await exited, 0, err);
      assert.match(out, /STOP/);
      assert.match(out, /\d{4}-\d\d-\d\d|\d{10}/);
      const shell = await qmon(['shell', `libvirt:${MAIN}`], { input: 'query-name\n' });
      assert.equal(shell.code, 0, shell.stderr);
      assert.match(shell.stdout, new RegExp(MAIN));
    });

    it('agent, agent exec and cp go through the agent command', async () => {
      const ping = await qmon(['agent', 'ping', `libvirt:${MAIN}`]);
      assert.equal(ping.code, 0, ping.stderr);
      const exec = await qmon([
        'agent',
        'exec',
        `libvirt:${MAIN}`,
        '--',
        '/bin/sh',
        '-c',
        'echo guest-says-hi; exit 4',
      ]);
      assert.equal(exec.code, 4, exec.stderr);
      assert.equal(exec.stdout, 'guest-says-hi\n');
      const local = join(dir, 'up.txt');
      await writeFile(local, 'through libvirt\n');
      const up = await qmon(['cp', local, `libvirt:${MAIN}:/tmp/up.txt`]);
      assert.equal(up.code, 0, up.stderr);
      const back = join(dir, 'back.txt');
      const down = await qmon(['cp', `libvirt:${MAIN}:/tmp/up.txt`, back]);
      assert.equal(down.code, 0, down.stderr);
      assert.equal(await readFile(back, 'utf8'), 'through libvirt\n');
    });

    it('vm console streams the serial console; vm screenshot writes a PNG', async () => {
      const child = spawnQmon([
        '--connect',
        fixture().daemon.uri,
        'vm',
        'console',
        `libvirt:${MAIN}`,
      ]);
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
      for (let i = 0; i < 400 && !err.includes('Connected'); i++)
        await new Promise((r) => setTimeout(r, 25));
      assert.match(err, /Connected to the console of libvirt:/);
      await fixture().owner.agentCommand(
        fixture().domains[MAIN]!,
        JSON.stringify({
          execute: 'guest-exec',
          arguments: { path: '/bin/sh', arg: ['-c', 'echo cli-console-7 >/dev/console'] },
        }),
      );
      for (let i = 0; i < 400 && !out.includes('cli-console-7'); i++)
        await new Promise((r) => setTimeout(r, 25));
      child.stdin.end();
      assert.equal(await exited, 0, err);
      assert.match(out, /cli-console-7/);

      const file = join(dir, 'screen.png');
      const shot = await qmon(['vm', 'screenshot', `libvirt:${MAIN}`, file]);
      assert.equal(shot.code, 0, shot.stderr);
      assert.match(shot.stdout, /^wrote .*screen\.png \(\d+x\d+\)\n$/);
      assert.deepEqual(
        (await readFile(file)).subarray(0, 4),
        Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      );
    });

    it('vm list shows libvirt domains beside qmon VMs, with their source', async () => {
      const list = await qmon(['vm', 'list'], { env: { QMON_RUNTIME_DIR: join(dir, 'runtime') } });
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^NAME +STATE +PID +UP +QEMU +SOURCE\n/, list.stderr);
      assert.match(
        list.stdout,
        new RegExp(`\\nlibvirt:${MAIN} +running +- +- +7\\.2\\.\\d+ +qemu\\+unix:///system`),
      );
      const json = JSON.parse(
        (await qmon(['vm', 'list', '--json'], { env: { QMON_RUNTIME_DIR: join(dir, 'runtime') } }))
          .stdout,
      ) as { name: string; source: string }[];
      assert.ok(
        json.some((d) => d.name === `libvirt:${SPARE}` && d.source === fixture().daemon.uri),
      );
    });
  });
}
