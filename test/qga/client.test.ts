import assert from 'node:assert/strict';
import net, { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  AgentNotRespondingError,
  QgaClient,
  QgaCommandDisabledError,
  QgaCommandError,
  QgaCommandNotFoundError,
} from '../../src/qga/index.js';
import { bundledSchema } from '../../src/schema/index.js';
import {
  CommandAbortedError,
  CommandTimeoutError,
  DisconnectedError,
} from '../../src/session/index.js';
import { ConnectError } from '../../src/transport/index.js';
import { qemuFacts } from '../support/qemu-version.js';
import {
  HARMLESS_DISABLED_COMMAND,
  HOST_UNSAFE_COMMANDS,
  type HostAgent,
  startHostAgent,
} from '../support/qga-host-agent.js';

/** Requests sent but not yet answered, at most, over a traffic log. */
function maxInFlight(lines: string[]): number {
  let open = 0;
  let max = 0;
  for (const line of lines) {
    const [, direction, json] = /^\S+ (-->|<--) (.*)$/.exec(line) ?? [];
    const message = JSON.parse(json ?? '{}') as { id?: unknown };
    if (message.id === undefined) continue;
    open += direction === '-->' ? 1 : -1;
    max = Math.max(max, open);
  }
  return max;
}

describe('QgaClient against the real qemu-ga on the host', { timeout: 60_000 }, () => {
  let agent: HostAgent;
  before(async () => {
    agent = await startHostAgent();
  });
  after(async () => {
    await agent?.stop();
  });

  it('synchronises on connect, with 0xFF and guest-sync-delimited', async () => {
    const lines: string[] = [];
    const client = await QgaClient.connect(`unix:${agent.socket}`, {
      trafficLog: (line) => lines.push(line),
    });
    try {
      assert.match(
        lines[0] ?? '',
        /--> \{"execute":"guest-sync-delimited","arguments":\{"id":\d+\}/,
      );
      // The agent's complaint about our 0xFF has no id and is dropped, not handed to anyone.
      assert.equal(client.stats.unmatchedReplies, 1);
      await client.execute('guest-ping');
    } finally {
      await client.close();
    }
  });

  it('reports every command of qemu-ga, the blocked ones disabled', async () => {
    const client = await QgaClient.connect(agent.socket);
    try {
      const info = await client.execute('guest-info');
      assert.equal(info.version, qemuFacts.full);
      assert.equal(info.supported_commands.length, qemuFacts.agentCommandCount);
      const names = info.supported_commands.map((command) => command.name).sort();
      assert.deepEqual(names, [...bundledSchema(qemuFacts.version)!.qgaCommandNames].sort());
      const disabled = info.supported_commands.filter((command) => !command.enabled);
      assert.deepEqual(
        disabled.map((command) => command.name).sort(),
        [
          ...HOST_UNSAFE_COMMANDS,
          HARMLESS_DISABLED_COMMAND,
          ...qemuFacts.agentAlwaysDisabled,
        ].sort(),
      );
      const noReply = info.supported_commands.filter((command) => !command['success-response']);
      assert.deepEqual(noReply.map((command) => command.name).sort(), [
        'guest-shutdown',
        'guest-suspend-disk',
        'guest-suspend-hybrid',
        'guest-suspend-ram',
      ]);
    } finally {
      await client.close();
    }
  });

  it('runs typed commands and the thin wrappers', async () => {
    const client = await QgaClient.connect(agent.socket);
    try {
      const time = await client.getTime();
      assert.ok(Math.abs(time.getTime() - Date.now()) < 5_000);
      assert.equal(typeof (await client.execute('guest-get-host-name'))['host-name'], 'string');
      assert.equal((await client.execute('guest-get-osinfo')).machine, 'x86_64');
      assert.ok(
        (await client.execute('guest-network-get-interfaces')).some((nic) => nic.name === 'lo'),
      );
      assert.ok((await client.execute('guest-get-vcpus')).length >= 1);
      assert.ok(Array.isArray(await client.execute('guest-get-users')));
      const echoed = await client.execute('guest-sync', { id: 42 });
      assert.equal(echoed, 42);
    } finally {
      await client.close();
    }
  });

  it('keeps 64-bit integers exact both ways: the clock in nanoseconds, int64 ids', async () => {
    const lines: string[] = [];
    const client = await QgaClient.connect(agent.socket, {
      trafficLog: (line) => lines.push(line),
    });
    try {
      // qemu-ga reads the clock in microseconds: exact nanoseconds end in 000,
      // which a double near 1.7e18 (a multiple of 256) almost never does.
      for (let i = 0; i < 3; i++) {
        const ns = await client.timeNanoseconds();
        assert.equal(typeof ns, 'bigint');
        assert.equal(ns % 1000n, 0n, String(ns));
        assert.ok(Math.abs(Number(ns / 1_000_000n) - Date.now()) < 5_000);
        assert.equal(typeof (await client.execute('guest-get-time')), 'bigint');
      }
      for (const id of [9223372036854775807n, -9223372036854775808n, 9007199254740993n])
        assert.equal(await client.execute('guest-sync', { id }), id);
      // guest-set-time is blocked on the host: the agent refuses it, but what left is exact.
      await assert.rejects(client.setTime(1764593422123456789n), QgaCommandDisabledError);
      assert.ok(lines.some((line) => line.includes('"arguments":{"time":1764593422123456789}')));
    } finally {
      await client.close();
    }
  });

  it('sends calls made at once one at a time, each answered with its own reply', async () => {
    const lines: string[] = [];
    const client = await QgaClient.connect(agent.socket, {
      trafficLog: (line) => lines.push(line),
    });
    try {
      const ids = Array.from({ length: 30 }, (_, i) => i * 7 + 1);
      const [syncs, info, host] = await Promise.all([
        Promise.all(ids.map((id) => client.execute('guest-sync', { id }))),
        client.execute('guest-info'),
        client.execute('guest-get-host-name'),
        Promise.all(ids.map(() => client.execute('guest-ping'))),
      ]);
      assert.deepEqual(syncs, ids);
      assert.equal(info.supported_commands.length, qemuFacts.agentCommandCount);
      assert.equal(typeof host['host-name'], 'string');
      assert.equal(maxInFlight(lines), 1);
    } finally {
      await client.close();
    }
  });

  it('tells a disabled command from an unknown one', async () => {
    const client = await QgaClient.connect(agent.socket);
    try {
      const disabled = await client.execute('guest-get-timezone').then(
        () => assert.fail('a disabled command succeeded'),
        (error: unknown) => error,
      );
      assert.ok(disabled instanceof QgaCommandDisabledError);
      assert.equal(disabled.code, 'COMMAND_DISABLED');
      assert.equal(disabled.command, HARMLESS_DISABLED_COMMAND);
      assert.match(disabled.desc, /has been disabled/);

      const unknown = await client.executeUntyped('guest-get-statvfs', { path: '/' }).then(
        () => assert.fail('an unknown command succeeded'),
        (error: unknown) => error,
      );
      assert.ok(unknown instanceof QgaCommandNotFoundError);
      assert.ok(!(unknown instanceof QgaCommandDisabledError));
      assert.equal(unknown.code, 'COMMAND_NOT_FOUND');
      assert.equal(unknown.errorClass, 'CommandNotFound');

      await assert.rejects(
        client.execute('guest-file-open', { path: `${agent.dir}/missing`, mode: 'r' }),
        (error: unknown) =>
          error instanceof QgaCommandError &&
          error.code === 'COMMAND_FAILED' &&
          error.errorClass === 'GenericError',
      );
      await client.execute('guest-ping');
    } finally {
      await client.close();
    }
  });

  it('treats a command that replies only on failure as done when no error comes back', async () => {
    // No command that would act on the host is called: a disabled one stands in for
    // the failure, and the faults suite covers the silent success.
    const client = await QgaClient.connect(agent.socket, {
      noReplyCommands: [HARMLESS_DISABLED_COMMAND],
    });
    try {
      await assert.rejects(client.execute('guest-get-timezone'), QgaCommandDisabledError);
      await assert.rejects(
        client.executeUntyped('guest-nope', undefined, { noReply: true }),
        QgaCommandNotFoundError,
      );
      await client.execute('guest-ping');
    } finally {
      await client.close();
    }
  });

  it('times out a call to a stopped agent, drops its late reply, and answers the next call', async () => {
    const lines: string[] = [];
    const client = await QgaClient.connect(agent.socket, {
      trafficLog: (line) => lines.push(line),
    });
    agent.child.kill('SIGSTOP');
    let resumed = false;
    try {
      const started = performance.now();
      await assert.rejects(
        client.execute('guest-get-host-name', {}, { timeout: 200 }),
        (error: unknown) => {
          assert.ok(error instanceof CommandTimeoutError);
          assert.equal(error.command, 'guest-get-host-name');
          assert.equal(error.timeoutMs, 200);
          return true;
        },
      );
      assert.ok(performance.now() - started < 2_000);
      setTimeout(() => {
        resumed = true;
        agent.child.kill('SIGCONT');
      }, 300);
      const osInfo = await client.execute('guest-get-osinfo', {}, { timeout: 10_000 });
      assert.equal(osInfo.machine, 'x86_64');
      assert.equal(client.stats.lateReplies, 1);
      // The next call resynchronised before it was sent.
      const sent = lines
        .filter((line) => line.includes(' --> '))
        .map((line) => JSON.parse(line.split(' --> ')[1]!).execute);
      assert.deepEqual(sent.slice(-3), [
        'guest-get-host-name',
        'guest-sync-delimited',
        'guest-get-osinfo',
      ]);
    } finally {
      if (!resumed) agent.child.kill('SIGCONT');
      await client.close();
    }
  });

  it('aborts a call in flight and one still queued; the next call is correct', async () => {
    const client = await QgaClient.connect(agent.socket);
    agent.child.kill('SIGSTOP');
    try {
      const controller = new AbortController();
      const inFlight = client.execute('guest-sync', { id: 1 }, { signal: controller.signal });
      const queued = client.execute('guest-sync', { id: 2 }, { signal: controller.signal });
      const queuedTimeout = client.execute('guest-sync', { id: 3 }, { timeout: 100 });
      await assert.rejects(queuedTimeout, CommandTimeoutError);
      controller.abort(new Error('changed my mind'));
      await assert.rejects(inFlight, (error: unknown) => {
        assert.ok(error instanceof CommandAbortedError);
        assert.match(error.message, /changed my mind/);
        return true;
      });
      await assert.rejects(queued, CommandAbortedError);
      agent.child.kill('SIGCONT');
      assert.equal(await client.execute('guest-sync', { id: 4 }, { timeout: 10_000 }), 4);
      await assert.rejects(
        client.execute('guest-ping', {}, { signal: AbortSignal.abort() }),
        CommandAbortedError,
      );
      assert.equal(await client.execute('guest-sync', { id: 5 }), 5);
    } finally {
      agent.child.kill('SIGCONT');
      await client.close();
    }
  });

  it('connects over an open Duplex', async () => {
    const socket = connect(agent.socket);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const client = await QgaClient.connect(socket, { name: 'my-agent' });
    try {
      assert.equal(client.name, 'my-agent');
      assert.equal(await client.execute('guest-sync', { id: 9 }), 9);
    } finally {
      await client.close();
    }
    await assert.rejects(client.execute('guest-ping'), DisconnectedError);
  });

  it('connects over tcp: (through a plain forwarder to the agent socket)', async () => {
    const forwarder = net.createServer((socket) => {
      const upstream = net.connect(agent.socket);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
    const { port } = forwarder.address() as net.AddressInfo;
    try {
      const client = await QgaClient.connect(`tcp:127.0.0.1:${port}`);
      assert.equal(client.name, `tcp:127.0.0.1:${port}`);
      assert.equal(await client.execute('guest-sync', { id: 11 }), 11);
      await client.sync();
      assert.equal(await client.execute('guest-sync', { id: 12 }), 12);
      await client.close();
    } finally {
      await new Promise<void>((resolve) => forwarder.close(() => resolve()));
    }
  });

  it('fails to connect with a typed error when the socket is missing', async () => {
    await assert.rejects(
      QgaClient.connect(`${agent.dir}/nothing-here.sock`),
      (error: unknown) => error instanceof ConnectError && error.code === 'TARGET_NOT_FOUND',
    );
  });

  it('fails to connect with AgentNotRespondingError when the agent is stopped', async () => {
    agent.child.kill('SIGSTOP');
    try {
      await assert.rejects(
        QgaClient.connect(agent.socket, { syncTimeout: 300 }),
        (error: unknown) =>
          error instanceof AgentNotRespondingError && error.code === 'AGENT_NOT_RESPONDING',
      );
    } finally {
      agent.child.kill('SIGCONT');
    }
    const client = await QgaClient.connect(agent.socket);
    await client.execute('guest-ping');
    await client.close();
  });
});
