/**
 * What `npm start` runs (examples/dashboard.ts), in a child process: resolves
 * once it has printed its address, one-time login link and admin password.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PROGRAM = fileURLToPath(new URL('../../../examples/dashboard.ts', import.meta.url));

export interface DashboardProcess {
  child: ChildProcess;
  url: string;
  loginLink: string;
  password: string;
  /** The temporary folder (state and runtime root) it removes on exit. */
  dir: string;
  output(): string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
}

export async function startDashboard(timeoutMs = 120_000): Promise<DashboardProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', PROGRAM], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, QMON_LISTEN: '127.0.0.1:0' },
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const printed = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the dashboard did not start in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const check = () => {
      const match =
        /qmon dashboard: (http:\S+)\/\n.*\n\s+(\S+#login=\S+)\n.*password (\S+)\n\s+state folder (\S+)/.exec(
          out,
        );
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the dashboard exited:\n${out}`));
    });
  });
  return {
    child,
    url: printed[1]!,
    loginLink: printed[2]!,
    password: printed[3]!,
    dir: printed[4]!,
    output: () => out,
    exited,
  };
}
