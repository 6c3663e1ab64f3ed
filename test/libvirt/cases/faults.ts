import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LibvirtError } from '../../../src/libvirt/errors.js';
import { LibvirtConnection } from '../../../src/libvirt/libvirt-connection.js';
import { AgentNotRespondingError } from '../../../src/qga/errors.js';
import { QgaClient } from '../../../src/qga/qga-client.js';
import { QmpClient } from '../../../src/qmp/qmp-client.js';
import type { LibvirtFixture } from '../support.js';
import { MAIN, SPARE } from '../support.js';

/** Faults: bounded, typed errors; `fixture` gives the shared libvirtd and domains once they exist. */
export function faultCases(fixture: () => LibvirtFixture): void {
  /** Stops the guest agent of `name` (SIGSTOP): its channel stays open, nothing answers. */
  async function freezeAgent(name: string): Promise<void> {
    await fixture().owner.agentCommand(
      fixture().domains[name]!,
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
      const dom = fixture().domains[SPARE]!;
      let started = Date.now();
      const error = await fixture()
        .owner.agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 2 })
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
      const dom = fixture().domains[SPARE]!;
      const qmp = await QmpClient.connect(`libvirt:${SPARE}`);
      // The frozen agent keeps this call waiting inside libvirt.
      const pending = fixture()
        .owner.agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 30 })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await fixture().owner.destroyDomain(dom);
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
        uri: fixture().daemon.uri,
        keepaliveInterval: 200,
      });
      // Idle for longer than the keepalive limit (1 s): libvirt's answers keep it alive.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.equal(connection.rpc.isClosed, false);
      fixture().daemon.process.kill('SIGSTOP');
      try {
        const started = Date.now();
        const error = await connection.listDomains().catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, 'DISCONNECTED', String(error));
        assert.ok(Date.now() - started < 5000, `found after ${Date.now() - started} ms`);
      } finally {
        fixture().daemon.process.kill('SIGCONT');
      }
      assert.deepEqual(
        (await fixture().owner.listDomains()).map((d) => d.name),
        [MAIN],
      );
    });

    it('libvirtd stopped mid-call: every pending call rejects with DISCONNECTED', async () => {
      await freezeAgent(MAIN);
      const dom = fixture().domains[MAIN]!;
      const qmp = await QmpClient.connect(`libvirt:${MAIN}`);
      const calls = [
        fixture()
          .owner.agentCommand(dom, '{"execute":"guest-ping"}', { agentTimeout: 30 })
          .catch((e: unknown) => e),
        fixture()
          .owner.monitorCommand(dom, '{"execute":"query-status"}')
          .then(() =>
            fixture().owner.agentCommand(dom, '{"execute":"guest-info"}', { agentTimeout: 30 }),
          )
          .catch((e: unknown) => e),
      ];
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      fixture().daemon.process.kill('SIGKILL');
      for (const error of await Promise.all(calls))
        assert.equal((error as { code?: string }).code, 'DISCONNECTED', String(error));
      assert.equal((await qmp.closed).code, 'DISCONNECTED');
      assert.ok(Date.now() - started < 2000);
      await assert.rejects(fixture().owner.listDomains(), { code: 'DISCONNECTED' });
      await qmp.close();
      fixture().killQemu();
    });
  });
}
