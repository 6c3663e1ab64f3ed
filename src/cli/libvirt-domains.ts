import { existsSync } from 'node:fs';
import { LIBVIRT_TARGET_PREFIX, libvirtDomainName } from '../libvirt/channel-target.js';
import { DOMAIN_STATES, LibvirtConnection } from '../libvirt/libvirt-connection.js';
import { defaultLibvirtUri, parseLibvirtUri } from '../libvirt/uri.js';

export { libvirtDomainName };

/** Connects to the libvirt of `--connect` / LIBVIRT_DEFAULT_URI, runs `work`, closes. */
export async function withLibvirt<T>(
  work: (connection: LibvirtConnection) => Promise<T>,
): Promise<T> {
  const connection = await LibvirtConnection.connect();
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

export interface LibvirtListed {
  name: string;
  state: string;
  qemuVersion: string;
  source: string;
}

/**
 * The domains of the default libvirt connection, or undefined when no
 * libvirt daemon listens there (nothing to list; not an error).
 */
export async function listLibvirtDomains(timeoutMs: number): Promise<LibvirtListed[] | undefined> {
  const uri = defaultLibvirtUri();
  let socket: string;
  try {
    socket = parseLibvirtUri(uri).socket;
  } catch {
    return undefined;
  }
  if (!existsSync(socket)) return undefined;
  const connection = await LibvirtConnection.connect({
    uri,
    timeout: timeoutMs,
    keepaliveInterval: 0,
  });
  try {
    const call = { timeout: timeoutMs };
    const { hv_ver } = await connection.rpc.call('CONNECT_GET_VERSION', undefined, call);
    const version = Number(hv_ver);
    const qemuVersion = `${Math.floor(version / 1e6)}.${Math.floor(version / 1e3) % 1e3}.${version % 1e3}`;
    const listed: LibvirtListed[] = [];
    for (const dom of await connection.listDomains(0, call)) {
      const { state } = await connection.rpc.call('DOMAIN_GET_STATE', { dom, flags: 0 }, call);
      listed.push({
        name: `${LIBVIRT_TARGET_PREFIX}${dom.name}`,
        state: DOMAIN_STATES[state] ?? 'nostate',
        qemuVersion,
        source: uri,
      });
    }
    return listed.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    await connection.close();
  }
}
