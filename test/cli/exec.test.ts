import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runQmon } from '../support/cli.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';
import { qemuFacts } from '../support/qemu-version.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));
const run = promisify(execFile);

describe('qmon exec (the real binary against a real QEMU)', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(q35Args(1));
  });
  after(() => qemu.stop());

  it('runs a command by name and prints the reply', async () => {
    const { code, stdout } = await runQmon(['exec', qemu.qmp, 'query-status']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), {
      return: qemuFacts.queryStatus('prelaunch', false),
    });
  });

  it('takes a whole JSON command, or a name with JSON arguments', async () => {
    const whole = await runQmon([
      'exec',
      `unix:${qemu.qmp}`,
      '{"execute":"qom-get","arguments":{"path":"/machine","property":"type"}}',
    ]);
    assert.equal(whole.stdout.trim(), `{"return":"${qemuFacts.q35Machine}-machine"}`);
    const named = await runQmon([
      'exec',
      qemu.qmp,
      'qom-get',
      '{"path":"/machine","property":"type"}',
      '--return-value',
    ]);
    assert.equal(named.stdout.trim(), `"${qemuFacts.q35Machine}-machine"`);
  });

  it('converts qmp-shell style key=value by the schema, with nesting and device properties', async () => {
    // netdev_add's arguments are a union on `type`: its branch's members are converted too.
    const netdev = await runQmon([
      'exec',
      qemu.qmp,
      'netdev_add',
      'type=user',
      'id=u0',
      'ipv6=off',
    ]);
    assert.equal(netdev.code, 0, netdev.stderr);
    const added = await runQmon([
      'exec',
      qemu.qmp,
      'device_add',
      'driver=virtio-net-pci',
      'id=n1',
      'bus=rp1',
      'netdev=u0',
      'mac=52:54:00:00:00:07',
    ]);
    assert.equal(added.code, 0, added.stderr);
    const link = await runQmon(['exec', qemu.qmp, 'set_link', 'name=n1', 'up=false']);
    assert.equal(link.code, 0, link.stderr);
    const info = await runQmon(['exec', qemu.qmp, '--hmp', 'info', 'network']);
    assert.match(
      info.stdout,
      /n1: index=0,type=nic,model=virtio-net-pci,macaddr=52:54:00:00:00:07\n \\ u0: index=0,type=user/,
    );
    // A nested object: blockdev-add's file.driver / file.filename.
    const node = await runQmon([
      'exec',
      qemu.qmp,
      'blockdev-add',
      'driver=null-co',
      'node-name=nd0',
      'size=65536',
      'read-zeroes=on',
    ]);
    assert.equal(node.code, 0, node.stderr);
    const nodes = await runQmon(['exec', qemu.qmp, 'query-named-block-nodes', '--return-value']);
    assert.ok(
      (JSON.parse(nodes.stdout) as { 'node-name': string }[]).some((n) => n['node-name'] === 'nd0'),
    );
  });

  it("exits non-zero with QEMU's error class and description", async () => {
    const { code, stdout, stderr } = await runQmon([
      'exec',
      qemu.qmp,
      'qom-get',
      'path=/machine',
      'property=nope',
    ]);
    assert.equal(code, 125);
    assert.equal(stdout, '');
    assert.equal(
      stderr.trim(),
      `qmon: qom-get: Property '${qemuFacts.q35Machine}-machine.nope' not found (GenericError)`,
    );
  });

  it('reports bad input as one line without a stack trace', async () => {
    const badBool = await runQmon(['exec', qemu.qmp, 'set_link', 'name=n1', 'up=maybe']);
    assert.equal(badBool.code, 2);
    assert.equal(badBool.stderr.trim(), 'qmon: set_link.up: expected true or false, got "maybe"');
    const badJson = await runQmon(['exec', qemu.qmp, '{"execute":']);
    assert.equal(badJson.code, 2);
    assert.match(badJson.stderr, /^qmon: the command is not valid JSON/);
    const missing = await runQmon(['exec', '/nonexistent/qmp.sock', 'query-status']);
    assert.equal(missing.code, 125);
    assert.equal(
      missing.stderr.trim(),
      'qmon: unix:/nonexistent/qmp.sock: no such socket (is QEMU running with this monitor?)',
    );
    const noVm = await runQmon(['exec', 'no-such-vm', 'query-status'], {
      env: { QMON_RUNTIME_DIR: qemu.dir },
    });
    assert.equal(noVm.code, 125);
    assert.match(noVm.stderr, /^qmon: no-such-vm: no VM of that name/);
    assert.doesNotMatch(noVm.stderr + missing.stderr + badJson.stderr, /\n\s+at /);
  });

  it('finds a VM by name in the runtime folder, before a same-named entry here', async () => {
    const runtime = join(qemu.dir, 'runtime');
    mkdirSync(join(runtime, 'vm0'), { recursive: true });
    symlinkSync(qemu.qmp, join(runtime, 'vm0', 'qmp.sock'));
    // An entry named like the VM in the current folder does not win.
    writeFileSync(join(qemu.dir, 'vm0'), 'not a socket');
    const options = { env: { QMON_RUNTIME_DIR: runtime }, cwd: qemu.dir };
    const { code, stdout } = await runQmon(['exec', 'vm0', 'query-name'], options);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), '{"return":{}}');
    // A socket here is a path: it needs ./ (or unix:), and a bare name says so.
    const bare = await runQmon(['exec', 'qmp.sock', 'query-name'], options);
    assert.equal(bare.code, 125);
    assert.match(bare.stderr, /^qmon: qmp\.sock: no VM of that name .*write \.\/qmp\.sock/);
    const dotted = await runQmon(['exec', './qmp.sock', 'query-name'], options);
    assert.equal(dotted.code, 0, dotted.stderr);
  });

  it('refuses VM names that read as a target or an option, before starting anything', async () => {
    const runtime = join(qemu.dir, 'names');
    mkdirSync(runtime);
    for (const name of ['tcp:127.0.0.1:4444', 'unix:x', 'a:b', '-x']) {
      const start = await runQmon(['vm', 'start', `--name=${name}`, '--machine', 'none'], {
        env: { QMON_RUNTIME_DIR: runtime },
      });
      assert.equal(start.code, 2, start.stderr);
      assert.match(start.stderr, /^qmon: .*: a VM name may not (start with "-"|contain ":")/);
      assert.equal(start.stderr.trim().split('\n').length, 1);
    }
    assert.deepEqual(readdirSync(runtime), []);
  });

  it('recognises HMP failures in every form QEMU prints them, and passes success', async () => {
    const failures: [string, RegExp][] = [
      ['info nosuch', /unknown command: 'info nosuch'/],
      ['drive_del nothing', /Device 'nothing' not found/],
      ['o/b 0x80 0x100000000', /'o' has failed: integer is for 32-bit values; Try "help o"/],
      ['sendkey nosuchkey', /invalid parameter: nosuchkey/],
      ['drive_del', /drive_del: block device name expected/],
      ['x/2x', /unexpected end of expression/],
      ['drive_add 0 if=none,id=x,file=/nonexistent', /Could not open '\/nonexistent'/],
      ['boot_set zz', /Invalid boot device/],
      ['object_del nothing', /^qmon: object_del nothing: Error: /],
    ];
    for (const [line, pattern] of failures) {
      const result = await runQmon(['exec', qemu.qmp, '--hmp', ...line.split(' ')]);
      assert.equal(result.code, 125, `${line}: ${result.stdout}`);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    for (const [line, output] of [
      ['drive_add 0 if=none,id=d0,driver=null-co', /^OK\n$/],
      ['drive_del d0', /^$/],
      ['info status', /^VM status: /],
    ] as const) {
      const result = await runQmon(['exec', qemu.qmp, '--hmp', ...line.split(' ')]);
      assert.equal(result.code, 0, `${line}: ${result.stderr}`);
      assert.match(result.stdout, output);
    }
  });

  it('ends quietly when the reader closes the pipe early', async () => {
    const { stdout, stderr } = await run('bash', [
      '-c',
      `"$0" "$1" exec "$2" query-qmp-schema | head -c 1; echo " \${PIPESTATUS[0]}"`,
      process.execPath,
      QMON,
      qemu.qmp,
    ]);
    assert.equal(stdout, '{ 0\n');
    assert.equal(stderr, '');
  });

  it('refuses bad usage with exit 2 and one line, before connecting', async () => {
    const cases = [
      ['exec'],
      ['exec', '/nonexistent/qmp.sock'],
      ['exec', '/nonexistent/qmp.sock', 'query-status', '--bogus'],
      ['exec', '/nonexistent/qmp.sock', 'query-status', '--timeout', 'soon'],
      ['no-such-verb'],
      ['events', '/nonexistent/qmp.sock', '--event', '(', '--regex'],
    ];
    for (const args of cases) {
      const result = await runQmon(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^qmon: /);
      assert.doesNotMatch(result.stderr, /no such socket/);
    }
  });

  it('has help with examples, and a version', async () => {
    const help = await runQmon(['exec', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}\$ qmon exec vm0 query-status/);
    const version = await runQmon(['--version']);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
});
