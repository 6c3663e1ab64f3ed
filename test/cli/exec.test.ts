import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runQmon } from '../support/cli.js';
import { q35Args, startQemu, type TestQemu } from '../support/qemu.js';
import { qemuFacts } from '../support/qemu-version.js';

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
    assert.equal(code, 1);
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
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr.trim(),
      'qmon: unix:/nonexistent/qmp.sock: no such socket (is QEMU running with this monitor?)',
    );
    const noVm = await runQmon(['exec', 'no-such-vm', 'query-status'], {
      env: { QMON_RUNTIME_DIR: qemu.dir },
    });
    assert.match(noVm.stderr, /^qmon: no-such-vm: no such socket, and no VM of that name/);
    assert.doesNotMatch(noVm.stderr + missing.stderr + badJson.stderr, /\n\s+at /);
  });

  it('finds a VM by name in the runtime folder', async () => {
    const { mkdirSync, symlinkSync } = await import('node:fs');
    const { join } = await import('node:path');
    mkdirSync(join(qemu.dir, 'vm0'));
    symlinkSync(qemu.qmp, join(qemu.dir, 'vm0', 'qmp.sock'));
    const { code, stdout } = await runQmon(['exec', 'vm0', 'query-name'], {
      env: { QMON_RUNTIME_DIR: qemu.dir },
    });
    assert.equal(code, 0);
    assert.equal(stdout.trim(), '{"return":{}}');
  });

  it('has help with examples, and a version', async () => {
    const help = await runQmon(['exec', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}\$ qmon exec vm0 query-status/);
    const version = await runQmon(['--version']);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
});
