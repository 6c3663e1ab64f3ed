/** What a listing shows of a guest, from its agent: the operating system and the addresses. */
import type { QgaClient } from './qga-client.js';

export interface GuestFacts {
  /** e.g. `Debian GNU/Linux 12 (bookworm)`, else the kernel (`Linux 6.1.0-28-cloud-amd64`). */
  os: string | null;
  /** The guest's IP addresses, loopback and link-local ones left out. */
  addresses: string[];
}

/** Asks the agent (each call bounded by `timeout` ms); a query it refuses is reported as unknown. */
export async function guestFacts(agent: QgaClient, timeout: number): Promise<GuestFacts> {
  const call = { timeout };
  const [os, interfaces] = await Promise.all([
    agent.execute('guest-get-osinfo', {}, call).catch(() => undefined),
    agent.execute('guest-network-get-interfaces', {}, call).catch(() => undefined),
  ]);
  const kernel = os?.['kernel-release']
    ? `${os['kernel-version'] ? 'Linux ' : ''}${os['kernel-release']}`
    : undefined;
  const addresses = (interfaces ?? [])
    .flatMap((iface) => iface['ip-addresses'] ?? [])
    .map((address) => address['ip-address'])
    .filter((ip) => !/^(127\.|::1$|fe80:)/i.test(ip));
  return { os: os?.['pretty-name'] ?? os?.name ?? kernel ?? null, addresses };
}
