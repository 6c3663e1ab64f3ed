import assert from 'node:assert/strict';
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { QmpClient } from '../../src/index.js';
import { MAX_AUTHENTICATING } from '../../src/mux/guarded-server.js';
import { type MuxHandle, startMux } from '../../src/mux/index.js';
import { startQemu, type TestQemu } from '../support/qemu.js';
import { makeTestPki, type TestPki } from './certificates.js';
import { socketDir, within } from './support.js';

/** Everything a raw connection receives until it closes (or `ms` pass). */
async function receiveAll(socket: net.Socket, ms = 5_000): Promise<string> {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  await within(
    ms,
    'the connection to close',
    new Promise((resolve) => socket.once('close', resolve)),
  );
  return text;
}

function tcp(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(4, at), port: Number(address.slice(at + 1)) };
}

/** Runs a shell line (socat, as documented) and returns its stdout. */
function shell(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', line], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${line}: ${error.message} ${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('authenticated TCP listeners (real QEMU behind the mux)', () => {
  let qemu: TestQemu;
  let mux: MuxHandle;
  let sockets: ReturnType<typeof socketDir>;
  let pki: TestPki;
  let tokenFile: string;
  const logged: string[] = [];
  const address = (name: string) => mux.listeners.find((l) => l.name === name)!.address;

  before(async () => {
    qemu = await startQemu(['-machine', 'none']);
    sockets = socketDir();
    pki = makeTestPki(join(sockets.dir, 'pki'));
    tokenFile = join(sockets.dir, 'mux.token');
    mux = await startMux({
      upstream: qemu.qmp,
      listen: [
        { address: 'tcp:127.0.0.1:0', name: 'token', tokenFile },
        { address: 'tcp:127.0.0.1:0', name: 'hmp-token', protocol: 'hmp', tokenFile },
        { address: 'tcp:127.0.0.1:0', name: 'tls', tls: pki.serverDir },
        {
          address: join(sockets.dir, 'group.sock'),
          name: 'group',
          // By name, as `qmon mux --group NAME` passes it.
          group: execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim(),
        },
      ],
      authTimeout: 1_000,
      log: (message) => logged.push(message),
    });
  });
  after(async () => {
    await mux.close();
    await qemu.stop();
    sockets.remove();
  });

  it('makes a missing token file: a random token, mode 0600', () => {
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.match(readFileSync(tokenFile, 'utf8'), /^[0-9a-f]{64}\n$/);
  });

  it('gives a client without the token nothing of QEMU’s and cuts it off', async () => {
    const silent = net.connect(tcp(address('token')));
    const started = performance.now();
    assert.equal(
      await receiveAll(silent),
      '{"error": {"class": "GenericError", "desc": "qmon mux: authentication failed"}}\r\n',
    );
    assert.ok(performance.now() - started >= 900, 'cut off by the auth timeout');

    const cheeky = net.connect(tcp(address('token')));
    cheeky.write('{"execute": "qmp_capabilities"}\n{"execute": "stop"}\n');
    const answer = await receiveAll(cheeky);
    assert.equal(
      answer,
      '{"error": {"class": "GenericError", "desc": "qmon mux: authentication failed"}}\r\n',
    );

    const wrong = net.connect(tcp(address('hmp-token')));
    wrong.write(`${'0'.repeat(64)}\ninfo status\n`);
    assert.equal(await receiveAll(wrong), 'Error: qmon mux: authentication failed\r\n');

    const flood = net.connect(tcp(address('token')));
    flood.write('x'.repeat(100_000));
    assert.match(await receiveAll(flood), /authentication failed/);
    assert.ok(logged.some((line) => /refused a client of token .*wrong token/.test(line)));
    assert.ok(logged.some((line) => /no token within 1000 ms/.test(line)));
    assert.equal((await stateOf()).status, 'running');
  });

  async function stateOf() {
    const direct = await QmpClient.connect(qemu.qmp2);
    try {
      return await direct.execute('query-status');
    } finally {
      await direct.close();
    }
  }

  it('serves a client that sends the right token first, commands in the same write too', async () => {
    const token = readFileSync(tokenFile, 'utf8').trim();
    const client = net.connect(tcp(address('token')));
    client.write(
      `${token}\r\n{"execute": "qmp_capabilities"}\n{"execute": "query-status", "id": 7}\n`,
    );
    client.end();
    const lines = (await receiveAll(client)).trim().split('\r\n');
    assert.match(lines[0]!, /^\{"QMP": \{"version"/);
    assert.equal(lines[1], '{"return": {}}');
    assert.match(lines[2]!, /"status": "running".*"id": 7/);
  });

  it('takes the token the way docs/mux.md shows for nc and socat users', async () => {
    const { port } = tcp(address('hmp-token'));
    const out = await shell(
      `{ cat '${tokenFile}'; echo 'info status'; sleep 1; } | socat - TCP:127.0.0.1:${port}`,
    );
    assert.match(out, /QEMU 7\.2\.\d+ monitor/);
    assert.match(out, /VM status: running/);
  });

  it('lets qmp-shell style clients in through a local socat bridge that sends the token', async () => {
    const { port } = tcp(address('token'));
    const bridge = join(sockets.dir, 'token-bridge.sock');
    const child = spawn('socat', [
      `UNIX-LISTEN:${bridge},fork,mode=600`,
      `SYSTEM:cat '${tokenFile}' - | socat - TCP\\:127.0.0.1\\:${port}`,
    ]);
    try {
      const client = await connectThrough(bridge, child);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      child.kill();
    }
  });

  it('TLS: refuses plain TCP, no certificate and a stranger’s certificate; serves the CA’s clients', async () => {
    const { port } = tcp(address('tls'));
    assert.doesNotMatch(await receiveAll(net.connect(port, '127.0.0.1')), /QMP/);
    const attempt = (cert?: { cert: string; key: string }) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({
          host: '127.0.0.1',
          port,
          ca: readFileSync(pki.ca),
          ...(cert ? { cert: readFileSync(cert.cert), key: readFileSync(cert.key) } : {}),
        });
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
          if (text.includes('\n')) socket.destroy();
        });
        socket.on('error', () => {});
        socket.on('close', () => resolve(text));
      });
    assert.equal(await attempt(), '');
    assert.equal(await attempt(pki.stranger), '');
    assert.match(await attempt(pki.client), /^\{"QMP": \{"version"/);
    assert.ok(logged.some((line) => /refused a client of tls .*TLS:/.test(line)));
  });

  it('TLS: works with socat OPENSSL, and for qmp-shell through a socat bridge', async () => {
    const { port } = tcp(address('tls'));
    const cert = `cert=${pki.client.cert},key=${pki.client.key},cafile=${pki.ca}`;
    const out = await shell(
      `printf '%s\\n' '{"execute":"qmp_capabilities"}' '{"execute":"query-status"}' | ` +
        `socat - OPENSSL:127.0.0.1:${port},${cert}`,
    );
    assert.match(out, /"status": "running"/);

    const bridge = join(sockets.dir, 'tls-bridge.sock');
    const child = spawn('socat', [
      `UNIX-LISTEN:${bridge},fork,mode=600`,
      `OPENSSL:127.0.0.1:${port},${cert}`,
    ]);
    try {
      const client = await connectThrough(bridge, child);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      child.kill();
    }
  });

  it('gives a unix listener with a group mode 0660 and that group', () => {
    const stat = statSync(join(sockets.dir, 'group.sock'));
    assert.equal(stat.mode & 0o777, 0o660);
    assert.equal(stat.gid, process.getgid!());
  });

  it('refuses TCP without authentication, off loopback without TLS, and a shared token file', async () => {
    const start = (listener: Record<string, unknown>) =>
      startMux({ upstream: qemu.qmp, listen: [{ address: 'tcp::0', ...listener }], log: () => {} });
    await assert.rejects(start({}), {
      code: 'LISTEN_INSECURE',
      message: /a TCP listener needs authentication/,
    });
    await assert.rejects(start({ address: 'tcp:0.0.0.0:0', tokenFile }), {
      code: 'LISTEN_INSECURE',
      message: /non-loopback address needs TLS/,
    });
    const shared = join(sockets.dir, 'shared.token');
    writeFileSync(shared, `${'a'.repeat(32)}\n`);
    chmodSync(shared, 0o644);
    await assert.rejects(start({ tokenFile: shared }), {
      code: 'LISTEN_CREDENTIALS',
      message: /readable by others \(mode 644\)/,
    });
    await assert.rejects(start({ tls: join(sockets.dir, 'nothing') }), {
      code: 'LISTEN_CREDENTIALS',
      message: /cannot read ca-cert\.pem/,
    });
  });

  it('holds at most 64 clients authenticating at once per listener', async () => {
    const token = readFileSync(tokenFile, 'utf8').trim();
    const { host, port } = tcp(address('token'));
    const waiting = await Promise.all(
      Array.from({ length: MAX_AUTHENTICATING }, async () => {
        const socket = net.connect(port, host);
        await new Promise((resolve) => socket.once('connect', resolve));
        return socket;
      }),
    );
    await sleep(100);
    const extra = net.connect(port, host);
    assert.equal(await receiveAll(extra), '');
    assert.ok(logged.some((line) => /over 64 clients authenticating at once/.test(line)));
    for (const socket of waiting) socket.destroy();
    await sleep(100);
    // Once they are gone, clients get in again.
    const client = net.connect(port, host);
    client.write(`${token}\n`);
    let text = '';
    client.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
    });
    for (let i = 0; i < 100 && !text.includes('\n'); i++) await sleep(20);
    client.destroy();
    assert.match(text, /^\{"QMP"/);
  });

  it('closes at once with clients still authenticating', async () => {
    const waiting = await startMux({
      upstream: qemu.qmp2,
      listen: [
        { address: 'tcp:127.0.0.1:0', tokenFile },
        { address: 'tcp:127.0.0.1:0', tls: pki.serverDir },
      ],
      log: () => {},
    });
    const silent = waiting.listeners.map((listener) => net.connect(tcp(listener.address)));
    await Promise.all(
      silent.map((socket) => new Promise((resolve) => socket.once('connect', resolve))),
    );
    await sleep(100);
    const started = performance.now();
    await within(3_000, 'close()', waiting.close());
    assert.ok(performance.now() - started < 3_000);
    for (const socket of silent) socket.destroy();
  });

  it('lets insecure: true through, with a loud warning', async () => {
    const warnings: string[] = [];
    const clearText = await startMux({
      upstream: qemu.qmp2,
      listen: [{ address: 'tcp:0.0.0.0:0', insecure: true, tokenFile }],
      log: (message) => warnings.push(message),
    });
    await clearText.close();
    const open = await startMux({
      upstream: qemu.qmp2,
      // Loopback: the test opens nothing to the network without authentication.
      listen: [{ address: 'tcp:127.0.0.1:0', insecure: true }],
      log: (message) => warnings.push(message),
    });
    try {
      assert.match(
        warnings.join('\n'),
        /WARNING: tcp:127\.0\.0\.1:0 accepts every client without authentication: any local user/,
      );
      assert.match(warnings.join('\n'), /WARNING: tcp:0\.0\.0\.0:0 takes its token in clear text/);
      const client = await QmpClient.connect(open.listeners[0]!.address);
      assert.equal((await client.execute('query-status')).status, 'running');
      await client.close();
    } finally {
      await open.close();
    }
  });
});

/** Connects once socat listens: it binds the path a moment before it accepts. */
async function connectThrough(path: string, child: ChildProcess): Promise<QmpClient> {
  for (let i = 0; ; i++) {
    try {
      return await QmpClient.connect(path);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const waiting = code === 'TARGET_NOT_FOUND' || code === 'CONNECTION_REFUSED';
      if (!waiting || i >= 200 || child.exitCode !== null) throw error;
      await sleep(25);
    }
  }
}
