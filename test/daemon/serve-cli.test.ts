import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';
import { ApiClient } from '../../src/api-client/client.js';
import { startDaemon } from '../../src/daemon/daemon.js';
import { runQmon } from '../support/cli.js';
import { type ServeProcess, spawnServe, tempDirs } from './support/daemon.js';

test('qmon serve --print-unit prints a systemd unit that leaves the VMs running', async () => {
  const result = await runQmon(['serve', '--print-unit', '--listen', '127.0.0.1:9000']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^\[Unit\]/);
  assert.match(result.stdout, /ExecStart=.* serve --listen 127\.0\.0\.1:9000$/m);
  assert.match(result.stdout, /^KillMode=process$/m);
});

test('qmon serve creates the first admin, serves the API, and stops on SIGTERM', async () => {
  const dirs = await tempDirs();
  let serve: ServeProcess | undefined;
  try {
    serve = await spawnServe(
      ['--listen', '127.0.0.1:0', '--state-dir', dirs.stateDir, '--init-admin', 'root'],
      { QMON_ADMIN_PASSWORD: 'root-password', QMON_RUNTIME_DIR: dirs.runtimeRoot },
      30_000,
    );
    assert.match(serve.stderr(), /created admin user root/);
    assert.doesNotMatch(serve.stderr(), /root-password/);
    const client = new ApiClient({ baseUrl: serve.url });
    assert.equal((await client.login('root', 'root-password')).user.role, 'admin');
    assert.deepEqual(await client.listVms(), []);
    serve.child.kill('SIGTERM');
    assert.equal(await serve.exited, 0);
  } finally {
    serve?.child.kill('SIGKILL');
    await dirs.remove();
  }
});

test('beyond loopback the daemon speaks only TLS, with a self-signed certificate made by openssl', async () => {
  const dirs = await tempDirs();
  const daemon = await startDaemon({
    listen: '0.0.0.0:0',
    stateDir: dirs.stateDir,
    runtimeRoot: dirs.runtimeRoot,
    log: () => {},
  });
  try {
    assert.match(daemon.url, /^https:/);
    const port = Number(new URL(daemon.url).port);
    const ca = await readFile(join(dirs.stateDir, 'tls', 'cert.pem'));
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port, path: '/api/v1/vms', ca, servername: 'localhost' },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      )
        .on('error', reject)
        .end();
    });
    assert.equal(status, 401);
    // Plain HTTP gets no API.
    const plain = await fetch(`http://127.0.0.1:${port}/api/v1/vms`).then(
      (response) => response.status,
      () => 'refused',
    );
    assert.notEqual(plain, 401);
    assert.notEqual(plain, 200);
  } finally {
    await daemon.close();
    await dirs.remove();
  }
});
