/**
 * qmon against a real libvirtd (started here, without systemd) running the
 * demo guest as transient domains: the library, the CLI, and the faults.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openLibvirtChannel } from '../../src/libvirt/channel-target.js';
import { LibvirtError } from '../../src/libvirt/errors.js';
import { LibvirtConnection } from '../../src/libvirt/libvirt-connection.js';
import { AgentNotRespondingError } from '../../src/qga/errors.js';
import { QgaClient } from '../../src/qga/qga-client.js';
import { QmpClient } from '../../src/qmp/qmp-client.js';
import { runQmon, spawnQmon } from '../support/cli.js';
import { libvirtSkipReason } from '../support/libvirtd.js';
import { type LibvirtFixture, startFixture } from './support.js';

const skip = libvirtSkipReason();
const MAIN = 'qmon-lv-main';
const SPARE = 'qmon-lv-spare';

describe('libvirt domains as targets', { skip, timeout: 300_000 }, () => {
  let fixture: LibvirtFixture;
  const savedUri = process.env.LIBVIRT_DEFAULT_URI;

  before(async () => {
    fixture = await startFixture([MAIN, SPARE]);
    process.env.LIBVIRT_DEFAULT_URI = fixture.daemon.uri;
  });

  after(async () => {
    if (savedUri === undefined) delete process.env.LIBVIRT_DEFAULT_URI;
    else process.env.LIBVIRT_DEFAULT_URI = savedUri;
    await fixture?.stop();
  });

  describe('the library', () => {
    it('QmpClient.connect("libvirt:NAME") runs typed QMP and HMP through libvirt', async () => {
      const qmp = await QmpClient.connect(`libvirt:${MAIN}`);
      try {
        assert.equal(qmp.greeting.version.qemu.major, 7);
        const status = await qmp.execute('query-status');
        assert.equal(status.status, 'running');
        assert.equal((await qmp.execute('query-name')).name, MAIN);
        assert.match(await qmp.hmp('info status'), /VM status: running/);
        await assert.rejects(qmp.executeUntyped('no-such-command', {}), {
          errorClass: 'CommandNotFound',
        });
        // Pipelined commands come back in order, each with its own result.
        const names = await Promise.all(Array.from({ length: 5 }, () => qmp.execute('query-name')));
        assert.deepEqual(
          names.map((n) => n.name),
          Array(5).fill(MAIN),
        );
      } finally {
        await qmp.close();
      }
    });

    it("gives replies the client's own ids back, not libvirt's", async () => {
      const { stream } = await openLibvirtChannel(`libvirt:${MAIN}`);
      const lines: string[] = [];
      let text = '';
      stream.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const parts = text.split('\n');
        text = parts.pop()!;
        lines.push(...parts);
      });
      const until = async (count: number) => {
        for (let i = 0; i < 200 && lines.length < count; i++)
          await new Promise((r) => setTimeout(r, 25));
      };
      await until(1);
      assert.equal(JSON.parse(lines[0]!).QMP.version.qemu.major, 7);
      stream.write(
        '{"execute":"qmp_capabilities","id":1}\n{"execute":"query-name","id":"mine-2"}\n',
      );
      await until(3);
      stream.destroy();
      assert.deepEqual(JSON.parse(lines[1]!), { return: {}, id: 1 });
      assert.deepEqual(JSON.parse(lines[2]!), { return: { name: MAIN }, id: 'mine-2' });
    });

    it("delivers QMP events with QEMU's timestamps", async () => {
      const qmp = await QmpClient.connect(`libvirt:${MAIN}`);
      try {
        const before = Date.now() / 1000;
        const { event } = await qmp.executeAndWait('stop', {}, 'STOP', { timeout: 10_000 });
        const resumed = await qmp.executeAndWait('cont', {}, 'RESUME', { timeout: 10_000 });
        assert.ok(
          Math.abs(event.timestamp.seconds - before) < 30,
          `timestamp ${event.timestamp.seconds}`,
        );
        assert.ok(event.timestamp.microseconds >= 0 && event.timestamp.microseconds < 1e6);
        assert.ok(
          resumed.event.timestamp.seconds * 1e6 + resumed.event.timestamp.microseconds >
            event.timestamp.seconds * 1e6 + event.timestamp.microseconds,
        );
      } finally {
        await qmp.close();
      }
    });

    it('QgaClient.connect("libvirt:NAME") talks to the guest agent through libvirt', async () => {
      const qga = await QgaClient.connect(`libvirt:${MAIN}`);
      try {
        await qga.ping();
        assert.equal(await qga.hostName(), 'qmon-guest');
        const result = await qga.exec('/bin/sh', ['-c', 'echo out; echo err >&2; exit 3']);
        assert.equal(result.exitCode, 3);
        assert.equal(result.stdout.toString(), 'out\n');
        assert.equal(result.stderr.toString(), 'err\n');
        await assert.rejects(qga.executeUntyped('guest-no-such-command', {}), {
          code: 'COMMAND_NOT_FOUND',
        });
      } finally {
        await qga.close();
      }
    });

    it('streams the serial console and takes screenshots', async () => {
      const dom = fixture.domains[MAIN]!;
      const console = await fixture.owner.openConsole(dom);
      let seen = '';
      console.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
      });
      await fixture.owner.agentCommand(
        dom,
        JSON.stringify({
          execute: 'guest-exec',
          arguments: { path: '/bin/sh', arg: ['-c', 'echo console-marker-42 >/dev/console'] },
        }),
      );
      for (let i = 0; i < 200 && !seen.includes('console-marker-42'); i++)
        await new Promise((r) => setTimeout(r, 25));
      console.end();
      assert.match(seen, /console-marker-42/);
      const shot = await fixture.owner.screenshot(dom);
      assert.equal(shot.mime, 'image/png');
      assert.deepEqual(
        shot.data.subarray(0, 8),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    });

    it('reads state, guest info, interface addresses and all-domain stats, typed', async () => {
      const { owner, domains } = fixture;
      const dom = domains[MAIN]!;
      assert.equal((await owner.domainState(dom)).state, 'running');
      const listed = await owner.listDomains();
      assert.deepEqual(listed.map((d) => d.name).sort(), [MAIN, SPARE]);
      // VIR_DOMAIN_GUEST_INFO_HOSTNAME = 8
      const info = await owner.rpc.call('DOMAIN_GET_GUEST_INFO', { dom, types: 8, flags: 0 });
      assert.deepEqual(info.params, [{ field: 'hostname', value: { type: 7, s: 'qmon-guest' } }]);
      // VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT = 1
      const ifaces = await owner.rpc.call('DOMAIN_INTERFACE_ADDRESSES', {
        dom,
        source: 1,
        flags: 0,
      });
      const eth0 = ifaces.ifaces.find((i) => i.name === 'eth0');
      assert.ok(
        eth0?.addrs.some((a) => a.addr === '10.0.2.15'),
        JSON.stringify(ifaces.ifaces.map((i) => i.name)),
      );
      // VIR_DOMAIN_STATS_STATE = 1
      const stats = await owner.rpc.call('CONNECT_GET_ALL_DOMAIN_STATS', {
        doms: [dom],
        stats: 1,
        flags: 0,
      });
      assert.deepEqual(stats.retStats[0]?.params[0], {
        field: 'state.state',
        value: { type: 1, i: 1 },
      });
    });

    it('an unknown domain is a LibvirtError VIR_ERR_NO_DOMAIN', async () => {
      const error = await QmpClient.connect('libvirt:qmon-no-such-domain').catch((e: unknown) => e);
      assert.ok(error instanceof LibvirtError, String(error));
      assert.equal(error.code, 'LIBVIRT_ERROR');
      assert.equal(error.errorName, 'VIR_ERR_NO_DOMAIN');
      assert.match(error.message, /qmon-no-such-domain/);
    });
  });

  describe('the CLI', () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'qmon-libvirt-cli-'));
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });
    const qmon = (args: string[], options: Parameters<typeof runQmon>[1] = {}) =>
      runQmon(['--connect', fixture.daemon.uri, ...args], { timeoutMs: 60_000, ...options });

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
        fixture.daemon.uri,
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
        fixture.daemon.uri,
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
      await fixture.owner.agentCommand(
        fixture.domains[MAIN]!,
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
      assert.ok(json.some((d) => d.name === `libvirt:${SPARE}` && d.source === fixture.daemon.uri));
    });
  });

  /** Stops the guest agent of `name` (SIGSTOP): its channel stays open, nothing answers. */
  async function freezeAgent(name: string): Promise<void> {
    await fixture.owner.agentCommand(
      fixture.domains[name]!,
      JSON.stringify({
        execute: 'guest-exec',
        arguments: {
          path: '/bin/sh',
          arg: [
            '-c',
            // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
            'sleep 0.3; for c in /proc/[0-9]*/comm; do read n <$c; [ "$n" = qemu-ga ] && p=${c%/comm} && kill -STOP ${p#/proc/}; done',
          ],
        },
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 800));
  }

  describe('faults', () => {
    it('an agent that never answers: bounded, typed errors', async () => {
      await freezeAgent(SPARE);
      const dom = fixture.domains[SPARE]!;
      let started = Date.now();
      const error = await fixture.owner
        .agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 2 })
        .catch((e: unknown) => e);
      assert.ok(error instanceof LibvirtError, String(error));
      assert.equal(error.errorName, 'VIR_ERR_AGENT_UNRESPONSIVE');
      assert.ok(Date.now() - started < 15_000);
      started = Date.now();
      await assert.rejects(
        QgaClient.connect(`libvirt:${SPARE}`, { syncTimeout: 2000 }),
        AgentNotRespondingError,
      );
      assert.ok(Date.now() - started < 5000, `gave up after ${Date.now() - started} ms`);
    });

    it('a domain destroyed mid-command: the call fails, the QMP client disconnects', async () => {
      const dom = fixture.domains[SPARE]!;
      const qmp = await QmpClient.connect(`libvirt:${SPARE}`);
      // The frozen agent keeps this call waiting inside libvirt.
      const pending = fixture.owner
        .agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 30 })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await fixture.owner.destroyDomain(dom);
      const error = await pending;
      assert.ok(error instanceof LibvirtError, String(error));
      const closed = await qmp.closed;
      assert.equal(closed.code, 'DISCONNECTED');
      await assert.rejects(qmp.execute('query-status'), { code: 'DISCONNECTED' });
      await qmp.close();
      await assert.rejects(QmpClient.connect(`libvirt:${SPARE}`), {
        errorName: 'VIR_ERR_NO_DOMAIN',
      });
    });

    it('a libvirtd that stops answering is found by keepalive; the pending call fails', async () => {
      const connection = await LibvirtConnection.connect({
        uri: fixture.daemon.uri,
        keepaliveInterval: 200,
      });
      // Idle for longer than the keepalive limit (1 s): libvirt's answers keep it alive.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(connection.rpc.isClosed, false);
      fixture.daemon.process.kill('SIGSTOP');
      try {
        const started = Date.now();
        const error = await connection.listDomains().catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, 'DISCONNECTED', String(error));
        assert.ok(Date.now() - started < 5000, `found after ${Date.now() - started} ms`);
      } finally {
        fixture.daemon.process.kill('SIGCONT');
      }
      assert.deepEqual(
        (await fixture.owner.listDomains()).map((d) => d.name),
        [MAIN],
      );
    });

    it('libvirtd stopped mid-call: every pending call rejects with DISCONNECTED', async () => {
      await freezeAgent(MAIN);
      const dom = fixture.domains[MAIN]!;
      const qmp = await QmpClient.connect(`libvirt:${MAIN}`);
      const calls = [
        fixture.owner
          .agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 30 })
          .catch((e: unknown) => e),
        fixture.owner
          .monitorCommand(dom, '{"execute":"query-status"}')
          .then(() =>
            fixture.owner.agentCommand(dom, '{"execute":"guest-info"}', { agentTimeout: 30 }),
          )
          .catch((e: unknown) => e),
      ];
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      fixture.daemon.process.kill('SIGKILL');
      for (const error of await Promise.all(calls))
        assert.equal((error as { code?: string }).code, 'DISCONNECTED', String(error));
      assert.equal((await qmp.closed).code, 'DISCONNECTED');
      assert.ok(Date.now() - started < 2000);
      await assert.rejects(fixture.owner.listDomains(), { code: 'DISCONNECTED' });
      await qmp.close();
      fixture.killQemu();
    });
  });
});
