// Generated from the QAPI schema of QEMU 10.0, qga/qapi-schema.json.
// Sources: QEMU 10.0.2, Debian source package qemu 1:10.0.2+ds-2+deb13u1~bpo12+1.
// Build: debian-bookworm-backports-amd64, x86_64 Linux, QEMU 10.0 configured as bookworm-backports' packages are.
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

/** Build condition: `CONFIG_WIN32 || CONFIG_FSFREEZE` */
export type GuestFsfreezeStatus =
  | 'thawed'
  | 'frozen';

/** Build condition: `CONFIG_WIN32 || CONFIG_FSTRIM` */
export interface GuestFilesystemTrimResult {
  path: string;
  trimmed?: number | bigint;
  minimum?: number | bigint;
  error?: string;
}

/** Build condition: `CONFIG_WIN32 || CONFIG_FSTRIM` */
export interface GuestFilesystemTrimResponse {
  paths: GuestFilesystemTrimResult[];
}

/** Build condition: `CONFIG_WIN32 || HAVE_GETIFADDRS` */
export type GuestIpAddressType =
  | 'ipv4'
  | 'ipv6';

/** Build condition: `CONFIG_WIN32 || HAVE_GETIFADDRS` */
export interface GuestIpAddress {
  'ip-address': string;
  'ip-address-type': GuestIpAddressType;
  prefix: number | bigint;
}

/** Build condition: `CONFIG_WIN32 || HAVE_GETIFADDRS` */
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

/** Build condition: `CONFIG_WIN32 || HAVE_GETIFADDRS` */
export interface GuestNetworkInterface {
  name: string;
  'hardware-address'?: string;
  'ip-addresses'?: GuestIpAddress[];
  statistics?: GuestNetworkInterfaceStat;
}

/** Build condition: `CONFIG_LINUX || CONFIG_WIN32` */
export interface GuestLogicalProcessor {
  'logical-id': number | bigint;
  online: boolean;
  'can-offline'?: boolean;
}

/** Build condition: `CONFIG_WIN32 || CONFIG_LINUX` */
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

/** Build condition: `CONFIG_WIN32 || CONFIG_LINUX` */
export interface GuestPCIAddress {
  domain: number | bigint;
  bus: number | bigint;
  slot: number | bigint;
  function: number | bigint;
}

/** Build condition: `CONFIG_WIN32 || CONFIG_LINUX` */
export interface GuestCCWAddress {
  cssid: number | bigint;
  ssid: number | bigint;
  subchno: number | bigint;
  devno: number | bigint;
}

/** Build condition: `CONFIG_WIN32 || CONFIG_LINUX` */
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

/** Build condition: `CONFIG_WIN32 || CONFIG_LIBUDEV` */
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

/** Build condition: `CONFIG_WIN32 || CONFIG_LIBUDEV` */
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

/** Build condition: `CONFIG_WIN32 || CONFIG_LIBUDEV` */
export interface GuestDiskInfo {
  name: string;
  partition: boolean;
  dependencies?: string[];
  address?: GuestDiskAddress;
  alias?: string;
  smart?: GuestDiskSmart;
}

/** Build condition: `CONFIG_WIN32 || CONFIG_LINUX` */
export interface GuestFilesystemInfo {
  name: string;
  mountpoint: string;
  type: string;
  'used-bytes'?: number | bigint;
  'total-bytes'?: number | bigint;
  'total-bytes-privileged'?: number | bigint;
  disk: GuestDiskAddress[];
}

/** Build condition: `CONFIG_LINUX` */
export interface GuestMemoryBlock {
  'phys-index': number | bigint;
  online: boolean;
  'can-offline'?: boolean;
}

/** Build condition: `CONFIG_LINUX` */
export type GuestMemoryBlockResponseType =
  | 'success'
  | 'not-found'
  | 'operation-not-supported'
  | 'operation-failed';

/** Build condition: `CONFIG_LINUX` */
export interface GuestMemoryBlockResponse {
  'phys-index': number | bigint;
  response: GuestMemoryBlockResponseType;
  'error-code'?: number | bigint;
}

/** Build condition: `CONFIG_LINUX` */
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

export type GuestExecCaptureOutputMode =
  | 'none'
  | 'stdout'
  | 'stderr'
  | 'separated'
  | 'merged'; // if !CONFIG_WIN32

export type GuestExecCaptureOutput =
  | boolean
  | GuestExecCaptureOutputMode;

export interface GuestHostName {
  'host-name': string;
}

/** Build condition: `CONFIG_WIN32 || HAVE_UTMPX` */
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

export interface GuestAuthorizedKeys {
  keys: string[];
}

/** Build condition: `CONFIG_LINUX` */
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

/** Build condition: `CONFIG_LINUX` */
export interface GuestDiskStatsInfo {
  name: string;
  major: number | bigint;
  minor: number | bigint;
  stats: GuestDiskStats;
}

/** Build condition: `CONFIG_LINUX` */
export type GuestCpuStatsType =
  | 'linux';

/** Build condition: `CONFIG_LINUX` */
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

/** Build condition: `CONFIG_LINUX` */
export type GuestCpuStats =
  | (GuestCpuStatsBase & { type: 'linux' } & GuestLinuxCpuStats);

/** Build condition: `CONFIG_GETLOADAVG` */
export interface GuestLoadAverage {
  load1m: number;
  load5m: number;
  load15m: number;
}

/** Build condition: `CONFIG_LINUX` */
export interface GuestNetworkRoute {
  iface: string;
  destination: string;
  metric: number | bigint;
  gateway?: string;
  mask?: string;
  irtt?: number | bigint;
  flags?: number | bigint;
  refcnt?: number | bigint;
  use?: number | bigint;
  window?: number | bigint;
  mtu?: number | bigint;
  desprefixlen?: string;
  source?: string;
  srcprefixlen?: string;
  nexthop?: string;
  version: number | bigint;
}

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
      'capture-output'?: GuestExecCaptureOutput;
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
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_FSFREEZE`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-freeze
   */
  'guest-fsfreeze-freeze': {
    args: Record<string, never>;
    returns: number | bigint;
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_FSFREEZE`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-freeze-list
   */
  'guest-fsfreeze-freeze-list': {
    args: {
      mountpoints?: string[];
    };
    returns: number | bigint;
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_FSFREEZE`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-status
   */
  'guest-fsfreeze-status': {
    args: Record<string, never>;
    returns: GuestFsfreezeStatus;
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_FSFREEZE`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fsfreeze-thaw
   */
  'guest-fsfreeze-thaw': {
    args: Record<string, never>;
    returns: number | bigint;
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_FSTRIM`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-fstrim
   */
  'guest-fstrim': {
    args: {
      minimum?: number | bigint;
    };
    returns: GuestFilesystemTrimResponse;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-cpustats
   */
  'guest-get-cpustats': {
    args: Record<string, never>;
    returns: GuestCpuStats[];
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_LIBUDEV`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-disks
   */
  'guest-get-disks': {
    args: Record<string, never>;
    returns: GuestDiskInfo[];
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-diskstats
   */
  'guest-get-diskstats': {
    args: Record<string, never>;
    returns: GuestDiskStatsInfo[];
  };
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-fsinfo
   */
  'guest-get-fsinfo': {
    args: Record<string, never>;
    returns: GuestFilesystemInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-host-name */
  'guest-get-host-name': {
    args: Record<string, never>;
    returns: GuestHostName;
  };
  /**
   * Build condition: `CONFIG_GETLOADAVG`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-load
   */
  'guest-get-load': {
    args: Record<string, never>;
    returns: GuestLoadAverage;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-memory-block-info
   */
  'guest-get-memory-block-info': {
    args: Record<string, never>;
    returns: GuestMemoryBlockInfo;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-memory-blocks
   */
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
  /**
   * Build condition: `CONFIG_WIN32 || HAVE_UTMPX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-users
   */
  'guest-get-users': {
    args: Record<string, never>;
    returns: GuestUser[];
  };
  /**
   * Build condition: `CONFIG_LINUX || CONFIG_WIN32`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-get-vcpus
   */
  'guest-get-vcpus': {
    args: Record<string, never>;
    returns: GuestLogicalProcessor[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-info */
  'guest-info': {
    args: Record<string, never>;
    returns: GuestAgentInfo;
  };
  /**
   * Build condition: `CONFIG_WIN32 || HAVE_GETIFADDRS`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-network-get-interfaces
   */
  'guest-network-get-interfaces': {
    args: Record<string, never>;
    returns: GuestNetworkInterface[];
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-network-get-route
   */
  'guest-network-get-route': {
    args: Record<string, never>;
    returns: GuestNetworkRoute[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ping */
  'guest-ping': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-memory-blocks
   */
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
  /**
   * Build condition: `CONFIG_WIN32 || CONFIG_LINUX || CONFIG_FREEBSD`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-user-password
   */
  'guest-set-user-password': {
    args: {
      username: string;
      password: string;
      crypted: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-set-vcpus
   */
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
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-add-authorized-keys */
  'guest-ssh-add-authorized-keys': {
    args: {
      username: string;
      keys: string[];
      reset?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-get-authorized-keys */
  'guest-ssh-get-authorized-keys': {
    args: {
      username: string;
    };
    returns: GuestAuthorizedKeys;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-ssh-remove-authorized-keys */
  'guest-ssh-remove-authorized-keys': {
    args: {
      username: string;
      keys: string[];
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_LINUX || CONFIG_WIN32`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-disk
   */
  'guest-suspend-disk': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_LINUX`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-hybrid
   */
  'guest-suspend-hybrid': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_LINUX || CONFIG_WIN32`
   * @see https://www.qemu.org/docs/master/interop/qemu-ga-ref.html#command-QGA-qapi-schema.guest-suspend-ram
   */
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
  'guest-get-disks',
  'guest-get-diskstats',
  'guest-get-fsinfo',
  'guest-get-host-name',
  'guest-get-load',
  'guest-get-memory-block-info',
  'guest-get-memory-blocks',
  'guest-get-osinfo',
  'guest-get-time',
  'guest-get-timezone',
  'guest-get-users',
  'guest-get-vcpus',
  'guest-info',
  'guest-network-get-interfaces',
  'guest-network-get-route',
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
  'guest-get-disks': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-diskstats': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-fsinfo': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-host-name': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-load': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-memory-block-info': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-memory-blocks': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-osinfo': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-time': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-timezone': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-users': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-get-vcpus': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-info': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-network-get-interfaces': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'guest-network-get-route': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
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
