import { spawn } from 'node:child_process';

const ESCAPE_SEQUENCE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');

const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs a command on a real pseudo-terminal (through util-linux `script`), so
 * it sees a TTY: raw keystrokes in, everything it draws out.
 */
export function runOnPty(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn('script', ['-qfec', argv.map(shellQuote).join(' '), '/dev/null'], {
    env: { ...process.env, TERM: 'xterm', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    /** Everything drawn so far, with terminal escape sequences removed. */
    text: () => output.replace(ESCAPE_SEQUENCE, ''),
    type: (keys: string) => child.stdin.write(keys),
    /** Waits until the screen text matches, at most `timeoutMs`. */
    async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(this.text())) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${pattern} in ${JSON.stringify(this.text())}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}
