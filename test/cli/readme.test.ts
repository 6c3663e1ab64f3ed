/**
 * Every command in README.md's marked blocks works as written: each block
 * preceded by `<!-- test/cli/readme.test.ts runs this block ... -->` is run
 * line by line through bash, in order, in an empty folder, with the real
 * `qmon` first on PATH and its own runtime folder, against the real demo
 * guest the block itself starts. A line whose comment says it runs "until
 * Ctrl-C" (or detaches with Ctrl-]) gets SIGINT after a few seconds.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureDemoGuest } from '../../src/launch/demo-guest/demo-guest.js';
import { makeCliRuntimeRoot, removeCliRuntimeRoot } from '../support/cli-vms.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));
const QMON = fileURLToPath(new URL('../../bin/qmon.js', import.meta.url));
const MARKER =
  /<!-- test\/cli\/readme\.test\.ts runs this block[^>]*-->\s*\n```sh\n([\s\S]*?)\n```/g;
/** How long a command that runs until stopped runs before it gets Ctrl-C. */
const RUN_UNTIL_STOPPED_MS = 3_000;

/** The command lines of every marked block: comment-only and empty lines dropped. */
function readmeCommands(markdown: string): string[] {
  const lines: string[] = [];
  for (const [, body] of markdown.matchAll(MARKER)) {
    for (const line of body!.split('\n')) {
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      lines.push(line);
    }
  }
  return lines;
}

interface LineResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  interrupted: boolean;
}

function runLine(
  line: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; untilStopped: boolean },
): Promise<LineResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', line], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so Ctrl-C reaches the whole line
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output += text;
    });
    let interrupted = false;
    const interrupt = setTimeout(() => {
      interrupted = true;
      process.kill(-child.pid!, 'SIGINT');
    }, RUN_UNTIL_STOPPED_MS);
    if (!options.untilStopped) clearTimeout(interrupt);
    const limit = setTimeout(() => {
      process.kill(-child.pid!, 'SIGKILL');
      reject(new Error(`${line}: still running after 180 s\n${output}`));
    }, 180_000);
    child.on('exit', (code, signal) => {
      clearTimeout(interrupt);
      clearTimeout(limit);
      resolve({ code, signal, output, interrupted });
    });
  });
}

describe("README.md's commands, as written, against the demo VM", {
  timeout: 15 * 60_000,
}, () => {
  let root: string;
  let folder: string;
  let env: NodeJS.ProcessEnv;
  const commands = readmeCommands(readFileSync(README, 'utf8'));

  before(async () => {
    root = await makeCliRuntimeRoot();
    folder = join(root, 'work');
    const bin = join(root, 'bin');
    mkdirSync(folder);
    mkdirSync(bin);
    // `qmon` on PATH, as `npm link` puts it there.
    writeFileSync(
      join(bin, 'qmon'),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(QMON)} "$@"\n`,
    );
    chmodSync(join(bin, 'qmon'), 0o755);
    env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      QMON_RUNTIME_DIR: join(root, 'runtime'),
      NO_COLOR: '1',
    };
    await ensureDemoGuest(); // built once and cached
  });
  after(() => removeCliRuntimeRoot(root));

  it('finds the marked block, which starts the demo VM and uses the qmon verbs', () => {
    assert.ok(commands.length >= 15, `only ${commands.length} commands found`);
    assert.ok(commands.some((line) => /^qmon vm start --demo --name vm0\b/.test(line)));
    for (const verb of ['exec', 'events', 'shell', 'hmp', 'agent', 'cp', 'vm', 'mux', 'replay']) {
      assert.ok(
        commands.some((line) => line.startsWith(`qmon ${verb} `)),
        `no qmon ${verb} example`,
      );
    }
  });

  it('runs every command of the block in order, each exiting 0', async () => {
    for (const line of commands) {
      const untilStopped = /#.*Ctrl-(C|\])/.test(line);
      const result = await runLine(line, { cwd: folder, env, untilStopped });
      assert.equal(
        result.code,
        0,
        `${line}\nexit ${result.code} (signal ${result.signal})\n${result.output}`,
      );
      assert.doesNotMatch(result.output, /\n\s+at .*\(/, `${line}: a stack trace`);
      assert.doesNotMatch(result.output, /^qmon: (?!warning)/m, `${line}: ${result.output}`);
    }
  });
});
