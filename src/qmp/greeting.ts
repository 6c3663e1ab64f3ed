/** QEMU's version as the greeting and `query-version` give it. */
export interface QemuVersion {
  qemu: { major: number; minor: number; micro: number };
  package: string;
}

/** The first message QEMU sends on a QMP connection. */
export interface QmpGreeting {
  version: QemuVersion;
  /** Capabilities QEMU offers, e.g. `oob`. */
  capabilities: string[];
}

/** The greeting inside `message`, or undefined when the message is not one. */
export function parseGreeting(message: Record<string, unknown>): QmpGreeting | undefined {
  const body = message.QMP as Partial<QmpGreeting> | undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const version = body.version;
  if (typeof version?.qemu?.major !== 'number') return undefined;
  return {
    version: {
      qemu: version.qemu,
      package: typeof version.package === 'string' ? version.package : '',
    },
    capabilities: Array.isArray(body.capabilities) ? body.capabilities.map(String) : [],
  };
}

export function formatVersion(version: QemuVersion): string {
  const { major, minor, micro } = version.qemu;
  return `${major}.${minor}.${micro}`;
}
