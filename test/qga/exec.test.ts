import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GuestExecAbandonedError, QgaClient } from '../../src/qga/index.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

/** Harmless on the host: shell builtins and coreutils in a scratch folder. */
describe('exec through the real qemu-ga on the host', { timeout: 60_000 }, () => {
  let agent: HostAgent;
  let client: QgaClient;
  const leftovers: number[] = [];

  before(async () => {
    agent = await startHostAgent();
    client = await QgaClient.connect(agent.socket);
  });
  after(async () => {
    for (const pid of leftovers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await client?.close();
    await agent?.stop();
  });

  it('feeds stdin and returns stdout, stderr and a non-zero exit code', async () => {
    const result = await client.exec('/bin/sh', ['-c', 'tr a-z A-Z; echo oops >&2; exit 3'], {
      input: 'hello guest\n',
    });
    assert.equal(result.exitCode, 3);
    assert.equal(result.signal, null);
    assert.equal(result.stdout, 'HELLO GUEST\n');
    assert.equal(result.stderr, 'oops\n');
    assert.equal(result.truncated, false);
    assert.ok(result.pid > 0);
  });

  it('passes binary input through unchanged, and the environment', async () => {
    const input = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
    const cat = await client.exec('/bin/cat', [], { input });
    assert.deepEqual(cat.stdoutBytes, input);
    const env = await client.exec('/bin/sh', ['-c', 'echo "$GREETING"'], {
      env: { GREETING: 'hi there', PATH: '/usr/bin:/bin' },
    });
    assert.equal(env.stdout, 'hi there\n');
    assert.equal(env.exitCode, 0);
  });

  it('reports the signal that killed the process', async () => {
    const result = await client.exec('/bin/sh', ['-c', 'kill -TERM $$']);
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, 15);
  });

  it('runs without capturing output', async () => {
    const result = await client.exec('/bin/echo', ['ignored'], { captureOutput: false });
    assert.equal(result.exitCode, 0);
    assert.equal(result.stdout, '');
  });

  it('on timeout, throws an error with the pid of the process left running', async () => {
    const started = performance.now();
    const error = await client.exec('/bin/sleep', ['30'], { timeout: 300 }).then(
      () => assert.fail('sleep 30 finished within 300 ms'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof GuestExecAbandonedError);
    assert.equal(error.code, 'EXEC_TIMEOUT');
    leftovers.push(error.pid);
    assert.ok(performance.now() - started < 3_000);
    assert.ok(existsSync(`/proc/${error.pid}`), 'the process is still running');
    const status = await client.execute('guest-exec-status', { pid: error.pid });
    assert.equal(status.exited, false);
  });

  it('on abort, throws an error with the pid; the process can be waited for later', async () => {
    const controller = new AbortController();
    const run = client.exec('/bin/sh', ['-c', 'sleep 0.5; exit 7'], { signal: controller.signal });
    await sleep(100);
    controller.abort();
    const error = await run.then(
      () => assert.fail('not aborted'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof GuestExecAbandonedError);
    assert.equal(error.code, 'EXEC_ABORTED');
    let status = await client.execute('guest-exec-status', { pid: error.pid });
    for (let i = 0; i < 100 && !status.exited; i++) {
      await sleep(50);
      status = await client.execute('guest-exec-status', { pid: error.pid });
    }
    assert.equal(status.exitcode, 7);
  });
});
