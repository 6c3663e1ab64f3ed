import {
  AgentNotRespondingError,
  QgaCommandDisabledError,
  QgaCommandError,
  QgaCommandNotFoundError,
} from '../qga/errors.js';
import { QgaClient } from '../qga/qga-client.js';
import type { CliContext } from './context.js';
import { UserError } from './errors.js';
import { busyOr } from './qmp-connection.js';
import { preferDaemonAgent } from './vm-mux-socket.js';

/**
 * Opens the guest-agent connection a verb works on (for a VM name, the
 * daemon's `agent.sock` when a daemon owns the VM, else its `qga.sock`); an agent that does not answer because another client holds the
 * channel is reported as such (ChannelBusyError).
 */
export async function connectQga(
  context: CliContext,
  target: string,
  options: { timeout?: number | undefined } = {},
): Promise<QgaClient> {
  const timeout = options.timeout;
  const resolved = context.resolveTarget(target, 'qga');
  const connectOptions =
    timeout === undefined ? {} : { timeout, connectTimeout: timeout, syncTimeout: timeout };
  const viaDaemon = preferDaemonAgent(target, resolved);
  if (viaDaemon !== resolved) {
    try {
      return await QgaClient.connect(viaDaemon, connectOptions);
    } catch (error) {
      // A proxy left behind by a daemon that died only refuses: go to the agent itself.
      const code = (error as { code?: string }).code;
      if (code !== 'CONNECTION_REFUSED' && code !== 'TARGET_NOT_FOUND') throw error;
    }
  }
  try {
    return await QgaClient.connect(resolved, connectOptions);
  } catch (error) {
    throw busyOr(error, AgentNotRespondingError, resolved, 'agent');
  }
}

/** Connects, runs `work`, closes; the agent's own errors become one clear line. */
export async function withAgent<T>(
  context: CliContext,
  target: string,
  options: { timeout?: number | undefined },
  work: (client: QgaClient) => Promise<T>,
): Promise<T> {
  const client = await connectQga(context, target, options);
  try {
    return await work(client);
  } catch (error) {
    throw explainAgentError(error);
  } finally {
    await client.close();
  }
}

/** An agent error reply as a one-line UserError; anything else unchanged. */
export function explainAgentError(error: unknown): unknown {
  if (error instanceof QgaCommandDisabledError) {
    const why = error.reason ? `: ${error.reason}` : '';
    return new UserError(
      `${error.command}: disabled in this guest agent${why} (qemu-ga --block-rpcs, or frozen filesystems)`,
    );
  }
  if (error instanceof QgaCommandNotFoundError) {
    return new UserError(`${error.command}: this guest agent has no such command (${error.desc})`);
  }
  if (error instanceof QgaCommandError) {
    return new UserError(`${error.command}: ${error.desc} (${error.errorClass})`);
  }
  return error;
}

/** `--timeout` as call options for one agent request. */
export function callTimeout(options: { timeout?: number | undefined }): { timeout?: number } {
  return options.timeout === undefined ? {} : { timeout: options.timeout };
}
