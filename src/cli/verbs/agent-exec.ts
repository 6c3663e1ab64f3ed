import { GuestExecAbandonedError } from '../../qga/errors.js';
import type { ExecResult } from '../../qga/guest-exec.js';
import type { CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';
import { withAgent } from '../qga-connection.js';
import type { Options } from '../verb.js';
import type { agentExecOptions } from '../verb-options.js';

/**
 * `qmon agent exec TARGET -- PROG ARGS...`: runs a program in the guest, writes
 * its stdout and stderr to ours, and exits with its exit code (128 + N when
 * signal N ended it, as a shell reports it).
 */
export async function run(
  context: CliContext,
  [target, program, ...args]: string[],
  options: Options<typeof agentExecOptions>,
) {
  const env = parseEnv(options.env);
  const input = options.stdin || options.passStdin ? await readStdin() : undefined;
  const timeout = options.timeout;
  let result: ExecResult;
  try {
    result = await withAgent(context, target!, {}, (client) =>
      client.exec(program!, args, {
        ...(env ? { env } : {}),
        ...(input === undefined ? {} : { input }),
        ...(timeout === undefined ? {} : { timeout }),
      }),
    );
  } catch (error) {
    if (error instanceof GuestExecAbandonedError) throw new UserError(error.message, EXIT.timedOut);
    throw error;
  }
  await write(process.stdout, result.stdoutBytes);
  await write(process.stderr, result.stderrBytes);
  if (result.truncated) context.err("qmon: the guest agent cut the program's output at 16 MiB");
  if (result.exitCode !== null) return result.exitCode;
  return 128 + (result.signal ?? 0);
}

/** `K=V` words → the guest program's environment (qemu-ga passes only these). */
function parseEnv(words: readonly string[]): string[] | undefined {
  if (words.length === 0) return undefined;
  for (const word of words) {
    if (!/^[^=]+=/.test(word)) throw new UserError(`--env expects NAME=VALUE, got ${word}`, 2);
  }
  return [...words];
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function write(stream: NodeJS.WriteStream, data: Buffer): Promise<void> {
  if (data.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) =>
    stream.write(data, (error) => (error ? reject(error) : resolve())),
  );
}
