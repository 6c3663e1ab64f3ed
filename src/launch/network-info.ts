/** A network client from HMP `info network`: a NIC or a backend, with its peer. */
export interface NetworkClient {
  name: string;
  /** `nic`, `user`, `tap`, ... */
  type: string;
  /** The other `key=value` pairs QEMU prints (model, macaddr, net, ...). */
  properties: Record<string, string>;
  /** The client on the other end (a NIC's backend, a backend's NIC). */
  peer?: string;
}

/**
 * Parses `info network`: each client on a line `name: index=0,type=nic,...`,
 * its peer on the next line after ` \ `.
 */
export function parseInfoNetwork(text: string): NetworkClient[] {
  const clients: NetworkClient[] = [];
  let previous: NetworkClient | undefined;
  for (const line of text.split('\n')) {
    const match = /^( \\ )?(.+?): (index=.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of match[3]!.split(',')) {
      const equals = pair.indexOf('=');
      if (equals > 0) properties[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
    const { type = '', ...rest } = properties;
    delete rest.index;
    const client: NetworkClient = { name: match[2]!, type, properties: rest };
    if (match[1] && previous) {
      client.peer = previous.name;
      previous.peer = client.name;
    }
    clients.push(client);
    previous = match[1] ? undefined : client;
  }
  return clients;
}
