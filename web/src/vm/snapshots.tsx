/** Internal snapshots: list, create, revert, delete, with the job's progress from the events. */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import {
  type ApiEvent,
  api,
  can,
  errorMessage,
  type Role,
  type SnapshotInfo,
  type VmInfo,
} from '../lib/api.js';
import { bytes, time } from '../lib/format.js';

export function SnapshotsTab(props: { vm: VmInfo; role: Role; live: ApiEvent[] }) {
  const { vm } = props;
  const [snapshots, setSnapshots] = useState<SnapshotInfo[]>();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  // Snapshots are taken, reverted and deleted by the running QEMU; a stopped VM's are only listed.
  const control =
    can(props.role, 'vm.control') && (vm.state === 'running' || vm.state === 'paused');
  const reload = () =>
    api.listSnapshots(vm.id).then(setSnapshots, (cause: unknown) => setError(errorMessage(cause)));
  useEffect(() => {
    void reload();
  }, [vm.id, vm.state]);

  const run = async (label: string, action: () => Promise<unknown>) => {
    setBusy(label);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
      setDone(`${label}: done`);
      await reload();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(undefined);
    }
  };
  // QEMU's job events (JOB_STATUS_CHANGE) show how far a running snapshot job is.
  const progress = props.live
    .filter((event) => event.name === 'JOB_STATUS_CHANGE')
    .slice(-1)
    .map((event) => (event.data as { status?: string; id?: string }) ?? {})[0];

  return (
    <div class="card">
      {control && (
        <form
          class="inline"
          onSubmit={(event) => {
            event.preventDefault();
            void run(`create ${name}`, () => api.saveSnapshot(vm.id, name)).then(() => setName(''));
          }}
        >
          <input
            data-testid="snapshot-name"
            placeholder="snapshot tag"
            value={name}
            required
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" disabled={busy !== undefined}>
            Create snapshot
          </button>
        </form>
      )}
      {busy && (
        <p class="progress" role="status">
          {busy}… {progress ? `(job ${progress.id}: ${progress.status})` : ''}
        </p>
      )}
      {done && !busy && <p role="status">{done}</p>}
      <ErrorMessage text={error} />
      <table data-testid="snapshots">
        <thead>
          <tr>
            <th>Name</th>
            <th>Taken</th>
            <th>VM state</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(snapshots ?? []).map((snapshot) => (
            <tr key={snapshot.tag} data-snapshot={snapshot.tag}>
              <td>{snapshot.tag}</td>
              <td>{snapshot.date ? time(snapshot.date) : ''}</td>
              <td>{bytes(snapshot.vmStateBytes)}</td>
              <td>
                {control && (
                  <>
                    <button
                      type="button"
                      disabled={busy !== undefined}
                      onClick={() =>
                        confirm(
                          `Revert ${vm.name} to ${snapshot.tag}? Its current state is lost.`,
                        ) &&
                        run(`revert to ${snapshot.tag}`, () =>
                          api.revertSnapshot(vm.id, snapshot.tag),
                        )
                      }
                    >
                      Revert
                    </button>
                    <button
                      type="button"
                      class="danger"
                      disabled={busy !== undefined}
                      onClick={() =>
                        confirm(`Delete snapshot ${snapshot.tag}?`) &&
                        run(`delete ${snapshot.tag}`, () => api.deleteSnapshot(vm.id, snapshot.tag))
                      }
                    >
                      Delete
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {snapshots?.length === 0 && <p class="muted">No snapshots.</p>}
    </div>
  );
}
