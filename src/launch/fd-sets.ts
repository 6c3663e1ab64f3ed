/**
 * Files handed to a running QEMU over QMP: each opened layer's fds go into
 * one fd set with `add-fd` (SCM_RIGHTS), its path as the set's `opaque`, so
 * `blockdev-add` can open `/dev/fdset/S` and `query-fdsets` names the file.
 */
import type { QmpClient } from '../qmp/qmp-client.js';
import type { LayerFiles } from './disk-files.js';

/** Passes each layer's fds to QEMU, one fd set per layer; resolves with the sets, in order. */
export async function passFdSets(
  qmp: QmpClient,
  layers: readonly LayerFiles[],
  options: { timeout?: number } = {},
): Promise<number[]> {
  const sets: number[] = [];
  try {
    for (const layer of layers) {
      let set: number | undefined;
      for (const handle of layer.handles) {
        const info = await qmp.executeWithFds(
          'add-fd',
          [handle.fd],
          { ...(set !== undefined ? { 'fdset-id': set } : {}), opaque: layer.path },
          options,
        );
        if (set === undefined) {
          set = Number(info['fdset-id']);
          sets.push(set);
        }
      }
    }
    return sets;
  } catch (error) {
    await removeFdSets(qmp, sets);
    throw error;
  }
}

/** Removes fd sets (QEMU frees each once no node uses it); errors are ignored. */
export async function removeFdSets(qmp: QmpClient, sets: readonly number[]): Promise<void> {
  for (const set of sets) {
    await qmp.execute('remove-fd', { 'fdset-id': set }).catch(() => {});
  }
}

/** The fd set a `/dev/fdset/S` filename names, or undefined for a plain path. */
export function fdSetOf(filename: string): number | undefined {
  const set = /^\/dev\/fdset\/(\d+)$/.exec(filename)?.[1];
  return set === undefined ? undefined : Number(set);
}

/** The real path behind `/dev/fdset/S` (the set's `opaque`); other filenames as they are. */
export async function realPathOf(qmp: QmpClient, filename: string): Promise<string> {
  const set = fdSetOf(filename);
  if (set === undefined) return filename;
  const sets = await qmp.execute('query-fdsets');
  const found = sets.find((info) => info['fdset-id'] === set);
  const opaque = found?.fds.find((fd) => fd.opaque !== undefined)?.opaque;
  return opaque ?? filename;
}
