import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runQmon } from '../support/cli.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { literally, qemuFacts } from '../support/qemu-version.js';

describe('qmon schema diff', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
  });
  after(() => qemu.stop());

  it('compares a running QEMU with the bundled types of its own version', async () => {
    const { code, stdout, stderr } = await runQmon(['schema', 'diff', qemu.qmp, '--json']);
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '', 'a bundled version needs no note');
    assert.deepEqual(JSON.parse(stdout), {
      qemu: qemuFacts.full,
      bundled: qemuFacts.version,
      onlyInQemu: { commands: [], events: [] },
      onlyInBundled: { commands: [], events: [] },
    });
    const text = await runQmon(['schema', 'diff', qemu.qmp]);
    assert.match(
      text.stdout,
      new RegExp(
        `^QEMU ${literally(qemuFacts.full)} compared with qmon's bundled types \\(QEMU ${literally(qemuFacts.version)}\\):\n`,
      ),
    );
  });

  it('lists what upgrading from 7.2 to 10.0 removes, renames, changes and deprecates', async () => {
    const { code, stdout, stderr } = await runQmon([
      'schema',
      'diff',
      '--from',
      '7.2',
      '--to',
      '10.0',
      '--json',
    ]);
    assert.equal(code, 0, stderr);
    const diff = JSON.parse(stdout);
    assert.equal(diff.renamesAreGuessed, true);
    const removed = diff.qmp.removed.map(
      (r: { kind: string; name: string }) => `${r.kind} ${r.name}`,
    );
    for (const name of [
      'member migrate.blk',
      'member migrate.inc',
      'member StatusInfo.singlestep',
      'command x-query-rdma',
      'command x-query-profile',
      'event RDMA_GID_STATUS_CHANGED',
      'enum value MigrationCapability.block',
      'member TraceEventInfo.vcpu',
    ]) {
      assert.ok(removed.includes(name), `${name} is listed as removed`);
    }
    assert.ok(
      diff.qmp.removed.some(
        (r: { name: string; wasDeprecated: boolean }) =>
          r.name === 'MEM_UNPLUG_ERROR' && r.wasDeprecated,
      ),
      '7.2 had marked MEM_UNPLUG_ERROR deprecated',
    );
    assert.deepEqual(
      diff.qmp.renamed.find((r: { from: string }) => r.from === 'QCryptoHashAlgorithm'),
      { kind: 'type', from: 'QCryptoHashAlgorithm', to: 'QCryptoHashAlgo' },
    );
    const changed = diff.qmp.changed.map(
      (c: { name: string; what: string }) => `${c.name}: ${c.what}`,
    );
    assert.ok(changed.includes('BlockJobInfo: was a struct, is a union'));
    assert.ok(changed.includes('migrate.uri: now optional'));
    assert.ok(
      diff.qmp.deprecated.some((d: { name: string }) => d.name === 'ChardevSocket.reconnect'),
    );
    assert.ok(diff.qga.removed.some((r: { name: string }) => r.name === 'guest-get-devices'));

    const text = await runQmon(['schema', 'diff', '--from', '7.2', '--to', '10.0']);
    assert.match(text.stdout, /^Upgrading from QEMU 7\.2 to 10\.0/);
    assert.match(text.stdout, /renamed \(a best-effort guess from names and contents\):/);
    assert.match(text.stdout, /\n {4}member StatusInfo\.singlestep\n/);
  });

  it('names the bundled versions when given another', async () => {
    const { code, stderr } = await runQmon(['schema', 'diff', '--from', '7.2', '--to', '9.9']);
    assert.equal(code, 2);
    assert.equal(stderr, 'qmon: --to 9.9: qmon bundles QEMU 7.2, 10.0\n');
    const none = await runQmon(['schema', 'diff']);
    assert.equal(none.code, 2);
    assert.equal(none.stderr, 'qmon: schema diff needs a TARGET, or --from and --to\n');
  });
});
