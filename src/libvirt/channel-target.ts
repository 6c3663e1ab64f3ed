/**
 * `libvirt:NAME` targets: the QMP monitor or the guest agent of the libvirt
 * domain NAME, on the connection LIBVIRT_DEFAULT_URI names (else
 * qemu:///system for root, qemu:///session for others).
 */
import type { Duplex } from 'node:stream';
import { InvalidTargetError } from '../transport/errors.js';
import { registerStreamScheme } from '../transport/stream-schemes.js';
import { LibvirtConnection } from './libvirt-connection.js';
import { LibvirtQgaStream } from './qga-stream.js';
import { LibvirtQmpStream } from './qmp-stream.js';

export const LIBVIRT_TARGET_PREFIX = 'libvirt:';

export interface LibvirtChannelTargetOptions {
  /** Which channel of the domain: its monitor (default) or its guest agent. */
  channel?: 'qmp' | 'qga';
  /** A libvirt URI (default: LIBVIRT_DEFAULT_URI, else the system or session daemon). */
  uri?: string;
  /** Milliseconds to connect and set up (10 s). */
  timeout?: number;
  signal?: AbortSignal;
}

/** The domain name of a `libvirt:NAME` target. */
export function libvirtDomainName(target: string): string {
  const name = target.slice(LIBVIRT_TARGET_PREFIX.length);
  if (!target.startsWith(LIBVIRT_TARGET_PREFIX) || name === '')
    throw new InvalidTargetError(target, 'expected libvirt:NAME');
  return name;
}

/** Opens a `libvirt:NAME` target as a Duplex a QmpClient or QgaClient speaks through. */
export async function openLibvirtChannel(
  target: string,
  options: LibvirtChannelTargetOptions = {},
): Promise<{ stream: Duplex; name: string }> {
  const name = libvirtDomainName(target);
  const common = {
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const connection = await LibvirtConnection.connect({
    ...common,
    ...(options.uri ? { uri: options.uri } : {}),
  });
  try {
    const domain = await connection.lookupDomain(name, common);
    const stream =
      options.channel === 'qga'
        ? LibvirtQgaStream.open(connection, domain, { ownsConnection: true })
        : await LibvirtQmpStream.open(connection, domain, { ...common, ownsConnection: true });
    return { stream, name: target };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

// Loading the libvirt layer lets QmpClient.connect('libvirt:NAME') and the like reach it.
registerStreamScheme(LIBVIRT_TARGET_PREFIX, openLibvirtChannel);
