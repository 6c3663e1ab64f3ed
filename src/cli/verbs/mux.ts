import { InvalidOptionError, MuxListenError } from '../../mux/errors.js';
import type { MuxListenerOptions } from '../../mux/mux.js';
import { startMux } from '../../mux/mux.js';
import type { CliContext } from '../context.js';
import { EXIT, UserError } from '../errors.js';
import type { Options } from '../verb.js';
import type { muxOptions } from '../verb-options.js';
import { vmMuxListeners } from '../vm-mux-socket.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Options<typeof muxOptions>,
) {
  const policy = {
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.allow.length > 0 ? { allow: options.allow } : {}),
    ...(options.deny.length > 0 ? { deny: options.deny } : {}),
    ...(options.allowQuit ? { allowQuit: true } : {}),
    ...(options.tlsCreds ? { tls: options.tlsCreds } : {}),
    ...(options.tokenFile ? { tokenFile: options.tokenFile } : {}),
    ...(options.insecure ? { insecure: true } : {}),
  };
  const group = options.group;
  const unixOnly = (address: string) => (group && !address.startsWith('tcp:') ? { group } : {});
  const listen: MuxListenerOptions[] = [
    ...options.listen.map((address) => ({
      address,
      protocol: 'qmp' as const,
      ...policy,
      ...unixOnly(address),
    })),
    ...options.hmp.map((address) => ({
      address,
      protocol: 'hmp' as const,
      ...policy,
      ...unixOnly(address),
    })),
  ];
  if (listen.length === 0) throw new UserError('give at least one --listen or --hmp address', 2);
  const mux = await startMux({
    upstream: context.resolveTarget(target!, 'qmp'),
    listen: [...listen, ...vmMuxListeners(target!)],
    reconnect: options.wait,
    ...(options.log ? { trafficLog: options.log } : {}),
    log: (message) => context.err(`qmon mux: ${message}`),
  }).catch((error: unknown) => {
    // A listener that may not or cannot be opened as asked is a usage error.
    if (
      error instanceof InvalidOptionError ||
      (error instanceof MuxListenError && error.code !== 'LISTEN_FAILED')
    )
      throw new UserError(error.message, 2);
    throw error;
  });
  for (const listener of mux.listeners)
    context.err(`qmon mux: ${listener.protocol.toUpperCase()} clients on ${listener.address}`);
  const stop = () => void mux.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const reason = await mux.closed;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (reason.kind === 'closed') return 0;
  context.err(`qmon mux: lost QEMU: ${reason.error.message}`);
  return EXIT.failure;
}
