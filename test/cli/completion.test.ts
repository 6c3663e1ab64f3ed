// `qmon completion`: the bash script driven through bash's own completion
// machinery in a real pty (util-linux `script`), and the zsh and fish scripts
// as generated (neither shell is installed here).
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runQmon } from '../support/cli.js';

/** An interactive bash in a pty, with qmon's completion loaded. */
class PtyBash {
  private output = '';
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(script: string, runtimeDir: string) {
    this.child = spawn('script', ['-qfec', 'bash --norc --noprofile -i', '/dev/null'], {
      env: { ...process.env, TERM: 'dumb', INPUTRC: '/dev/null', QMON_RUNTIME_DIR: runtimeDir },
    });
    this.child.stdout.setEncoding('utf8').on('data', (text: string) => {
      this.output += text;
    });
    this.child.stdin.write(
      `source ${script}; bind "set bell-style none"; bind "set show-all-if-ambiguous on"\n`,
    );
  }

  /** Types `line` on an empty prompt (Ctrl-U first) and waits until the terminal shows `expected`. */
  async type(line: string, expected: RegExp): Promise<void> {
    const from = this.output.length;
    this.child.stdin.write(`\x15${line}`);
    const deadline = Date.now() + 10_000;
    while (!expected.test(this.output.slice(from))) {
      if (Date.now() > deadline)
        assert.fail(
          `no ${expected} after typing ${JSON.stringify(line)}: ${JSON.stringify(this.output.slice(from))}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.child.stdin.end('\x15exit\n');
  }
}

describe('qmon completion', () => {
  let dir: string;
  let bash: PtyBash;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qmon-completion-'));
    await mkdir(join(dir, 'runtime', 'webvm'), { recursive: true });
    await mkdir(join(dir, 'runtime', 'dbvm'));
    const script = await runQmon(['completion', 'bash']);
    assert.equal(script.code, 0, script.stderr);
    await writeFile(join(dir, 'qmon.bash'), script.stdout);
    bash = new PtyBash(join(dir, 'qmon.bash'), join(dir, 'runtime'));
  });

  after(async () => {
    bash?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('completes verbs and sub-verbs', async () => {
    await bash.type('qmon ex\t', /qmon exec /);
    await bash.type('qmon vm st\t', /start\s+status\s+stop/);
    await bash.type('qmon vm disk mi\t', /qmon vm disk mirror /);
  });

  it("completes a verb's own options", async () => {
    await bash.type('qmon exec --ret\t', /qmon exec --return-value /);
    await bash.type('qmon vm start --wait\t', /qmon vm start --wait-agent /);
  });

  it('completes VM names from the runtime folder', async () => {
    await bash.type('qmon vm status we\t', /qmon vm status webvm /);
    await bash.type('qmon vm rm webvm d\t', /qmon vm rm webvm dbvm /);
    await bash.type('qmon exec --timeout 5 db\t', /qmon exec --timeout 5 dbvm /);
  });

  it('completes QMP command names after the target', async () => {
    await bash.type(
      'qmon exec dbvm query-stat\t',
      /query-stats\s+query-stats-schemas\s+query-status/,
    );
  });

  it('writes zsh and fish scripts from the same table, and refuses other shells', async () => {
    const zsh = await runQmon(['completion', 'zsh']);
    assert.equal(zsh.code, 0);
    assert.match(zsh.stdout, /bashcompinit/);
    assert.match(zsh.stdout, /\['vm start'\]='[^']*--wait-agent/);
    const fish = await runQmon(['completion', 'fish']);
    assert.equal(fish.code, 0);
    assert.match(
      fish.stdout,
      /complete -c qmon -n 'test \(__qmon_path\) = vm start' -l wait-agent -r/,
    );
    assert.match(
      fish.stdout,
      /complete -c qmon -f -n 'test \(__qmon_path\) = vm' -a '[^']*attach-device/,
    );
    const other = await runQmon(['completion', 'tcsh']);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /bash, zsh or fish/);
  });
});
