/** The VM's definition and state, and what its guest agent says (operator role and up). */
import { useEffect, useState } from 'preact/hooks';
import { ErrorMessage } from '../components/message.js';
import { api, can, errorMessage, type Role, type VmInfo } from '../lib/api.js';
import { bytes, duration } from '../lib/format.js';

interface GuestFacts {
  os?: { 'pretty-name'?: string; 'kernel-release'?: string };
  hostname?: string;
  interfaces: {
    name: string;
    'hardware-address'?: string;
    'ip-addresses'?: { 'ip-address': string; prefix: number }[];
  }[];
  users: { user: string; 'login-time': number }[];
  filesystems: {
    mountpoint: string;
    type: string;
    'used-bytes'?: number;
    'total-bytes'?: number;
  }[];
}

async function guestFacts(id: string): Promise<GuestFacts> {
  const call = <T,>(command: string, fallback: T) =>
    (api.agent(id, command, undefined, 5_000) as Promise<T>).catch(() => fallback);
  const [os, host, interfaces, users, filesystems] = await Promise.all([
    call<GuestFacts['os']>('guest-get-osinfo', undefined),
    call<{ 'host-name'?: string }>('guest-get-host-name', {}),
    call<GuestFacts['interfaces']>('guest-network-get-interfaces', []),
    call<GuestFacts['users']>('guest-get-users', []),
    call<GuestFacts['filesystems']>('guest-get-fsinfo', []),
  ]);
  return {
    ...(os ? { os } : {}),
    ...(host['host-name'] ? { hostname: host['host-name'] } : {}),
    interfaces,
    users,
    filesystems,
  };
}

export function Overview(props: { vm: VmInfo; role: Role }) {
  const { vm } = props;
  const [facts, setFacts] = useState<GuestFacts>();
  const [error, setError] = useState<string>();
  const agentAllowed = can(props.role, 'vm.agent') && vm.spec.guestAgent;
  useEffect(() => {
    if (!agentAllowed || vm.state !== 'running') return;
    guestFacts(vm.id).then(setFacts, (cause: unknown) => setError(errorMessage(cause)));
  }, [vm.id, vm.state, agentAllowed]);
  const spec = vm.spec;
  return (
    <div class="overview">
      <dl class="card">
        <dt>State</dt>
        <dd>{vm.state}</dd>
        <dt>Uptime</dt>
        <dd>{vm.startedAt ? duration(Date.now() - Date.parse(vm.startedAt)) : '–'}</dd>
        <dt>PID</dt>
        <dd>{vm.pid ?? '–'}</dd>
        <dt>Machine</dt>
        <dd>
          {spec.machine ?? 'default'} · {spec.accel ?? 'tcg'} · {spec.cpus ?? 1} vCPU ·{' '}
          {spec.memoryMiB ?? 128} MiB
        </dd>
        <dt>Boot</dt>
        <dd>{spec.kernel ? `kernel ${spec.kernel}` : 'firmware (disks)'}</dd>
        <dt>Disks</dt>
        <dd>{(spec.disks ?? []).map((d) => d.path).join(', ') || 'none'}</dd>
        <dt>NICs</dt>
        <dd>{(spec.nics ?? []).map((n) => n.id ?? n.model ?? 'nic').join(', ') || 'none'}</dd>
        <dt>Autostart</dt>
        <dd>{vm.autostart ? 'yes' : 'no'}</dd>
        <dt>Restart</dt>
        <dd>{vm.restart.policy}</dd>
      </dl>
      <div class="card">
        <h2>Guest</h2>
        {!vm.spec.guestAgent && <p class="muted">No guest agent channel in this VM's spec.</p>}
        {vm.spec.guestAgent && !can(props.role, 'vm.agent') && (
          <p class="muted">The guest agent needs the operator role.</p>
        )}
        <ErrorMessage text={error} />
        {facts && (
          <dl data-testid="guest-facts">
            <dt>OS</dt>
            <dd>
              {facts.os?.['pretty-name'] ?? '–'} {facts.os?.['kernel-release']}
            </dd>
            <dt>Hostname</dt>
            <dd>{facts.hostname ?? '–'}</dd>
            <dt>Interfaces</dt>
            <dd>
              {facts.interfaces
                .filter((nic) => nic.name !== 'lo')
                .map((nic) => (
                  <div key={nic.name} data-nic={nic.name}>
                    {nic.name} {nic['hardware-address']}{' '}
                    {(nic['ip-addresses'] ?? [])
                      .map((a) => `${a['ip-address']}/${a.prefix}`)
                      .join(' ')}
                  </div>
                ))}
            </dd>
            <dt>Users</dt>
            <dd>{facts.users.map((u) => u.user).join(', ') || '–'}</dd>
            <dt>Filesystems</dt>
            <dd>
              {facts.filesystems.map((fs) => (
                <div key={fs.mountpoint}>
                  {fs.mountpoint} ({fs.type}){' '}
                  {fs['total-bytes'] !== undefined &&
                    `${bytes(fs['used-bytes'])} of ${bytes(fs['total-bytes'])}`}
                </div>
              ))}
              {facts.filesystems.length === 0 && '–'}
            </dd>
          </dl>
        )}
      </div>
    </div>
  );
}
