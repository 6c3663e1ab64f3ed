/**
 * "Migrate to…" for an admin in a fleet, offered while the VM runs: a picker
 * of the other hosts that are up, then the migration's progress (polled from the VM's host while the
 * request runs) with a Cancel that leaves the VM running where it was.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import {
  api,
  errorMessage,
  type FleetHostInfo,
  type MigrationProgressInfo,
  type VmInfo,
} from '../lib/api.js';
import { isRunning, migrationFraction, migrationTargets } from '../lib/fleet.js';
import { bytes, percent } from '../lib/format.js';

const PROGRESS_EVERY_MS = 500;

type Phase =
  | { kind: 'idle' }
  | { kind: 'picking'; targets: FleetHostInfo[] }
  | { kind: 'migrating'; to: string; progress: MigrationProgressInfo | null; cancelling: boolean }
  | { kind: 'done'; outcome: string };

export function MigrateControl(props: { vm: VmInfo; onMoved: () => void }) {
  const { vm } = props;
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string>();
  const cancelled = useRef(false);
  const migrating = phase.kind === 'migrating';

  useEffect(() => {
    if (!migrating) return;
    const timer = setInterval(() => {
      api.migration(vm.id).then(
        (progress) =>
          progress && setPhase((now) => (now.kind === 'migrating' ? { ...now, progress } : now)),
        () => {},
      );
    }, PROGRESS_EVERY_MS);
    return () => clearInterval(timer);
  }, [migrating, vm.id]);

  const pick = async () => {
    setError(undefined);
    try {
      setPhase({ kind: 'picking', targets: migrationTargets(await api.listHosts(), vm.hostId) });
    } catch (cause) {
      setError(errorMessage(cause));
    }
  };
  const start = async (to: string) => {
    setError(undefined);
    setPhase({ kind: 'migrating', to, progress: null, cancelling: false });
    cancelled.current = false;
    try {
      const result = await api.migrateVm(vm.id, to);
      const outcome = `Migrated to ${to} (downtime ${result.downtimeMs ?? '?'} ms)`;
      setPhase({ kind: 'done', outcome });
      props.onMoved();
    } catch (cause) {
      if (cancelled.current) {
        setPhase({ kind: 'done', outcome: `Migration cancelled: the VM runs where it was` });
        return;
      }
      setError(errorMessage(cause));
      setPhase({ kind: 'idle' });
    }
  };
  const cancel = () => {
    cancelled.current = true;
    setPhase((now) => (now.kind === 'migrating' ? { ...now, cancelling: true } : now));
    api.cancelMigration(vm.id).catch((cause: unknown) => {
      cancelled.current = false;
      setError(errorMessage(cause));
    });
  };

  return (
    <span class="migrate" data-testid="migrate">
      {(phase.kind === 'idle' || phase.kind === 'done') && isRunning(vm) && (
        <button type="button" onClick={pick}>
          Migrate to…
        </button>
      )}
      {phase.kind === 'picking' && (
        <MigratePicker
          targets={phase.targets}
          onPick={start}
          onClose={() => setPhase({ kind: 'idle' })}
        />
      )}
      {phase.kind === 'migrating' && (
        <span class="migrating" role="status">
          Migrating to {phase.to}…{' '}
          <progress
            max={1}
            {...(migrationFraction(phase.progress) === undefined
              ? {}
              : { value: migrationFraction(phase.progress) })}
          />{' '}
          {phase.progress &&
            `${percent(migrationFraction(phase.progress))} of ${bytes(phase.progress.total)} RAM, ${bytes(phase.progress.transferred)} sent`}{' '}
          <button
            type="button"
            class="danger"
            disabled={phase.cancelling}
            onClick={cancel}
            data-testid="cancel-migration"
          >
            {phase.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </span>
      )}
      {phase.kind === 'done' && (
        <span class="notice" role="status">
          {phase.outcome}
        </span>
      )}
      <ErrorMessage text={error} />
    </span>
  );
}

function MigratePicker(props: {
  targets: FleetHostInfo[];
  onPick: (to: string) => void;
  onClose: () => void;
}) {
  const [to, setTo] = useState(props.targets[0]?.name ?? '');
  if (props.targets.length === 0)
    return (
      <span class="muted">
        No other host is up.{' '}
        <button type="button" class="link" onClick={props.onClose}>
          Close
        </button>
      </span>
    );
  return (
    <form
      class="inline"
      onSubmit={(event) => {
        event.preventDefault();
        props.onPick(to);
      }}
    >
      <select
        aria-label="destination host"
        value={to}
        onChange={(e) => setTo(e.currentTarget.value)}
      >
        {props.targets.map((host) => (
          <option key={host.id} value={host.name}>
            {host.name} ({bytes(host.memoryFree)} free)
          </option>
        ))}
      </select>
      <button type="submit">Migrate</button>
      <button type="button" onClick={props.onClose}>
        Close
      </button>
    </form>
  );
}
