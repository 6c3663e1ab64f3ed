/** One VM: its actions above, and a tab for each view of it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { type ApiEvent, api, can, errorMessage, type Role, type VmInfo } from '../lib/api.js';
import { hostOf, isRunning } from '../lib/fleet.js';
import { followEvents } from '../lib/live-vms.js';
import { href } from '../lib/route.js';
import { VmActions } from '../vm/actions.js';
import { DevicesTab } from '../vm/devices.js';
import { EventsTab } from '../vm/events.js';
import { HmpConsole } from '../vm/hmp-console.js';
import { MetricsTab } from '../vm/metrics.js';
import { MigrateControl } from '../vm/migrate.js';
import { Overview } from '../vm/overview.js';
import { QmpEditor } from '../vm/qmp-editor.js';
import { SerialConsole } from '../vm/serial-console.js';
import { SnapshotsTab } from '../vm/snapshots.js';
import { VncConsole } from '../vm/vnc-console.js';

const TABS = [
  ['overview', 'Overview'],
  ['vnc', 'VNC'],
  ['serial', 'Serial'],
  ['hmp', 'HMP'],
  ['qmp', 'QMP'],
  ['snapshots', 'Snapshots'],
  ['devices', 'Devices'],
  ['metrics', 'Metrics'],
  ['events', 'Events'],
] as const;
type Tab = (typeof TABS)[number][0];

/** The VM, kept current by the event stream; its events as they come. */
function useLiveVm(id: string): {
  vm: VmInfo | undefined;
  error: string | undefined;
  live: ApiEvent[];
  reload: () => void;
} {
  const [vm, setVm] = useState<VmInfo>();
  const [error, setError] = useState<string>();
  const [live, setLive] = useState<ApiEvent[]>([]);
  const vmId = useRef<string>(undefined);
  const reload = useRef<() => void>(() => {});
  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      api.getVm(id).then(
        (found) => {
          vmId.current = found.id;
          setVm(found);
          setError(undefined);
        },
        (cause: unknown) => setError(errorMessage(cause)),
      );
    reload.current = () => void load();
    followEvents(
      {
        onReady: load,
        onEvent(event) {
          if (event.vmId !== vmId.current) return;
          setLive((events) => [...events.slice(-499), event]);
          const state = (event.data as { state?: string } | null)?.state;
          if (event.name === 'STATE' && state) {
            setVm((current) => current && { ...current, state });
            void load();
          }
        },
        onClosed() {},
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [id]);
  return { vm, error, live, reload: () => reload.current() };
}

export function VmPage(props: { id: string; tab: string | undefined; role: Role }) {
  const { vm, error, live, reload } = useLiveVm(props.id);
  const tab: Tab = TABS.some(([name]) => name === props.tab) ? (props.tab as Tab) : 'overview';
  if (!vm) return error ? <ErrorMessage text={error} /> : <p class="loading">Loading…</p>;
  const running = isRunning(vm);
  const host = hostOf(vm);
  const needsRunning = (view: preact.JSX.Element) =>
    running ? view : <p class="muted">The VM is {vm.state}: start it to use this.</p>;
  const tabs = TABS.filter(([name]) => name !== 'vnc' || vm.spec.vnc);
  let view: preact.JSX.Element;
  switch (tab) {
    case 'vnc':
      view = needsRunning(<VncConsole vm={vm} role={props.role} />);
      break;
    case 'serial':
      view = needsRunning(<SerialConsole vm={vm} role={props.role} />);
      break;
    case 'hmp':
      view = needsRunning(<HmpConsole vm={vm} />);
      break;
    case 'qmp':
      view = needsRunning(<QmpEditor vm={vm} />);
      break;
    case 'snapshots':
      view = <SnapshotsTab vm={vm} role={props.role} live={live} />;
      break;
    case 'devices':
      view = <DevicesTab vm={vm} role={props.role} />;
      break;
    case 'metrics':
      view = <MetricsTab vm={vm} />;
      break;
    case 'events':
      view = <EventsTab vm={vm} role={props.role} live={live} />;
      break;
    default:
      view = <Overview vm={vm} role={props.role} />;
  }
  return (
    <section class="vm-page">
      <div class="toolbar">
        <h1>{vm.name}</h1>
        <span class={`state ${vm.state}`} data-testid="vm-state">
          {vm.state}
        </span>
        {host && (
          <a href="#/hosts" class="muted" data-testid="vm-host">
            on {host.name}
            {host.up ? '' : ' (down)'}
          </a>
        )}
        {can(props.role, 'vm.control') && <VmActions vm={vm} />}
        {host && can(props.role, 'vm.define') && (
          <MigrateControl key={vm.id} vm={vm} onMoved={reload} />
        )}
      </div>
      <ErrorMessage text={error} />
      <nav class="tabs">
        {tabs.map(([name, label]) => (
          <a key={name} href={href('vms', vm.name, name)} class={name === tab ? 'active' : ''}>
            {label}
          </a>
        ))}
      </nav>
      <div class="tab-body">{view}</div>
    </section>
  );
}
