import { QmpClient } from '../qmp/qmp-client.js';
import type { CliContext } from './context.js';
import { UsageError } from './errors.js';

/** Opens the QMP connection a verb works on, with the CLI's conventions. */
export function connectQmp(
  context: CliContext,
  target: string,
  options: { timeout?: unknown } = {},
): Promise<QmpClient> {
  const timeout = options.timeout === undefined ? undefined : seconds(options.timeout);
  return QmpClient.connect(context.resolveTarget(target, 'qmp'), {
    ...(timeout === undefined ? {} : { timeout, connectTimeout: timeout }),
  });
}

/** `--timeout` seconds → milliseconds, validated. */
export function seconds(value: unknown): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) {
    throw new UsageError(`--timeout expects a number of seconds, got ${JSON.stringify(value)}`);
  }
  return number * 1000;
}
