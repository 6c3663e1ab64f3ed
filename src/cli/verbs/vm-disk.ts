/** `qmon vm disk mirror|snapshot|commit|stream|resize NAME DISK ...`: a running VM's disks. */
import * as operations from '../../jobs/disk-operations.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Options } from '../verb.js';
import type { speedJsonOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';
import { showJobProgress } from './vm-jobs.js';

type JsonOptions = { json: boolean };
type SpeedOptions = Options<typeof speedJsonOptions>;

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** `10G`, `512M`, `1048576`: bytes. */
export function parseSize(flag: string, value: unknown): number {
  const match = /^(\d+)([KMGT]?)(i?B)?$/i.exec(String(value));
  const bytes = match ? Number(match[1]) * UNITS[match[2]!.toUpperCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new UsageError(
      `${flag} expects a size such as 512M or 10G, got ${JSON.stringify(value)}`,
    );
  }
  return bytes;
}

export function speedOf(options: { speed: string | undefined }): { speed?: number } {
  return options.speed === undefined ? {} : { speed: parseSize('--speed', options.speed) };
}

/** Runs a job operation with its progress shown; returns once the display has finished too. */
async function withProgress<T>(
  context: CliContext,
  options: SpeedOptions,
  operation: (jobOptions: operations.JobOptions) => Promise<T>,
): Promise<T> {
  const shown: Promise<void>[] = [];
  try {
    return await operation({
      ...speedOf(options),
      onJob: (job) => shown.push(showJobProgress(context, job, options)),
    });
  } finally {
    await Promise.all(shown);
  }
}

function report(context: CliContext, options: JsonOptions, text: string, change: object) {
  context.out(options.json ? JSON.stringify({ result: change }) : text);
  return 0;
}

export function mirror(context: CliContext, [name, disk, file]: string[], options: SpeedOptions) {
  return withVm(name!, async (vm) => {
    const change = await withProgress(context, options, (o) =>
      operations.mirror(vm.qmp, disk!, file!, o),
    );
    return report(
      context,
      options,
      `${vm.name}: ${disk} now runs on ${file} (node ${change.after})`,
      change,
    );
  });
}

export function snapshot(context: CliContext, [name, disk, file]: string[], options: JsonOptions) {
  return withVm(name!, async (vm) => {
    const change = await operations.snapshot(vm.qmp, disk!, file!);
    return report(
      context,
      options,
      `${vm.name}: ${disk} writes to ${file} now (node ${change.after})`,
      change,
    );
  });
}

export function commit(context: CliContext, [name, disk]: string[], options: SpeedOptions) {
  return withVm(name!, async (vm) => {
    const change = await withProgress(context, options, (o) => operations.commit(vm.qmp, disk!, o));
    return report(
      context,
      options,
      `${vm.name}: committed ${change.before} into ${change.after}`,
      change,
    );
  });
}

export function stream(context: CliContext, [name, disk]: string[], options: SpeedOptions) {
  return withVm(name!, async (vm) => {
    const change = await withProgress(context, options, (o) => operations.stream(vm.qmp, disk!, o));
    return report(
      context,
      options,
      `${vm.name}: ${change.after} no longer needs its backing file`,
      change,
    );
  });
}

export function resize(context: CliContext, [name, disk, size]: string[], options: JsonOptions) {
  const bytes = parseSize('SIZE', size);
  return withVm(name!, async (vm) => {
    await operations.resize(vm.qmp, disk!, bytes);
    return report(context, options, `${vm.name}: ${disk} is now ${bytes} bytes`, { disk, bytes });
  });
}
