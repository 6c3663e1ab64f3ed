import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient, ApiError } from '../../../src/api-client/client.js';
import { type Daemon, startDaemon } from '../../../src/daemon/daemon.js';
import { ADMIN, eventually, tempDirs } from '../../daemon/support/daemon.js';
import type { LibvirtFixture } from '../support.js';
import { SPARE } from '../support.js';

/** `qmon serve --libvirt URI`: the daemon lists and drives libvirt's domains beside its own VMs. */
export function daemonCases(fixture: () => LibvirtFixture): void {
  describe('the daemon with a libvirt connection', () => {
    let dirs: Awaited<ReturnType<typeof tempDirs>>;
    let daemon: Daemon;
    let admin: ApiClient;
    let viewer: ApiClient;

    before(async () => {
      dirs = await tempDirs();
      daemon = await startDaemon({
        listen: '127.0.0.1:0',
        stateDir: dirs.stateDir,
        runtimeRoot: dirs.runtimeRoot,
        initAdmin: ADMIN,
        libvirt: [fixture().daemon.uri],
        log: () => {},
      });
      admin = new ApiClient({ baseUrl: daemon.url });
      await admin.login(ADMIN.name, ADMIN.password);
      await admin.createUser('watcher', 'watcher-password', 'viewer');
      viewer = new ApiClient({ baseUrl: daemon.url });
      await viewer.login('watcher', 'watcher-password');
    });

    after(async () => {
      await daemon?.close();
      await dirs?.remove();
    });

    it("lists libvirt's domains with their source, UUID and state", async () => {
      const vms = await admin.listVms();
      const spare = vms.find((vm) => vm.name === SPARE);
      assert.ok(spare, `${SPARE} is listed: ${JSON.stringify(vms.map((vm) => vm.name))}`);
      assert.equal(spare.source, fixture().daemon.uri);
      assert.equal(spare.state, 'running');
      assert.match(spare.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal((await admin.getVm(spare.id)).name, SPARE);
      assert.equal((await admin.getVm(`libvirt:${SPARE}`)).id, spare.id);
    });

    it('runs QMP, HMP and agent commands through libvirt, under the role policy', async () => {
      const status = (await admin.qmp(SPARE, 'query-status')) as { status: string };
      assert.equal(status.status, 'running');
      assert.match(await viewer.hmp(SPARE, 'info status'), /VM status: running/);
      const info = (await admin.agent(SPARE, 'guest-info')) as { version: string };
      assert.match(info.version, /^\d+\.\d+/);
      await assert.rejects(admin.qmp(SPARE, 'no-such-command'), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 422);
        assert.match(error.message, /no-such-command/);
        return true;
      });
      await assert.rejects(viewer.qmp(SPARE, 'stop'), { status: 403 });
      await assert.rejects(viewer.vmAction(SPARE, 'pause'), { status: 403 });
    });

    it('pauses and resumes a domain, and records its events with QEMU timestamps', async () => {
      const { id } = await admin.getVm(SPARE);
      assert.equal((await admin.vmAction(SPARE, 'pause')).state, 'paused');
      assert.equal(((await admin.qmp(id, 'query-status')) as { status: string }).status, 'paused');
      assert.equal((await admin.vmAction(id, 'resume')).state, 'running');
      const events = await eventually(
        async () => {
          const got = await admin.events({}, id);
          const names = got.map((event) => event.name);
          return names.includes('STOP') && names.includes('RESUME') ? got : undefined;
        },
        10_000,
        'STOP and RESUME of the domain',
      );
      const stop = events.find((event) => event.name === 'STOP')!;
      assert.match(stop.qemuTime ?? '', /^\d+\.\d{6}$/);
      const states = events.filter((event) => event.name === 'STATE').map((e) => e.data);
      assert.deepEqual(
        states.map((data) => (data as { state: string }).state),
        ['suspended', 'resumed'],
      );
    });

    it('refuses console tickets for a domain, saying why', async () => {
      await assert.rejects(admin.streamTicket(SPARE, 'serial'), (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 409);
        assert.match(error.message, /libvirt/);
        return true;
      });
    });
  });
}
