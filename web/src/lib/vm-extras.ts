/**
 * What the list shows beside a VM's state: CPU and memory history (the
 * daemon's 10 s samples) and the agent's facts (IPs, OS) for running VMs.
 * Agent calls need the operator role: a viewer's list leaves them out.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type VmInfo } from './api.js';

export interface AgentFacts {
  os?: string;
  ips: string[];
}

export interface VmExtras {
  cpu: number[];
  memory: number[];
  facts?: AgentFacts;
}

const METRICS_EVERY_MS = 10_000;
const SPARK_POINTS = 30;

export async function agentFacts(vmId: string, timeoutMs = 3_000): Promise<AgentFacts> {
  const [os, interfaces] = await Promise.all([
    api.agent(vmId, 'guest-get-osinfo', undefined, timeoutMs).catch(() => undefined) as Promise<
      { 'pretty-name'?: string; name?: string; 'kernel-release'?: string } | undefined
    >,
    api
      .agent(vmId, 'guest-network-get-interfaces', undefined, timeoutMs)
      .catch(() => []) as Promise<
      { name: string; 'ip-addresses'?: { 'ip-address': string; 'ip-address-type': string }[] }[]
    >,
  ]);
  const ips = interfaces
    .filter((nic) => nic.name !== 'lo')
    .flatMap((nic) => (nic['ip-addresses'] ?? []).map((address) => address['ip-address']))
    .filter((ip) => !ip.startsWith('fe80'));
  const osName = os?.['pretty-name'] ?? os?.name;
  return { ...(osName ? { os: osName } : {}), ips };
}

export function useVmExtras(vms: VmInfo[], withAgent: boolean): Record<string, VmExtras> {
  const [extras, setExtras] = useState<Record<string, VmExtras>>({});
  const running = vms.filter((vm) => vm.state === 'running').map((vm) => vm.id);
  const key = running.join(',');
  const asked = useRef(new Set<string>());

  useEffect(() => {
    let stopped = false;
    const askAgent = () => {
      for (const id of running) {
        if (asked.current.has(id)) continue;
        asked.current.add(id);
        void agentFacts(id).then((facts) => {
          // No answer yet (the guest is booting): asked again at the next round.
          if (facts.ips.length === 0 && !facts.os) asked.current.delete(id);
          if (!stopped)
            setExtras((all) => ({ ...all, [id]: { cpu: [], memory: [], ...all[id], facts } }));
        });
      }
    };
    const load = async () => {
      if (withAgent) askAgent();
      await Promise.all(
        running.map(async (id) => {
          const metrics = await api.metrics(id, 'hour').catch(() => undefined);
          if (!metrics || stopped) return;
          const points = metrics.points.slice(-SPARK_POINTS);
          setExtras((all) => ({
            ...all,
            [id]: {
              ...all[id],
              cpu: points.map((p) => p.values.cpu ?? 0),
              memory: points.map((p) => p.values.rssBytes ?? 0),
            },
          }));
        }),
      );
    };
    void load();
    const timer = setInterval(load, METRICS_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [key, withAgent]);
  return extras;
}
