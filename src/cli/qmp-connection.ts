import { ChannelBusyError } from '../launch/errors.js';
import { socketHasClient } from '../launch/socket-clients.js';
import { NoGreetingError } from '../qmp/errors.js';
import { QmpClient } from '../qmp/qmp-client.js';
import type { CliContext } from './context.js';
import { preferVmMux } from './vm-mux-socket.js';

/**
 * Opens the QMP connection a verb works on, with the CLI's conventions: a VM
 * whose monitor a `qmon mux` holds is reached through that mux; a monitor held
 * by another client is reported as such (ChannelBusyError), not as a timeout.
 */
export async function connectQmp(
  context: CliContext,
  target: string,
  options: { timeout?: number | undefined; trafficLog?: string } = {},
): Promise<QmpClient> {
  const { timeout } = options;
  const connectOptions = {
    ...(timeout === undefined ? {} : { timeout, connectTimeout: timeout }),
    ...(options.trafficLog === undefined ? {} : { trafficLog: options.trafficLog }),
  };
  const resolved = context.resolveTarget(target, 'qmp');
  const viaMux = preferVmMux(target, resolved);
  if (viaMux !== resolved) {
    try {
      return await QmpClient.connect(viaMux, connectOptions);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'CONNECTION_REFUSED' && code !== 'TARGET_NOT_FOUND') throw error;
    }
  }
  try {
    return await QmpClient.connect(resolved, connectOptions);
  } catch (error) {
    throw busyOr(error, NoGreetingError, resolved, 'monitor');
  }
}

/**
 * `error` as a ChannelBusyError when it is a `kind` (a wait that came to
 * nothing) on a unix socket that another client is connected to.
 */
export function busyOr(
  error: unknown,
  kind: abstract new (...args: never[]) => Error,
  target: string,
  channel: 'monitor' | 'agent',
): unknown {
  if (!(error instanceof kind) || target.startsWith('tcp:')) return error;
  const path = target.startsWith('unix:') ? target.slice('unix:'.length) : target;
  return socketHasClient(path) ? new ChannelBusyError(channel, path, { cause: error }) : error;
}
