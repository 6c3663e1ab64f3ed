// Generated from the QAPI schema of QEMU 7.2, qga/qapi-schema.json.
// Sources: QEMU 7.2.22, Debian source package qemu 1:7.2+dfsg-7+deb12u18.
// Build: debian-bookworm-amd64, x86_64 Linux, QEMU configured as Debian 12's packages are.
// Definitions whose `if` condition is false for that build are left out.
// Do not edit: regenerate with `bash scripts/generate-schema.sh`.

import type { CommandMetadata } from '../../command-metadata.js';

// ---- qapi-schema ----

export interface GuestAgentCommandInfo {
  name: string;
  enabled: boolean;
  'success-response': boolean;
}

export interface GuestAgentInfo {
  version: string;
  supported_commands: GuestAgentCommandInfo[];
}

export interface GuestFileRead {
  count: number | bigint;
  'buf-b64': string;
  eof: boolean;
}

export interface GuestFileWrite {
  count: number | bigint;
  eof: boolean;
}

export interface GuestFileSeek {
  position: number | bigint;
  eof: boolean;
}

export type QGASeek =
  | 'set'
  | 'cur'
  | 'end';

export type GuestFileWhence =
  | number | bigint
  | QGASeek;

export type GuestFsfreezeStatus =
  | 'thawed'
  | 'frozen';

export interface GuestFilesystemTrimResult {
  path: string;
  trimmed?: number | bigint;
  minimum?: number | bigint;
  error?: string;
}

export interface GuestFilesystemTrimResponse {
  paths: GuestFilesystemTrimResult[];
}

export type GuestIpAddressType =
  | 'ipv4'
  | 'ipv6';

export interface GuestIpAddress {
  'ip-address': string;
  'ip-address-type': GuestIpAddressType;
  prefix: number | bigint;
}

export interface GuestNetworkInterfaceStat {
  'rx-bytes': number | bigint;
  'rx-packets': number | bigint;
  'rx-errs': number | bigint;
  'rx-dropped': number | bigint;
  'tx-bytes': number | bigint;
  'tx-packets': number | bigint;
  'tx-errs': number | bigint;
  'tx-dropped': number | bigint;
}

export interface GuestNetworkInterface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses'?: GuestIpAddress[];
  statistics?: GuestNetworkInterfaceStat;
}

export interface GuestLogicalProcessor {
  'logical-id': number | bigint;
  online: boolean;
  'can-offline'?: boolean;
}

export type GuestDiskBusType =
  | 'ide'
  | 'fdc'
  | 'scsi'
  | 'virtio'
  | 'xen'
  | 'usb'
  | 'uml'
  | 'sata'
  | 'sd'
  | 'unknown'
  | 'ieee1394'
  | 'ssa'
  | 'fibre'
  | 'raid'
  | 'iscsi'
  | 'sas'
  | 'mmc'
  | 'virtual'
  | 'file-backed-virtual'
  | 'nvme';

export interface GuestPCIAddress {
  domain: number | bigint;
  bus: number | bigint;
  slot: number | bigint;
  function: number | bigint;
}

export interface GuestCCWAddress {
  cssid: number | bigint;
  ssid: number | bigint;
  subchno: number | bigint;
  devno: number | bigint;
}

export interface GuestDiskAddress {
  'pci-controller': GuestPCIAddress;
  'bus-type': GuestDiskBusType;
  bus: number | bigint;
  target: number | bigint;
  unit: number | bigint;
  serial?: string;
  dev?: string;
  'ccw-address'?: GuestCCWAddress;
}

export interface GuestNVMeSmart {
  'critical-warning': number | bigint;
  temperature: number | bigint;
  'available-spare': number | bigint;
  'available-spare-threshold': number | bigint;
  'percentage-used': number | bigint;
  'data-units-read-lo': number | bigint;
  'data-units-read-hi': number | bigint;
  'data-units-written-lo': number | bigint;
  'data-units-written-hi': number | bigint;
  'host-read-commands-lo': number | bigint;
  'host-read-commands-hi': number | bigint;
  'host-write-commands-lo': number | bigint;
  'host-write-commands-hi': number | bigint;
  'controller-busy-time-lo': number | bigint;
  'controller-busy-time-hi': number | bigint;
  'power-cycles-lo': number | bigint;
  'power-cycles-hi': number | bigint;
  'power-on-hours-lo': number | bigint;
  'power-on-hours-hi': number | bigint;
  'unsafe-shutdowns-lo': number | bigint;
  'unsafe-shutdowns-hi': number | bigint;
  'media-errors-lo': number | bigint;
  'media-errors-hi': number | bigint;
  'number-of-error-log-entries-lo': number | bigint;
  'number-of-error-log-entries-hi': number | bigint;
}

/** The members common to every variant of {@link GuestDiskSmart}. */
export interface GuestDiskSmartBase {
  type: GuestDiskBusType;
}

export type GuestDiskSmart =
  | (GuestDiskSmartBase & { type: 'ide' })
  | (GuestDiskSmartBase & { type: 'fdc' })
  | (GuestDiskSmartBase & { type: 'scsi' })
  | (GuestDiskSmartBase & { type: 'virtio' })
  | (GuestDiskSmartBase & { type: 'xen' })
  | (GuestDiskSmartBase & { type: 'usb' })
  | (GuestDiskSmartBase & { type: 'uml' })
  | (GuestDiskSmartBase & { type: 'sata' })
  | (GuestDiskSmartBase & { type: 'sd' })
  | (GuestDiskSmartBase & { type: 'unknown' })
  | (GuestDiskSmartBase & { type: 'ieee1394' })
  | (GuestDiskSmartBase & { type: 'ssa' })
  | (GuestDiskSmartBase & { type: 'fibre' })
  | (GuestDiskSmartBase & { type: 'raid' })
  | (GuestDiskSmartBase & { type: 'iscsi' })
  | (GuestDiskSmartBase & { type: 'sas' })
  | (GuestDiskSmartBase & { type: 'mmc' })
  | (GuestDiskSmartBase & { type: 'virtual' })
  | (GuestDiskSmartBase & { type: 'file-backed-virtual' })
  | (GuestDiskSmartBase & { type: 'nvme' } & GuestNVMeSmart);

export interface GuestDiskInfo {
  name: string;
  partition: boolean;
  dependencies?: string[];
  address?: GuestDiskAddress;
  alias?: string;
  smart?: GuestDiskSmart;
}

export interface GuestFilesystemInfo {
  name: string;
  mountpoint: string;
  type: string;
  'used-bytes'?: number | bigint;
  'total-bytes'?: number | bigint;
  disk: GuestDiskAddress[];
}

export interface GuestMemoryBlock {
  'phys-index': number | bigint;
  online: boolean;
  'can-offline'?: boolean;
}

export type GuestMemoryBlockResponseType =
  | 'success'
  | 'not-found'
  | 'operation-not-supported'
  | 'operation-failed';

export interface GuestMemoryBlockResponse {
  'phys-index': number | bigint;
  response: GuestMemoryBlockResponseType;
  'error-code'?: number | bigint;
}

export interface GuestMemoryBlockInfo {
  size: number | bigint;
}

export interface GuestExecStatus {
  exited: boolean;
  exitcode?: number | bigint;
  signal?: number | bigint;
  'out-data'?: string;
  'err-data'?: string;
  'out-truncated'?: boolean;
  'err-truncated'?: boolean;
}

export interface GuestExec {
  pid: number | bigint;
}

export interface GuestHostName {
  'host-name': string;
}

export interface GuestUser {
  user: string;
  'login-time': number;
  domain?: string;
}

export interface GuestTimezone {
  zone?: string;
  offset: number | bigint;
}

export interface GuestOSInfo {
  'kernel-release'?: string;
  'kernel-version'?: string;
  machine?: string;
  id?: string;
  name?: string;
  'pretty-name'?: string;
  version?: string;
  'version-id'?: string;
  variant?: string;
  'variant-id'?: string;
}

export type GuestDeviceType =
  | 'pci';

export interface GuestDeviceIdPCI {
  'vendor-id': number;
  'device-id': number;
}

/** The members common to every variant of {@link GuestDeviceId}. */
export interface GuestDeviceIdBase {
  type: GuestDeviceType;
}

export type GuestDeviceId =
  | (GuestDeviceIdBase & { type: 'pci' } & GuestDeviceIdPCI);

export interface GuestDeviceInfo {
  'driver-name': string;
  'driver-date'?: number | bigint;
  'driver-version'?: string;
  id?: GuestDeviceId;
}

/** Build condition: `CONFIG_POSIX` */
export interface GuestAuthorizedKeys {
  keys: string[];
}

export interface GuestDiskStats {
  'read-sectors'?: number | bigint;
  'read-ios'?: number | bigint;
  'read-merges'?: number | bigint;
  'write-sectors'?: number | bigint;
  'write-ios'?: number | bigint;
  'write-merges'?: number | bigint;
  'discard-sectors'?: number | bigint;
  'discard-ios'?: number | bigint;
  'discard-merges'?: number | bigint;
  'flush-ios'?: number | bigint;
  'read-ticks'?: number | bigint;
  'write-ticks'?: number | bigint;
  'discard-ticks'?: number | bigint;
  'flush-ticks'?: number | bigint;
  'ios-pgr'?: number | bigint;
  'total-ticks'?: number | bigint;
  'weight-ticks'?: number | bigint;
}

export interface GuestDiskStatsInfo {
  name: string;
  major: number | bigint;
  minor: number | bigint;
  stats: GuestDiskStats;
}

export type GuestCpuStatsType =
  | 'linux';

export interface GuestLinuxCpuStats {
  cpu: number | bigint;
  user: number | bigint;
  nice: number | bigint;
  system: number | bigint;
  idle: number | bigint;
  iowait?: number | bigint;
  irq?: number | bigint;
  softirq?: number | bigint;
  steal?: number | bigint;
  guest?: number | bigint;
  guestnice?: number | bigint;
}

/** The members common to every variant of {@link GuestCpuStats}. */
export interface GuestCpuStatsBase {
  type: GuestCpuStatsType;
}

export type GuestCpuStats =
  | (GuestCpuStatsBase & { type: 'linux' } & GuestLinuxCpuStats);

// ---- commands ----

/** Every command: its arguments (`Record<string, never>` when it takes none) and what it returns. */
export interface QgaCommandMap {
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-exec */
  'guest-exec': {
    args: {
      path: string;
      arg?: string[];
      env?: string[];
      'input-data'?: string;
      'capture-output'?: boolean;
    };
    returns: GuestExec;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-exec-status */
  'guest-exec-status': {
    args: {
      pid: number | bigint;
    };
    returns: GuestExecStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-close */
  'guest-file-close': {
    args: {
      handle: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-flush */
  'guest-file-flush': {
    args: {
      handle: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-open */
  'guest-file-open': {
    args: {
      path: string;
      mode?: string;
    };
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-read */
  'guest-file-read': {
    args: {
      handle: number | bigint;
      count?: number | bigint;
    };
    returns: GuestFileRead;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-seek */
  'guest-file-seek': {
    args: {
      handle: number | bigint;
      offset: number | bigint;
      whence: GuestFileWhence;
    };
    returns: GuestFileSeek;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-file-write */
  'guest-file-write': {
    args: {
      handle: number | bigint;
      'buf-b64': string;
      count?: number | bigint;
    };
    returns: GuestFileWrite;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-freeze */
  'guest-fsfreeze-freeze': {
    args: Record<string, never>;
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-freeze-list */
  'guest-fsfreeze-freeze-list': {
    args: {
      mountpoints?: string[];
    };
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-status */
  'guest-fsfreeze-status': {
    args: Record<string, never>;
    returns: GuestFsfreezeStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-thaw */
  'guest-fsfreeze-thaw': {
    args: Record<string, never>;
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fstrim */
  'guest-fstrim': {
    args: {
      minimum?: number | bigint;
    };
    returns: GuestFilesystemTrimResponse;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-cpustats */
  'guest-get-cpustats': {
    args: Record<string, never>;
    returns: GuestCpuStats[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-devices */
  'guest-get-devices': {
    args: Record<string, never>;
    returns: GuestDeviceInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-disks */
  'guest-get-disks': {
    args: Record<string, never>;
    returns: GuestDiskInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-diskstats */
  'guest-get-diskstats': {
    args: Record<string, never>;
    returns: GuestDiskStatsInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-fsinfo */
  'guest-get-fsinfo': {
    args: Record<string, never>;
    returns: GuestFilesystemInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-host-name */
  'guest-get-host-name': {
    args: Record<string, never>;
    returns: GuestHostName;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-memory-block-info */
  'guest-get-memory-block-info': {
    args: Record<string, never>;
    returns: GuestMemoryBlockInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-memory-blocks */
  'guest-get-memory-blocks': {
    args: Record<string, never>;
    returns: GuestMemoryBlock[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-osinfo */
  'guest-get-osinfo': {
    args: Record<string, never>;
    returns: GuestOSInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-time */
  'guest-get-time': {
    args: Record<string, never>;
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-timezone */
  'guest-get-timezone': {
    args: Record<string, never>;
    returns: GuestTimezone;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-users */
  'guest-get-users': {
    args: Record<string, never>;
    returns: GuestUser[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-vcpus */
  'guest-get-vcpus': {
    args: Record<string, never>;
    returns: GuestLogicalProcessor[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-info */
  'guest-info': {
    args: Record<string, never>;
    returns: GuestAgentInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-network-get-interfaces */
  'guest-network-get-interfaces': {
    args: Record<string, never>;
    returns: GuestNetworkInterface[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ping */
  'guest-ping': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-memory-blocks */
  'guest-set-memory-blocks': {
    args: {
      'mem-blks': GuestMemoryBlock[];
    };
    returns: GuestMemoryBlockResponse[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-time */
  'guest-set-time': {
    args: {
      time?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-user-password */
  'guest-set-user-password': {
    args: {
      username: string;
      password: string;
      crypted: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-vcpus */
  'guest-set-vcpus': {
    args: {
      vcpus: GuestLogicalProcessor[];
    };
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-shutdown */
  'guest-shutdown': {
    args: {
      mode?: string;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_POSIX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-add-authorized-keys
   */
  'guest-ssh-add-authorized-keys': {
    args: {
      username: string;
      keys: string[];
      reset?: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_POSIX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-get-authorized-keys
   */
  'guest-ssh-get-authorized-keys': {
    args: {
      username: string;
    };
    returns: GuestAuthorizedKeys;
  };
  /**
   * Build condition: `CONFIG_POSIX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-remove-authorized-keys
   */
  'guest-ssh-remove-authorized-keys': {
    args: {
      username: string;
      keys: string[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-disk */
  'guest-suspend-disk': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-hybrid */
  'guest-suspend-hybrid': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-ram */
  'guest-suspend-ram': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-sync */
  'guest-sync': {
    args: {
      id: number | bigint;
    };
    returns: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-sync-delimited */
  'guest-sync-delimited': {
    args: {
      id: number | bigint;
    };
    returns: number | bigint;
  };
}

export type QgaCommandName = keyof QgaCommandMap;

export const qgaCommandNames = [
  'guest-exec',
  'guest-exec-status',
  'guest-file-close',
  'guest-file-flush',
  'guest-file-open',
  'guest-file-read',
  'guest-file-seek',
  'guest-file-write',
  'guest-fsfreeze-freeze',
  'guest-fsfreeze-freeze-list',
  'guest-fsfreeze-status',
  'guest-fsfreeze-thaw',
  'guest-fstrim',
  'guest-get-cpustats',
  'guest-get-devices',
  'guest-get-disks',
  'guest-get-diskstats',
  'guest-get-fsinfo',
  'guest-get-host-name',
  'guest-get-memory-block-info',
  'guest-get-memory-blocks',
  'guest-get-osinfo',
  'guest-get-time',
  'guest-get-timezone',
  'guest-get-users',
  'guest-get-vcpus',
  'guest-info',
  'guest-network-get-interfaces',
  'guest-ping',
  'guest-set-memory-blocks',
  'guest-set-time',
  'guest-set-user-password',
  'guest-set-vcpus',
  'guest-shutdown',
  'guest-ssh-add-authorized-keys',
  'guest-ssh-get-authorized-keys',
  'guest-ssh-remove-authorized-keys',
  'guest-suspend-disk',
  'guest-suspend-hybrid',
  'guest-suspend-ram',
  'guest-sync',
  'guest-sync-delimited',
] as const satisfies readonly QgaCommandName[];

export const qgaCommandMetadata: { readonly [Name in QgaCommandName]: CommandMetadata } = {
  'guest-exec': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-exec-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-close': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-flush': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-open': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-read': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-seek': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-file-write': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-fsfreeze-freeze': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-fsfreeze-freeze-list': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-fsfreeze-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-fsfreeze-thaw': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-fstrim': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-cpustats': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-devices': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-disks': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-diskstats': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-fsinfo': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-host-name': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-memory-block-info': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-memory-blocks': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-osinfo': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-time': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-timezone': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-users': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-vcpus': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-info': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-network-get-interfaces': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-ping': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-set-memory-blocks': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-set-time': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-set-user-password': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-set-vcpus': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-shutdown': { allowOob: false, successResponse: false, deprecated: false, unstable: false },
  'guest-ssh-add-authorized-keys': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-ssh-get-authorized-keys': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-ssh-remove-authorized-keys': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-suspend-disk': { allowOob: false, successResponse: false, deprecated: false, unstable: false },
  'guest-suspend-hybrid': { allowOob: false, successResponse: false, deprecated: false, unstable: false },
  'guest-suspend-ram': { allowOob: false, successResponse: false, deprecated: false, unstable: false },
  'guest-sync': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-sync-delimited': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
};
