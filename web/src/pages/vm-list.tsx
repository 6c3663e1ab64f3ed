/**
 * Every VM, live: state, sparklines, agent facts, uptime, thumbnail; filter,
 * sort, bulk actions. In a fleet, each VM's host too, and a filter by host.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { Sparkline } from '../components/sparkline.js';
import { api, can, errorMessage, type Role, type VmAction, type VmInfo } from '../lib/api.js';
import { hostOf } from '../lib/fleet.js';
import { bytes, duration, percent } from '../lib/format.js';
import { useLiveVms } from '../lib/live-vms.js';
import { href } from '../lib/route.js';
import { useVmExtras, type VmExtras } from '../lib/vm-extras.js';

type SortKey = 'name' | 'host' | 'state' | 'cpu' | 'memory' | 'uptime';
const BULK: VmAction[] = ['start', 'stop', 'pause', 'resume'];

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

function sortValue(vm: VmInfo, extras: VmExtras | undefined, key: SortKey): string | number {
  switch (key) {
    case 'name':
      return vm.name;
    case 'host':
      return hostOf(vm)?.name ?? '';
    case 'state':
      return vm.state;
    case 'cpu':
      return extras?.cpu.at(-1) ?? -1;
    case 'memory':
      return extras?.memory.at(-1) ?? -1;
    case 'uptime':
      return vm.startedAt ? -Date.parse(vm.startedAt) : Number.NEGATIVE_INFINITY;
  }
}

/**
 * A small screenshot, fetched again each tick while the VM runs (the daemon
 * throttles screendumps); a failed fetch (the VM is booting) shows nothing.
 */
function Thumbnail(props: { vm: VmInfo; tick: number }) {
  const [src, setSrc] = useState<string>();
  const { vm, tick } = props;
  const shows = vm.state === 'running' && vm.spec.vga !== 'none';
  useEffect(() => {
    if (!shows) return;
    let url: string | undefined;
    let cancelled = false;
    fetch(`/api/v1/vms/${encodeURIComponent(vm.id)}/screenshot?thumb=1`, { cache: 'no-store' })
      .then((response) => (response.ok ? response.blob() : undefined))
      .then((blob) => {
        if (!blob || cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      // The image keeps what it shows; the next tick's URL replaces this one.
      if (url) setTimeout(() => URL.revokeObjectURL(url!), 60_000);
    };
  }, [vm.id, shows, tick]);
  if (!shows || !src) return <span class="thumb none" />;
  return <img class="thumb" alt={`screen of ${vm.name}`} src={src} />;
}

export function VmListPage(props: { role: Role }) {
  const { vms, error, connected } = useLiveVms();
  const extras = useVmExtras(vms ?? [], can(props.role, 'vm.agent'));
  const [filter, setFilter] = useState('');
  const [hostFilter, setHostFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'name', up: true });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const now = useNow(5_000);
  const tick = Math.floor(now / 10_000);

  // A daemon in a fleet names each VM's host; alone, it names none.
  const hostNames = useMemo(
    () =>
      [...new Set((vms ?? []).flatMap((vm) => hostOf(vm)?.name ?? []))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [vms],
  );
  const inFleet = (vms ?? []).some((vm) => hostOf(vm) !== undefined);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const shown = (vms ?? []).filter(
      (vm) =>
        (!hostFilter || hostOf(vm)?.name === hostFilter) &&
        (!needle ||
          vm.name.toLowerCase().includes(needle) ||
          vm.state.includes(needle) ||
          (hostOf(vm)?.name.toLowerCase().includes(needle) ?? false) ||
          (extras[vm.id]?.facts?.ips ?? []).some((ip) => ip.includes(needle))),
    );
    const sign = sort.up ? 1 : -1;
    return shown.sort((a, b) => {
      const x = sortValue(a, extras[a.id], sort.key);
      const y = sortValue(b, extras[b.id], sort.key);
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
  }, [vms, extras, filter, hostFilter, sort]);

  const control = can(props.role, 'vm.control');
  const bulk = async (action: VmAction) => {
    setBusy(true);
    setActionError(undefined);
    try {
      const { results } = await api.bulkAction(action, [...selected]);
      const failed = results.filter((result) => !result.ok);
      if (failed.length)
        setActionError(
          failed
            .map((f) => `${vms?.find((vm) => vm.id === f.id)?.name ?? f.id}: ${f.error?.message}`)
            .join('; '),
        );
    } catch (cause) {
      setActionError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  };
  const header = (key: SortKey, label: string) => (
    <th>
      <button
        type="button"
        class="sort"
        onClick={() => setSort({ key, up: sort.key === key ? !sort.up : true })}
      >
        {label}
        {sort.key === key ? (sort.up ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
  const toggle = (id: string) =>
    setSelected((set) => {
      const next = new Set(set);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section>
      <div class="toolbar">
        <h1>Virtual machines</h1>
        <span class={connected ? 'live on' : 'live'} title="live updates from the daemon">
          {connected ? 'live' : 'reconnecting…'}
        </span>
        <input
          type="search"
          placeholder={
            inFleet ? 'Filter by name, state, host or IP' : 'Filter by name, state or IP'
          }
          value={filter}
          onInput={(e) => setFilter(e.currentTarget.value)}
        />
        {inFleet && (
          <select
            aria-label="host"
            data-testid="host-filter"
            value={hostFilter}
            onChange={(e) => setHostFilter(e.currentTarget.value)}
          >
            <option value="">All hosts</option>
            {hostNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        )}
        {control && (
          <span class="bulk">
            {BULK.map((action) => (
              <button
                type="button"
                key={action}
                disabled={busy || selected.size === 0}
                onClick={() => bulk(action)}
              >
                {action}
              </button>
            ))}
          </span>
        )}
      </div>
      <ErrorMessage text={error ?? actionError} />
      {vms === undefined ? (
        <p class="loading">Loading…</p>
      ) : (
        <table class="vms" data-testid="vm-table">
          <thead>
            <tr>
              {control && (
                <th>
                  <input
                    type="checkbox"
                    aria-label="select all"
                    checked={rows.length > 0 && rows.every((vm) => selected.has(vm.id))}
                    onChange={(e) =>
                      setSelected(
                        e.currentTarget.checked ? new Set(rows.map((vm) => vm.id)) : new Set(),
                      )
                    }
                  />
                </th>
              )}
              <th />
              {header('name', 'Name')}
              {inFleet && header('host', 'Host')}
              {header('state', 'State')}
              {header('cpu', 'CPU')}
              {header('memory', 'Memory')}
              <th>IPs</th>
              <th>OS</th>
              {header('uptime', 'Uptime')}
            </tr>
          </thead>
          <tbody>
            {rows.map((vm) => {
              const extra = extras[vm.id];
              const up = vm.state === 'running' || vm.state === 'paused';
              const host = hostOf(vm);
              return (
                <tr key={vm.id} data-vm={vm.name}>
                  {control && (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`select ${vm.name}`}
                        checked={selected.has(vm.id)}
                        onChange={() => toggle(vm.id)}
                      />
                    </td>
                  )}
                  <td>
                    <Thumbnail vm={vm} tick={tick} />
                  </td>
                  <td>
                    <a href={href('vms', vm.name)}>{vm.name}</a>
                  </td>
                  {inFleet && (
                    <td data-testid="host">
                      {host && (
                        <a href="#/hosts" class={host.up ? '' : 'down'}>
                          {host.name}
                          {host.up ? '' : ' (down)'}
                        </a>
                      )}
                    </td>
                  )}
                  <td>
                    <span class={`state ${vm.state}`} data-testid="state">
                      {vm.state}
                    </span>
                  </td>
                  <td title={percent(extra?.cpu.at(-1))}>
                    {up && <Sparkline values={extra?.cpu ?? []} max={1} label="CPU" />}
                  </td>
                  <td title={bytes(extra?.memory.at(-1))}>
                    {up && <Sparkline values={extra?.memory ?? []} label="memory" />}
                  </td>
                  <td>{up ? (extra?.facts?.ips.join(', ') ?? '') : ''}</td>
                  <td>{up ? (extra?.facts?.os ?? '') : ''}</td>
                  <td>{up && vm.startedAt ? duration(now - Date.parse(vm.startedAt)) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {vms?.length === 0 && <p class="muted">No VMs are defined on this host yet.</p>}
    </section>
  );
}
