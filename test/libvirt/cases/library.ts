import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openLibvirtChannel } from '../../../src/libvirt/channel-target.js';
import { LibvirtError } from '../../../src/libvirt/errors.js';
import { QgaClient } from '../../../src/qga/qga-client.js';
import { QmpClient } from '../../../src/qmp/qmp-client.js';
import type { LibvirtFixture } from '../support.js';
import { MAIN, SPARE } from '../support.js';

/** The library against libvirt domains; `fixture` gives the shared libvirtd and domains once they exist. */
export function libraryCases(fixture: () => LibvirtFixture): void {
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
        await qga.execute('guest-ping');
        assert.equal((await qga.execute('guest-get-host-name'))['host-name'], 'qmon-guest');
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
      const dom = fixture().domains[MAIN]!;
      const console = await fixture().owner.openConsole(dom);
      let seen = '';
      console.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
      });
      await fixture().owner.agentCommand(
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
      const shot = await fixture().owner.screenshot(dom);
      assert.equal(shot.mime, 'image/png');
      assert.deepEqual(
        shot.data.subarray(0, 8),
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
    });

    it('reads state, guest info, interface addresses and all-domain stats, typed', async () => {
      const { owner, domains } = fixture();
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
}
