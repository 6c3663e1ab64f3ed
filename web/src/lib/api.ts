/** The daemon's typed client, as this page uses it (the browser's own session cookie). */
import { ApiClient, ApiError } from '../../../src/api-client/client.js';

export type * from '../../../src/api-client/types.js';
export { can, type Permission } from './roles.js';
export { ApiError };

export const api = new ApiClient({ baseUrl: location.origin });

/** One clear sentence for anything thrown by a call. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `Not allowed: ${error.message.replace(/^\d+ \w+: /, '')}`;
    return error.message.replace(/^\d+ (\w+): /, '$1: ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export type ConsoleKind = 'serial' | 'hmp' | 'qmp' | 'vnc';

export interface ConsoleTicket {
  ticket: string;
  expiresAt: number;
  /** kind vnc: the one-time VNC password the daemon set through QMP. */
  password?: string;
}

/** A single-use ticket and the URL of a console stream of one VM. */
export async function consoleStream(
  vmId: string,
  kind: ConsoleKind,
): Promise<{ url: string; password?: string }> {
  const ticket = await api.request<ConsoleTicket>(
    'POST',
    `/vms/${encodeURIComponent(vmId)}/tickets`,
    { kind },
  );
  const url = new URL(`/api/v1/vms/${encodeURIComponent(vmId)}/console/${kind}`, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ticket', ticket.ticket);
  return { url: url.toString(), ...(ticket.password ? { password: ticket.password } : {}) };
}
