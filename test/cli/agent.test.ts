import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runQmon } from '../support/cli.js';
import { literally, qemuFacts } from '../support/qemu-version.js';
import {
  HARMLESS_DISABLED_COMMAND,
  type HostAgent,
  startHostAgent,
} from '../support/qga-host-agent.js';

describe('qmon agent (the real binary against the real qemu-ga on the host)', () => {
  let agent: HostAgent;
  before(async () => {
    agent = await startHostAgent();
  });
  after(() => agent.stop());

  it('pings, and lists the commands with the disabled ones marked', async () => {
    const ping = await runQmon(['agent', 'ping', agent.socket]);
    assert.equal(ping.code, 0, ping.stderr);
    assert.match(ping.stdout, /^the agent answered in [\d.]+ ms\n$/);
    const pingJson = await runQmon(['agent', 'ping', `unix:${agent.socket}`, '--json']);
    assert.equal((JSON.parse(pingJson.stdout) as { ok: boolean }).ok, true);

    const info = await runQmon(['agent', 'info', agent.socket]);
    assert.equal(info.code, 0, info.stderr);
    assert.match(
      info.stdout,
      new RegExp(`^qemu-ga ${literally(qemuFacts.full)}: \\d+ commands, \\d+ disabled\n`),
    );
    assert.match(info.stdout, new RegExp(`\\n${HARMLESS_DISABLED_COMMAND} +no +yes\\n`));
    assert.match(info.stdout, /\nguest-ping +yes +yes\n/);
    const json = JSON.parse((await runQmon(['agent', 'info', agent.socket, '--json'])).stdout) as {
      version: string;
      supported_commands: { name: string; enabled: boolean }[];
    };
    assert.equal(json.version, qemuFacts.full);
    const disabled = json.supported_commands.find((c) => c.name === HARMLESS_DISABLED_COMMAND);
    assert.equal(disabled?.enabled, false);
  });

  it('runs a raw command given as JSON, or as a name and JSON arguments', async () => {
    const whole = await runQmon(['agent', agent.socket, '{"execute":"guest-get-host-name"}']);
    assert.equal(whole.code, 0, whole.stderr);
    assert.deepEqual(JSON.parse(whole.stdout), { return: { 'host-name': hostname() } });

    const file = join(agent.dir, 'hello.txt');
    writeFileSync(file, 'hello');
    const open = await runQmon([
      'agent',
      agent.socket,
      'guest-file-open',
      JSON.stringify({ path: file, mode: 'r' }),
    ]);
    assert.equal(open.code, 0, open.stderr);
    const handle = (JSON.parse(open.stdout) as { return: number }).return;
    assert.equal(typeof handle, 'number');
    const read = await runQmon([
      'agent',
      agent.socket,
      'guest-file-read',
      JSON.stringify({ handle }),
      '--pretty',
      '--timeout',
      '10',
    ]);
    assert.match(read.stdout, /^\{\n {2}"return": \{\n/);
    const reply = JSON.parse(read.stdout) as { return: { count: number; 'buf-b64': string } };
    assert.equal(Buffer.from(reply.return['buf-b64'], 'base64').toString(), 'hello');
    const close = await runQmon([
      'agent',
      agent.socket,
      'guest-file-close',
      `{"handle":${handle}}`,
    ]);
    assert.equal(close.stdout, '{"return":{}}\n');
  });

  it('keeps 64-bit integers exact in JSON arguments and output', async () => {
    const sync = await runQmon([
      'agent',
      agent.socket,
      'guest-sync',
      '{"id":-9223372036854775808}',
    ]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal(sync.stdout.trim(), '{"return":-9223372036854775808}');
    const whole = await runQmon([
      'agent',
      agent.socket,
      '{"execute":"guest-sync","arguments":{"id":9007199254740993}}',
      '--pretty',
    ]);
    assert.equal(whole.stdout.trim(), '{\n  "return": 9007199254740993\n}');
    // The agent reads its clock in microseconds: the exact nanoseconds end in 000.
    const time = await runQmon(['agent', 'time', agent.socket, '--json']);
    assert.match(time.stdout, /"nanoseconds":\d{16,}000,/);
    const raw = await runQmon(['agent', agent.socket, 'guest-get-time']);
    assert.match(raw.stdout, /^\{"return":\d{16,}000\}\n$/);
  });

  it('prints osinfo, ifaces, users, fsinfo and time for people, or as JSON', async () => {
    const os = await runQmon(['agent', 'osinfo', agent.socket]);
    assert.equal(os.code, 0, os.stderr);
    assert.match(os.stdout, new RegExp(`^kernel: +${release().replaceAll('.', '\\.')}$`, 'm'));
    const osJson = JSON.parse((await runQmon(['agent', 'osinfo', agent.socket, '--json'])).stdout);
    assert.equal((osJson as Record<string, unknown>)['kernel-release'], release());

    const ifaces = await runQmon(['agent', 'ifaces', agent.socket]);
    assert.match(ifaces.stdout, /^NAME +MAC +ADDRESSES\n/);
    assert.match(ifaces.stdout, /^lo +00:00:00:00:00:00 +127\.0\.0\.1\/8/m);

    for (const verb of ['users', 'fsinfo']) {
      const result = await runQmon(['agent', verb, agent.socket, '--json']);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(Array.isArray(JSON.parse(result.stdout)), `${verb} --json gives an array`);
    }

    const time = JSON.parse((await runQmon(['agent', 'time', agent.socket, '--json'])).stdout) as {
      nanoseconds: number;
      offsetMilliseconds: number;
    };
    assert.ok(Math.abs(time.offsetMilliseconds) < 5000, 'the host agent has the host clock');
    const text = await runQmon(['agent', 'time', agent.socket]);
    assert.match(
      text.stdout,
      /^\d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ ms (ahead of|behind) the host clock\)\n$/,
    );
  });

  it("exec: stdin in, stdout and stderr out, the program's exit code is qmon's", async () => {
    const script = 'cat; echo "to stderr" >&2; exit 7';
    const result = await runQmon(
      ['agent', 'exec', agent.socket, '--stdin', '--', '/bin/sh', '-c', script],
      { input: 'line one\nline two\n' },
    );
    assert.equal(result.code, 7);
    assert.equal(result.stdout, 'line one\nline two\n');
    assert.equal(result.stderr, 'to stderr\n');

    const env = await runQmon([
      'agent',
      'exec',
      agent.socket,
      '--env',
      'GREETING=hi there',
      '--env',
      'X=1',
      '--',
      '/bin/sh',
      '-c',
      'echo "$GREETING/$X"',
    ]);
    assert.equal(env.code, 0, env.stderr);
    assert.equal(env.stdout, 'hi there/1\n');

    const signalled = await runQmon([
      'agent',
      'exec',
      agent.socket,
      '--',
      '/bin/sh',
      '-c',
      'kill -9 $$',
    ]);
    assert.equal(signalled.code, 128 + 9);

    const abandoned = await runQmon([
      'agent',
      'exec',
      agent.socket,
      '--timeout',
      '0.3',
      '--',
      '/bin/sleep',
      '2',
    ]);
    assert.equal(abandoned.code, 124);
    assert.match(
      abandoned.stderr,
      /^qmon: \/bin\/sleep \(guest pid \d+\): no exit within 300 ms; the process is still running/,
    );
  });

  it('reports a disabled command, bad input and a missing socket as one line', async () => {
    const disabled = await runQmon(['agent', agent.socket, HARMLESS_DISABLED_COMMAND]);
    assert.equal(disabled.code, 125);
    assert.equal(disabled.stdout, '');
    assert.equal(
      disabled.stderr,
      `qmon: ${HARMLESS_DISABLED_COMMAND}: disabled in this guest agent${qemuFacts.disabledCommandDetail} (qemu-ga --block-rpcs, or frozen filesystems)\n`,
    );
    const unknown = await runQmon(['agent', agent.socket, 'guest-no-such-thing']);
    assert.equal(unknown.code, 125);
    assert.match(
      unknown.stderr,
      /^qmon: guest-no-such-thing: this guest agent has no such command/,
    );
    const badJson = await runQmon(['agent', agent.socket, '{"execute":']);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /^qmon: the command is not valid JSON/);
    const badArgs = await runQmon(['agent', agent.socket, 'guest-ping', 'key=value']);
    assert.equal(badArgs.code, 2);
    const swapped = await runQmon(['agent', agent.socket, 'ping']);
    assert.equal(swapped.code, 2);
    assert.equal(swapped.stderr, `qmon: ping is a sub-command: qmon agent ping ${agent.socket}\n`);
    const missing = await runQmon(['agent', 'ping', join(agent.dir, 'nope.sock')]);
    assert.equal(missing.code, 125);
    for (const result of [disabled, unknown, badJson, badArgs, swapped, missing]) {
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
  });

  it('has help with examples for the verb and its sub-commands', async () => {
    const help = await runQmon(['agent', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}\$ qmon agent vm0 guest-info/);
    assert.match(help.stdout, /exec \[options\] <target> <program> \[args\.\.\.\]/);
    const exec = await runQmon(['agent', 'exec', '--help']);
    assert.match(exec.stdout, /\$ qmon agent exec vm0 -- uname -a/);
  });
});
