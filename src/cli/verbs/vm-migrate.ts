/**
 * `qmon vm migrate NAME --to URI [--start NEW]`, `qmon vm save NAME FILE`,
 * `qmon vm restore FILE`. A saved VM is two files: FILE (QEMU's migration
 * stream: RAM and device state) and FILE.vm.json (the spec to boot it with).
 * The disks are not in either: they must stay as they were at the save.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listDisks } from '../../jobs/disk-nodes.js';
import { commitFile, partialPath } from '../../jobs/finished-file.js';
import {
  acceptMigration,
  checkMigrationUri,
  type MigrationOptions,
  type MigrationProgress,
  migrate as migrateTo,
  restoreFromFile,
  saveToFile,
} from '../../jobs/migration.js';
import type { VmSpec } from '../../launch/spec.js';
import type { Vm } from '../../launch/vm.js';
import { type CliContext, checkVmNameForTargets } from '../context.js';
import { UsageError, UserError } from '../errors.js';
import { parseJson } from '../json-command.js';
import { ProgressBar } from '../progress-bar.js';
import type { Options } from '../verb.js';
import type { timeoutJsonOptions, vmMigrateOptions, vmRestoreOptions } from '../verb-options.js';
import { withVm } from '../vm-connection.js';

type JsonOptions = { json: boolean };

const QUIT_MS = 10_000;

function progressOptions(
  context: CliContext,
  options: JsonOptions & { timeout: number | undefined },
  label: string,
) {
  const bar =
    !options.json && process.stderr.isTTY ? new ProgressBar(process.stderr, label) : undefined;
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once('SIGINT', onInterrupt);
  const migration: MigrationOptions = {
    signal: abort.signal,
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    onProgress: (progress) => {
      if (options.json) context.out(JSON.stringify({ progress }));
      else bar?.update(progress.transferred, progress.total || undefined);
    },
  };
  const done = (result?: MigrationProgress) => {
    process.off('SIGINT', onInterrupt);
    if (bar && result) bar.finish(result.transferred, result.total || undefined);
    else bar?.clear();
  };
  return { migration, done };
}

function report(
  context: CliContext,
  options: JsonOptions,
  text: string,
  result: MigrationProgress,
) {
  context.out(options.json ? JSON.stringify({ result }) : text);
}

/**
 * The VM's spec with each disk's current top image: a mirror or an external
 * snapshot moves a disk to another file, and the destination must open that one.
 */
async function currentSpec(vm: Vm): Promise<VmSpec> {
  const disks = await listDisks(vm.qmp);
  return {
    ...vm.spec,
    disks: vm.spec.disks.map((disk) => {
      const now = disks.find(
        (found) => found.qdev === disk.id || found.qdev.includes(`/${disk.id}/`),
      );
      return now && (now.format === 'qcow2' || now.format === 'raw')
        ? { ...disk, path: now.file, format: now.format }
        : disk;
    }),
  };
}

/** Ends the source QEMU once its state lives elsewhere. */
async function quit(vm: Vm): Promise<void> {
  await vm.qmp.execute('quit').catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    vm.exited.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), QUIT_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!exited) await vm.kill();
}

export function migrate(
  context: CliContext,
  [name]: string[],
  options: Options<typeof vmMigrateOptions>,
) {
  const to = options.to;
  const start = options.start;
  if (!to && !start) {
    throw new UsageError('give the destination: --to unix:PATH or --to tcp:HOST:PORT, or --start');
  }
  let uri = to === undefined ? undefined : checkMigrationUri(to);
  if (start) checkVmNameForTargets(start);
  return withVm(name!, async (vm) => {
    let destination: Vm | undefined;
    let arrived: Promise<MigrationProgress> | undefined;
    if (start) {
      const { Vm } = await import('../../launch/vm.js');
      destination = await Vm.start(
        { ...(await currentSpec(vm)), name: start, incoming: true },
        { detached: true },
      );
      // The new VM's folder is the one place a confined QEMU may create its socket in.
      uri ??= `unix:${join(destination.paths.dir, 'migrate.sock')}`;
      try {
        arrived = (await acceptMigration(destination.qmp, uri)).done;
      } catch (error) {
        await destination.kill().catch(() => {});
        throw error;
      }
      arrived.catch(() => {});
    }
    const target = uri!;
    const { migration, done } = progressOptions(context, options, `migrate ${vm.name}`);
    let result: MigrationProgress;
    try {
      result = await migrateTo(vm.qmp, target, migration);
      if (arrived) await arrived;
    } catch (error) {
      done();
      if (destination) await destination.kill().catch(() => {});
      throw error;
    }
    done(result);
    await destination?.detach();
    await quit(vm);
    report(
      context,
      options,
      `${vm.name}: migrated to ${start ?? target} in ${result.totalTimeMs} ms, downtime ${result.downtimeMs ?? '?'} ms`,
      result,
    );
    return 0;
  });
}

export function save(
  context: CliContext,
  [name, file]: string[],
  options: Options<typeof timeoutJsonOptions>,
) {
  return withVm(name!, async (vm) => {
    const specFile = `${file}.vm.json`;
    const partial = partialPath(specFile);
    await writeFile(partial, `${JSON.stringify(await currentSpec(vm), null, 2)}\n`, {
      mode: 0o600,
    });
    const { migration, done } = progressOptions(context, options, `save ${vm.name}`);
    let result: MigrationProgress;
    try {
      result = await saveToFile(vm.qmp, file!, migration);
    } catch (error) {
      done();
      await rm(partial, { force: true });
      throw error;
    }
    done(result);
    await commitFile(partial, specFile);
    await quit(vm);
    report(context, options, `${vm.name}: saved to ${file} and stopped`, result);
    return 0;
  });
}

export async function restore(
  context: CliContext,
  [file]: string[],
  options: Options<typeof vmRestoreOptions>,
) {
  const specFile = `${file}.vm.json`;
  let text: string;
  try {
    text = await readFile(specFile, 'utf8');
  } catch (error) {
    throw new UserError(
      `${specFile}: cannot read the saved VM's spec (${(error as Error).message})`,
    );
  }
  const saved = parseJson(text, specFile) as VmSpec;
  const name = options.name ?? saved.name;
  checkVmNameForTargets(name);
  const { Vm } = await import('../../launch/vm.js');
  const vm = await Vm.start({ ...saved, name, incoming: true, paused: false }, { detached: true });
  const { migration, done } = progressOptions(context, options, `restore ${name}`);
  try {
    const result = await restoreFromFile(vm.qmp, file!, migration);
    done(result);
    report(context, options, `${name}: restored from ${file}, running`, result);
  } catch (error) {
    done();
    await vm.kill().catch(() => {});
    throw error;
  } finally {
    await vm.detach();
  }
  return 0;
}
