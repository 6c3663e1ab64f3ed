import { MuxListenError } from './errors.js';
import {
  checkListenerSecurity,
  type ListenerSecurity,
  type ListenerSecurityOptions,
  loadListenerSecurity,
} from './listener-security.js';
import { parseListenAddress } from './listeners.js';
import { checkPolicy, type ListenerPolicy } from './policy.js';

/**
 * One listener: where, which protocol, how clients authenticate, and what they
 * may do. A TCP listener needs `tls` or `tokenFile` (a non-loopback one needs
 * `tls`) unless `insecure` is set.
 */
export interface MuxListenerOptions extends ListenerPolicy, ListenerSecurityOptions {
  /** `unix:PATH`, a socket path, `tcp:HOST:PORT` or `tcp::PORT` (127.0.0.1). */
  address: string;
  /** `qmp` (default) or `hmp`, a `(qemu)` console per client. */
  protocol?: 'qmp' | 'hmp';
  /** Name in stats and logs (default `qmp0`, `hmp1`, ... by position). */
  name?: string;
  /** A unix socket's group (name or id): its members may connect too (mode 0660 instead of 0600). */
  group?: string | number;
}

/** A listener's options, checked, with its credentials loaded. */
export interface PreparedListener {
  options: MuxListenerOptions;
  protocol: 'qmp' | 'hmp';
  name: string;
  security: ListenerSecurity;
}

/**
 * Checks one listener's options (address, policy, authentication) and reads
 * its credentials, before anything is bound or connected; prints the warning
 * of an insecure listener through `log`.
 */
export async function prepareListener(
  spec: string | MuxListenerOptions,
  index: number,
  log: (message: string) => void,
): Promise<PreparedListener> {
  const options: MuxListenerOptions = typeof spec === 'string' ? { address: spec } : spec;
  const protocol = options.protocol ?? 'qmp';
  const name = options.name ?? `${protocol}${index}`;
  const parsed = parseListenAddress(options.address);
  if (parsed.kind === 'tcp' && options.group !== undefined)
    throw new MuxListenError('LISTEN_INVALID', options.address, 'group is for unix sockets');
  checkPolicy(options, name);
  const warning = checkListenerSecurity(options.address, parsed, options);
  if (warning) log(warning);
  const security = await loadListenerSecurity(options.address, options);
  return { options, protocol, name, security };
}
