/**
 * Every host of the fleet: up or down and since when, capacity, and the VMs
 * placed on it. Host records are not on the event WebSocket (they are
 * heartbeats), so the page asks again every POLL_MS while it is shown.
 */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { ApiError, api, errorMessage, type FleetHostInfo, type VmInfo } from '../lib/api.js';
import { heartbeatText, hostRows } from '../lib/fleet.js';
import { bytes } from '../lib/format.js';
import { href } from '../lib/route.js';

const POLL_MS = 5_000;

interface Snapshot {
  hosts: FleetHostInfo[];
  vms: VmInfo[];
  fetchedAt: number;
}

function useFleetSnapshot(): { snapshot?: Snapshot; error?: string; alone: boolean } {
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [error, setError] = useState<string>();
  const [alone, setAlone] = useState(false);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const [hosts, vms] = await Promise.all([api.listHosts(), api.listVms()]);
        if (stopped) return;
        setSnapshot({ hosts, vms, fetchedAt: Date.now() });
        setError(undefined);
      } catch (cause) {
        if (stopped) return;
        if (cause instanceof ApiError && cause.status === 404) {
          setAlone(true);
          return;
        }
        setError(errorMessage(cause));
      }
      // The next round once this one is answered: a slow daemon never gets two at once.
      if (!stopped) timer = setTimeout(load, POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return { ...(snapshot ? { snapshot } : {}), ...(error ? { error } : {}), alone };
}

export function HostsPage() {
  const { snapshot, error, alone } = useFleetSnapshot();
  if (alone)
    return (
      <section>
        <h1>Hosts</h1>
        <p class="muted">
          This daemon is not part of a fleet: its one host is on the <a href="#/host">Host</a> page.
        </p>
      </section>
    );
  const now = Date.now();
  return (
    <section>
      <div class="toolbar">
        <h1>Hosts</h1>
        <span class="muted">refreshed every {POLL_MS / 1000} s</span>
      </div>
      <ErrorMessage text={error} />
      {!snapshot ? (
        <p class="loading">Loading…</p>
      ) : (
        <table class="vms" data-testid="hosts-table">
          <thead>
            <tr>
              <th>Host</th>
              <th>Status</th>
              <th>CPUs</th>
              <th>Memory used</th>
              <th>VMs running / defined</th>
              <th>VMs</th>
            </tr>
          </thead>
          <tbody>
            {hostRows(snapshot.hosts, snapshot.vms).map(({ host, vms, running }) => (
              <tr key={host.id} data-host={host.name}>
                <td title={host.id}>
                  {host.name}
                  {host.version && <div class="muted">qmon {host.version}</div>}
                </td>
                <td>
                  <span class={`state ${host.up ? 'running' : 'crashed'}`} data-testid="host-state">
                    {host.up ? 'up' : 'down'}
                  </span>
                  <div class="muted">{heartbeatText(host, snapshot.fetchedAt, now)}</div>
                </td>
                <td>
                  {host.cpus > 0 && (
                    <>
                      {host.cpus}
                      <div class="muted">load {host.load1.toFixed(2)}</div>
                    </>
                  )}
                </td>
                <td>
                  {host.memoryTotal > 0 &&
                    `${bytes(host.memoryTotal - host.memoryFree)} of ${bytes(host.memoryTotal)}`}
                </td>
                <td data-testid="host-vm-count">
                  {running} / {vms.length}
                </td>
                <td>
                  <ul class="host-vms">
                    {vms.map((vm) => (
                      <li key={vm.id}>
                        <a href={href('vms', vm.name)}>{vm.name}</a>{' '}
                        <span class={`state ${vm.state}`}>{vm.state}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
