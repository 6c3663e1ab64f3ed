import { MuxListenError } from '../../mux/errors.js';
import { startReplayServer } from '../../replay/replay-server.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import type { Options } from '../verb.js';
import type { replayOptions } from '../verb-options.js';

export async function run(
  context: CliContext,
  [log]: string[],
  options: Options<typeof replayOptions>,
) {
  if (typeof options.listen !== 'string') throw new UserError('replay needs --listen ADDRESS', 2);
  const server = await startReplayServer({
    log: log!,
    listen: options.listen,
    ...(options.client ? { client: options.client } : {}),
    ...(options.tlsCreds ? { tls: options.tlsCreds } : {}),
    ...(options.tokenFile ? { tokenFile: options.tokenFile } : {}),
    ...(options.insecure ? { insecure: true } : {}),
    warn: (message) => context.err(`qmon replay: ${message}`),
  }).catch((error: unknown) => {
    // A listener that may not or cannot be opened as asked is a usage error.
    if (error instanceof MuxListenError && error.code !== 'LISTEN_FAILED')
      throw new UserError(error.message, 2);
    throw error;
  });
  context.err(
    `qmon replay: serving ${server.recording.exchanges.length} recorded exchanges on ${server.address}; Ctrl-C to stop`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
