/** The daemon's typed client, as this page uses it (the browser's own session cookie). */
import { ApiClient, ApiError } from '../../../src/api-client/client.js';

export type * from '../../../src/api-client/types.js';

import type { ConsoleKind } from '../../../src/api-client/types.js';

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

/** A single-use ticket and the URL of a console stream (kind vnc: with its one-time password). */
export function consoleStream(
  vmId: string,
  kind: ConsoleKind,
): Promise<{ url: string; password?: string }> {
  return api.consoleStream(vmId, kind);
}
