import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { attachDirectReader, connectSocket } from '../../src/transport/index.js';

async function withServer(
  onConnection: (socket: net.Socket) => void,
  run: (path: string) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qmon-direct-'));
  const path = join(dir, 'server.sock');
  const server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  try {
    await run(path);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('direct reads', () => {
  it('hands over bytes that came before the reader, then every later read, then the end', async () => {
    const big = Buffer.alloc(300_000, 'x');
    await withServer(
      (peer) => {
        peer.write('early bytes;');
        peer.on('data', () => peer.end(big));
      },
      async (path) => {
        const socket = await connectSocket({ kind: 'unix', path }, { directReads: true });
        await sleep(50); // the early bytes arrive with no reader attached
        const received: Buffer[] = [];
        assert.ok(attachDirectReader(socket, (chunk) => received.push(Buffer.from(chunk))));
        assert.equal(
          attachDirectReader(socket, () => {}),
          false,
          'only one reader',
        );
        socket.write('go');
        await new Promise((resolve) => socket.once('close', resolve));
        const all = Buffer.concat(received);
        assert.equal(all.subarray(0, 12).toString(), 'early bytes;');
        assert.ok(all.subarray(12).equals(big), 'every later byte, in order');
        assert.ok(received.length > 2, 'in several reads');
      },
    );
  });

  it('leaves other sockets to their data events', async () => {
    await withServer(
      (peer) => peer.end('hello'),
      async (path) => {
        const socket = await connectSocket({ kind: 'unix', path });
        assert.equal(
          attachDirectReader(socket, () => {}),
          false,
        );
        const text = await new Promise<string>((resolve) => {
          let data = '';
          socket.on('data', (chunk) => {
            data += chunk;
          });
          socket.on('end', () => resolve(data));
        });
        assert.equal(text, 'hello');
      },
    );
  });
});
