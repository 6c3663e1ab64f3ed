import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runQmon } from '../support/cli.js';
import { runOnPty } from '../support/pty.js';
import { type HostAgent, startHostAgent } from '../support/qga-host-agent.js';

const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('qmon cp (the real binary against the real qemu-ga on the host)', () => {
  let agent: HostAgent;
  let source: string;
  before(async () => {
    agent = await startHostAgent();
    source = join(agent.dir, 'source.bin');
    // Several chunks, and not a multiple of the chunk size.
    writeFileSync(source, randomBytes(3 * (1 << 20) + 12345));
  });
  after(() => agent.stop());

  it('copies a file to the guest and back, byte for byte, silently when not on a terminal', async () => {
    const inGuest = join(agent.dir, 'in-guest.bin');
    const back = join(agent.dir, 'back.bin');
    const up = await runQmon(['cp', source, `${agent.socket}:${inGuest}`]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stdout + up.stderr, '');
    assert.equal(sha256(inGuest), sha256(source));
    const down = await runQmon(['cp', `unix:${agent.socket}:${inGuest}`, back]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.stdout + down.stderr, '');
    assert.equal(sha256(back), sha256(source));
  });

  it('keeps the file name when the destination is a folder', async () => {
    const folder = join(agent.dir, 'into');
    mkdirSync(folder);
    const down = await runQmon(['cp', `${agent.socket}:${source}`, folder]);
    assert.equal(down.code, 0, down.stderr);
    assert.equal(sha256(join(folder, 'source.bin')), sha256(source));
    const guestFolder = join(agent.dir, 'guest-folder');
    mkdirSync(guestFolder);
    const up = await runQmon(['cp', source, `${agent.socket}:${guestFolder}/`]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(sha256(join(guestFolder, 'source.bin')), sha256(source));
  });

  it('draws a progress bar on a terminal', async () => {
    const target = join(agent.dir, 'tty.bin');
    const pty = runOnPty([process.execPath, QMON, 'cp', source, `${agent.socket}:${target}`]);
    try {
      assert.equal(await pty.exited, 0, pty.text());
      assert.match(
        pty.text(),
        /source\.bin \[#+\] 100% {2}3\.0 MiB \/ 3\.0 MiB {2}[\d.]+ [KMG]?i?B\/s/,
      );
      assert.equal(sha256(target), sha256(source));
    } finally {
      pty.kill();
    }
  });

  it('reports a failed copy and a bad argument as one line, leaving no partial file', async () => {
    const partial = join(agent.dir, 'partial.bin');
    const missing = await runQmon(['cp', `${agent.socket}:${join(agent.dir, 'nope')}`, partial]);
    assert.equal(missing.code, 125);
    assert.match(
      missing.stderr,
      /^qmon: copying .*nope \(guest\) → .*partial\.bin failed after 0 bytes: guest-file-open: failed to open file .*No such file or directory/,
    );
    assert.equal(existsSync(partial), false);
    const noGuest = await runQmon(['cp', source, join(agent.dir, 'x')]);
    assert.equal(noGuest.code, 2);
    assert.match(noGuest.stderr, /^qmon: one side must be TARGET:GUESTPATH/);
    const noVm = await runQmon(['cp', 'no-such-vm:/etc/hostname', join(agent.dir, 'x')], {
      env: { QMON_RUNTIME_DIR: agent.dir },
    });
    assert.equal(noVm.code, 125);
    assert.match(noVm.stderr, /^qmon: no-such-vm: no VM of that name/);
    for (const result of [missing, noGuest, noVm]) {
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('keeps the permission bits into the guest, and takes --mode', async () => {
    const tool = join(agent.dir, 'tool.sh');
    writeFileSync(tool, '#!/bin/sh\necho hi\n');
    chmodSync(tool, 0o700);
    const inGuest = join(agent.dir, 'tool-in-guest');
    const kept = await runQmon(['cp', tool, `${agent.socket}:${inGuest}`]);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal(statSync(inGuest).mode & 0o7777, 0o700);
    const set = await runQmon(['cp', tool, `${agent.socket}:${inGuest}`, '--mode', '0644']);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(statSync(inGuest).mode & 0o7777, 0o644);
    const bad = await runQmon(['cp', tool, `${agent.socket}:${inGuest}`, '--mode', 'rwx']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^qmon: --mode expects octal permission bits/);
  });

  it('refuses a fifo destination on the host and leaves it there', async () => {
    const folder = join(agent.dir, 'special');
    mkdirSync(folder);
    const fifo = join(folder, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const refused = await runQmon(['cp', `${agent.socket}:${source}`, fifo]);
    assert.equal(refused.code, 125);
    assert.match(refused.stderr, /is a fifo, not a regular file; it was left alone/);
    assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
    assert.ok(lstatSync(fifo).isFIFO());
    assert.deepEqual(readdirSync(folder), ['fifo']);
    const wrongWay = await runQmon(['cp', source, `${agent.socket}:${fifo}`, '--special']);
    assert.equal(wrongWay.code, 2);
  });

  it('takes a bare word before the colon as a VM, even when a host file has that name', async () => {
    const folder = join(agent.dir, 'cwd');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes:v2'), 'a host file');
    const result = await runQmon(['cp', 'notes:v2', join(folder, 'out')], {
      env: { QMON_RUNTIME_DIR: agent.dir },
      cwd: folder,
    });
    assert.equal(result.code, 125);
    assert.match(result.stderr, /^qmon: notes: no VM of that name .*write \.\/notes:v2/);
  });
});
