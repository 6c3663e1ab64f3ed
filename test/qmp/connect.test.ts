import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConnectError,
  childProcessStream,
  NoGreetingError,
  NotQmpError,
  QmpClient,
  QmpCommandError,
} from '../../src/index.js';
import { startQemu, type TestQemu, waitForExit } from '../support/qemu.js';
import { qemuFacts, spawnQemu } from '../support/qemu-version.js';

describe('connecting to a real QEMU', () => {
  let qemu: TestQemu;
  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
  });
  after(() => qemu.stop());

  it('connects by path, parses the greeting and negotiates', async () => {
    const client = await QmpClient.connect(qemu.qmp);
    try {
      assert.equal(client.greeting.version.qemu.major, qemuFacts.major);
      assert.equal(client.greeting.version.qemu.minor, qemuFacts.minor);
      assert.match(client.greeting.version.package, /Debian/);
      assert.deepEqual(client.greeting.capabilities, ['oob']);
      assert.equal(client.oobEnabled, false);
      assert.deepEqual(
        await client.execute('query-status'),
        qemuFacts.queryStatus('running', true),
      );
    } finally {
      await client.close();
    }
  });

  it('connects through unix: and says when another client holds the monitor', async () => {
    const first = await QmpClient.connect(`unix:${qemu.qmp}`);
    try {
      const started = Date.now();
      await assert.rejects(QmpClient.connect(qemu.qmp, { greetingTimeout: 400 }), (error) => {
        assert.ok(error instanceof NoGreetingError);
        assert.equal(error.code, 'NO_GREETING');
        assert.match(error.message, /another client probably holds it/);
        return true;
      });
      assert.ok(Date.now() - started < 3000);
      assert.equal((await first.execute('query-status')).running, true);
    } finally {
      await first.close();
    }
    // Once the first client leaves, QEMU greets the next one.
    const next = await QmpClient.connect(qemu.qmp);
    await next.close();
  });

  it('enables OOB when asked and runs exec-oob', async () => {
    const client = await QmpClient.connect(qemu.qmp, { oob: true });
    try {
      assert.equal(client.oobEnabled, true);
      // migrate-pause allows OOB; with no migration QEMU answers with an error, out of band.
      await assert.rejects(client.executeOob('migrate-pause'), (error) => {
        assert.ok(error instanceof QmpCommandError);
        assert.equal(error.errorClass, 'GenericError');
        assert.match(error.desc, /postcopy/);
        return true;
      });
      await assert.rejects(client.executeOob('query-status'), /does not support OOB/);
      // In-band commands are kept within QEMU's queue of 8, so none is dropped.
      const replies = await Promise.all(
        Array.from({ length: 50 }, () => client.execute('query-status')),
      );
      assert.equal(replies.length, 50);
    } finally {
      await client.close();
    }
  });

  it('refuses exec-oob when OOB was not negotiated', async () => {
    const client = await QmpClient.connect(qemu.qmp);
    try {
      await assert.rejects(
        client.executeOob('migrate-pause'),
        /out-of-band execution is not enabled/,
      );
    } finally {
      await client.close();
    }
  });
});

describe('connection errors', () => {
  it('reports a missing socket', async () => {
    await assert.rejects(QmpClient.connect('/nonexistent/qmon/qmp.sock'), (error) => {
      assert.ok(error instanceof ConnectError);
      assert.equal(error.code, 'TARGET_NOT_FOUND');
      assert.match(error.message, /no such socket/);
      return true;
    });
  });

  it('reports a refused connection on a socket left behind by a dead QEMU', async () => {
    const qemu = await startQemu(['-machine', 'none']);
    try {
      qemu.child.kill('SIGKILL');
      await waitForExit(qemu.child);
      assert.ok(existsSync(qemu.qmp));
      await assert.rejects(QmpClient.connect(qemu.qmp), (error) => {
        assert.ok(error instanceof ConnectError);
        assert.equal(error.code, 'CONNECTION_REFUSED');
        return true;
      });
    } finally {
      await qemu.stop();
    }
  });

  it('reports a refused TCP port', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    await assert.rejects(QmpClient.connect(`tcp:127.0.0.1:${port}`), {
      code: 'CONNECTION_REFUSED',
    });
  });

  it('says when the socket is an HMP monitor, not QMP', async () => {
    const qemu = await startQemu(['-machine', 'none']);
    const hmp = join(qemu.dir, 'hmp.sock');
    const other = await startQemu(
      ['-machine', 'none', '-monitor', `unix:${hmp},server=on,wait=off`],
      {
        qmpPath: join(qemu.dir, 'other.sock'),
      },
    );
    try {
      await assert.rejects(QmpClient.connect(hmp), (error) => {
        assert.ok(error instanceof NotQmpError);
        assert.match(error.message, /HMP monitor/);
        return true;
      });
    } finally {
      await other.stop();
      await qemu.stop();
    }
  });
});

describe('other channels', () => {
  it('speaks over TCP', async () => {
    const probe = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => probe.once('listening', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const qemu = await startQemu([
      '-machine',
      'none',
      '-qmp',
      `tcp:127.0.0.1:${port},server=on,wait=off`,
    ]);
    try {
      const client = await QmpClient.connect(`tcp:127.0.0.1:${port}`);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      await qemu.stop();
    }
  });

  it('speaks over a spawned QEMU stdio (-qmp stdio)', async () => {
    const child = spawnQemu(
      ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', 'stdio'],
      {
        stdio: ['pipe', 'pipe', 'ignore'],
      },
    );
    const client = await QmpClient.connect(childProcessStream(child), { name: 'qemu stdio' });
    assert.equal((await client.execute('query-status')).running, true);
    await client.execute('quit');
    const reason = await client.closed;
    assert.equal(reason.code, 'DISCONNECTED');
    await waitForExit(child);
  });

  it('decodes pretty=on output on a -mon chardev over stdio', async () => {
    const child = spawnQemu(
      [
        '-machine',
        'none',
        '-nodefaults',
        '-display',
        'none',
        '-chardev',
        'stdio,id=m',
        '-mon',
        'chardev=m,mode=control,pretty=on',
      ],
      { stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const lines: string[] = [];
    const client = await QmpClient.connect(childProcessStream(child), {
      trafficLog: (line) => lines.push(line),
    });
    try {
      const schema = (await client.execute('query-qmp-schema')) as { name: string }[];
      assert.ok(schema.some((entry) => entry.name === 'query-status'));
      assert.ok(lines.some((line) => / <-- \{"QMP":/.test(line)));
      assert.ok(lines.some((line) => / --> \{"execute":"query-qmp-schema"\}$/.test(line)));
      assert.equal(client.stats.decodeErrors, 0);
    } finally {
      child.kill('SIGKILL');
      await waitForExit(child);
      await client.closed;
    }
  });
});

void sleep;
