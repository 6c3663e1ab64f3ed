import type { MuxListenerOptions } from '../../mux/mux.js';
import { startMux } from '../../mux/mux.js';
import type { CliContext } from '../context.js';
import { UserError } from '../errors.js';
import { vmMuxListeners } from '../vm-connection.js';

export async function run(
  context: CliContext,
  [target]: string[],
  options: Record<string, unknown>,
) {
  const policy = {
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.deny ? { deny: options.deny as string[] } : {}),
    ...(options.allowQuit ? { allowQuit: true } : {}),
  };
  const listen: MuxListenerOptions[] = [
    ...((options.listen as string[] | undefined) ?? []).map((address) => ({
      address,
      protocol: 'qmp' as const,
      ...policy,
    })),
    ...((options.hmp as string[] | undefined) ?? []).map((address) => ({
      address,
      protocol: 'hmp' as const,
      ...policy,
    })),
  ];
  if (listen.length === 0) throw new UserError('give at least one --listen or --hmp address', 2);
  const mux = await startMux({
    upstream: context.resolveTarget(target!, 'qmp'),
    listen: [...listen, ...vmMuxListeners(target!)],
    reconnect: options.wait === true,
    ...(options.log ? { trafficLog: options.log as string } : {}),
    log: (message) => context.err(`qmon mux: ${message}`),
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
  return 1;
}
