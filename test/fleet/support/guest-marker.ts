/**
 * A marker file in the demo guest, written before a migration and read after
 * it: the guest kept its state, not merely its name.
 */
import type { ApiClient } from '../../../src/api-client/client.js';
import { eventually } from './fleet.js';

const MARKER = '/tmp/marker';

export async function writeMarker(via: ApiClient, text: string): Promise<void> {
  await via.agent('demo', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', `echo ${text} > ${MARKER}`],
  });
}

/** The marker's text as the guest reads it now ('' when there is none yet). */
export async function readMarker(via: ApiClient): Promise<string> {
  const { pid } = (await via.agent('demo', 'guest-exec', {
    path: '/bin/sh',
    arg: ['-c', `cat ${MARKER}`],
    'capture-output': true,
  })) as { pid: number };
  return eventually(
    async () => {
      const status = (await via.agent('demo', 'guest-exec-status', { pid })) as {
        exited: boolean;
        'out-data'?: string;
      };
      return status.exited
        ? Buffer.from(status['out-data'] ?? '', 'base64')
            .toString()
            .trim()
        : undefined;
    },
    10_000,
    'cat in the guest',
  );
}
