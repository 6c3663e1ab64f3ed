/**
 * `qmon vm migrate NAME --to HOST` through a daemon of a fleet: the VM's host
 * live-migrates it to HOST (shared storage). Progress is polled from the
 * VM's host; Ctrl-C cancels the migration, and the VM keeps running where it was.
 */
import type { ApiClient } from '../../../api-client/index.js';
import type { MigrationProgress } from '../../../jobs/migration.js';
import type { CliContext } from '../../context.js';
import { daemonClient } from '../../daemon/connection.js';
import { UsageError, UserError } from '../../errors.js';
import { printable } from '../../printable.js';
import { ProgressBar } from '../../progress-bar.js';

const POLL_MS = 500;
/** A migration of a big guest over a slow link takes long; --timeout bounds it otherwise. */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export async function migrate(
  context: CliContext,
  [name]: string[],
  options: Record<string, unknown>,
): Promise<number> {
  const to = options.to as string | undefined;
  if (!name || !to || to.includes(':') || options.start !== undefined)
    throw new UsageError(
      'through a daemon: qmon vm migrate NAME --to HOST (a host of the fleet, by name or id)',
    );
  const timeout = (options.timeout as number | undefined) ?? DEFAULT_TIMEOUT_MS;
  const api = await daemonClient(context.daemon!, { timeout });
  const path = `/vms/${encodeURIComponent(name)}`;
  const json = options.json === true;
  const bar = !json && process.stderr.isTTY ? new ProgressBar(process.stderr, name) : undefined;
  let interrupted = false;
  const onInterrupt = () => {
    interrupted = true;
    void api.request('DELETE', `${path}/migration`).catch(() => {});
  };
  process.once('SIGINT', onInterrupt);
  const sending = api.request<MigrationProgress>('POST', `${path}/migrate`, { to });
  const polling = pollProgress(api, path, sending, (progress) => {
    if (json) context.out(JSON.stringify({ progress }));
    else bar?.update(progress.transferred, progress.total || undefined);
  });
  try {
    const result = await sending;
    if (bar) bar.finish(result.transferred, result.total || undefined);
    if (json) context.out(JSON.stringify({ result }));
    else
      context.out(
        `migrated ${printable(name)} to ${printable(to)} (downtime ${result.downtimeMs ?? '?'} ms)`,
      );
    return 0;
  } catch (error) {
    bar?.clear();
    if (interrupted)
      throw new UserError(`migration of ${name} cancelled; it keeps running where it was`, 130);
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    await polling;
  }
}

/** Reports progress until `done` settles. */
async function pollProgress(
  api: ApiClient,
  path: string,
  done: Promise<unknown>,
  report: (progress: MigrationProgress) => void,
): Promise<void> {
  let finished = false;
  void done.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!finished) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (finished) return;
    const { progress } = await api
      .request<{ progress: MigrationProgress | null }>('GET', `${path}/migration`)
      .catch(() => ({ progress: null }));
    if (progress && !finished) report(progress);
  }
}
