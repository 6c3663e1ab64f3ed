import { CommandTimeoutError, ProtocolError } from '../session/errors.js';
import type { QapiSession } from '../session/qapi-session.js';
import { RESET_BYTE } from '../wire/encoder.js';
import { AgentNotRespondingError } from './errors.js';
import { randomSyncId } from './request-ids.js';

export interface SyncOptions {
  timeout: number;
  signal?: AbortSignal | undefined;
  /** How to name the agent in errors. */
  target: string;
}

/**
 * Brings the channel to a known state: sends 0xFF (the agent drops any partial
 * request it holds) and `guest-sync-delimited` with a fresh random id. The agent
 * answers with 0xFF (our decoder drops any partial reply) and then the id.
 * Complete replies left over from earlier requests carry ids nobody waits for,
 * so the session drops them; the agent's complaint about our 0xFF
 * (`JSON parse error, stray '\uFFFD'`, without an id) is dropped the same way.
 *
 * A timeout becomes AgentNotRespondingError; an abort stays CommandAbortedError.
 */
export async function syncAgent(session: QapiSession, options: SyncOptions): Promise<void> {
  const id = randomSyncId();
  let delimiterSeen = false;
  const stopWatching = session.onReset(() => {
    delimiterSeen = true;
  });
  try {
    session.writeBytes(RESET_BYTE);
    const value = await session.request(
      'guest-sync-delimited',
      { id },
      { timeout: options.timeout, ...(options.signal ? { signal: options.signal } : {}) },
    );
    if (value !== id)
      throw new ProtocolError(
        `${options.target}: guest-sync-delimited returned ${JSON.stringify(value)}, expected ${id}`,
      );
    if (!delimiterSeen)
      throw new ProtocolError(
        `${options.target}: the guest-sync-delimited reply came without the 0xFF delimiter (not qemu-ga?)`,
      );
  } catch (error) {
    if (error instanceof CommandTimeoutError)
      throw new AgentNotRespondingError(options.target, options.timeout);
    throw error;
  } finally {
    stopWatching();
  }
}
