/** Asking the person at the terminal: a line, or a password without echo. */
import { createInterface } from 'node:readline/promises';
import { EXIT, UsageError, UserError } from '../errors.js';

function requireTerminal(what: string, instead: string): void {
  if (!process.stdin.isTTY) throw new UsageError(`no terminal to ask ${what} on: ${instead}`);
}

/** One line typed at the terminal (echoed), the question on stderr. */
export async function askLine(question: string, instead: string): Promise<string> {
  requireTerminal('this', instead);
  const reader = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await reader.question(question)).trim();
  } finally {
    reader.close();
  }
}

/** A password typed at the terminal, not echoed; Ctrl-C gives up. */
export function askHidden(question: string, instead: string): Promise<string> {
  requireTerminal('the password', instead);
  const input = process.stdin;
  // Echo goes off before the question shows, so nothing typed in answer is echoed.
  input.setRawMode(true);
  process.stderr.write(question);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(typed);
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && typed === '')) {
          finish();
          reject(new UserError('cancelled', EXIT.failure));
          return;
        }
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (char === '\u0015') typed = '';
        else if (char >= ' ') typed += char;
      }
    };
    input.on('data', onData);
  });
}

/** Everything on stdin (for --password-stdin), without its final line break. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}
