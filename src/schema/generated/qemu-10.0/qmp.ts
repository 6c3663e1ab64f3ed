// Generated from the QAPI schema of QEMU 10.0, qapi/qapi-schema.json.
// Sources: QEMU 10.0.2, Debian source package qemu 1:10.0.2+ds-2+deb13u1~bpo12+1.
// Build: debian-bookworm-backports-amd64, x86_64 Linux, QEMU 10.0 configured as bookworm-backports' packages are.
// Definitions whose `if` condition is false for that build are left out.
// Do not edit: regenerate with `bash scripts/generate-schema.sh`.

import type { CommandMetadata } from '../../command-metadata.js';

// ---- error ----

export type QapiErrorClass =
  | 'GenericError'
  | 'CommandNotFound'
  | 'DeviceNotActive'
  | 'DeviceNotFound'
  | 'KVMMissingCap';

// ---- common ----

export type IoOperationType =
  | 'read'
  | 'write';

export type OnOffAuto =
  | 'auto'
  | 'on'
  | 'off';

export type OnOffSplit =
  | 'on'
  | 'off'
  | 'split';

export type StrOrNull =
  | string
  | null;

export type OffAutoPCIBAR =
  | 'off'
  | 'auto'
  | 'bar0'
  | 'bar1'
  | 'bar2'
  | 'bar3'
  | 'bar4'
  | 'bar5';

export type PCIELinkSpeed =
  | '2_5'
  | '5'
  | '8'
  | '16'
  | '32'
  | '64';

export type PCIELinkWidth =
  | '1'
  | '2'
  | '4'
  | '8'
  | '12'
  | '16'
  | '32';

export type HostMemPolicy =
  | 'default'
  | 'preferred'
  | 'bind'
  | 'interleave';

export type NetFilterDirection =
  | 'all'
  | 'rx'
  | 'tx';

export type GrabToggleKeys =
  | 'ctrl-ctrl'
  | 'alt-alt'
  | 'shift-shift'
  | 'meta-meta'
  | 'scrolllock'
  | 'ctrl-scrolllock';

export interface HumanReadableText {
  'human-readable-text': string;
}

export type EndianMode =
  | 'unspecified'
  | 'little'
  | 'big';

// ---- sockets ----

export type NetworkAddressFamily =
  | 'ipv4'
  | 'ipv6'
  | 'unix'
  | 'vsock'
  | 'unknown';

export interface InetSocketAddressBase {
  host: string;
  port: string;
}

export interface InetSocketAddress extends InetSocketAddressBase {
  numeric?: boolean;
  to?: number;
  ipv4?: boolean;
  ipv6?: boolean;
  'keep-alive'?: boolean;
  /** Build condition: `HAVE_IPPROTO_MPTCP` */
  mptcp?: boolean;
}

export interface UnixSocketAddress {
  path: string;
  /** Build condition: `CONFIG_LINUX` */
  abstract?: boolean;
  /** Build condition: `CONFIG_LINUX` */
  tight?: boolean;
}

export interface VsockSocketAddress {
  cid: string;
  port: string;
}

export interface FdSocketAddress {
  str: string;
}

export interface InetSocketAddressWrapper {
  data: InetSocketAddress;
}

export interface UnixSocketAddressWrapper {
  data: UnixSocketAddress;
}

export interface VsockSocketAddressWrapper {
  data: VsockSocketAddress;
}

export interface FdSocketAddressWrapper {
  data: FdSocketAddress;
}

/** The members common to every variant of {@link SocketAddressLegacy}. */
export interface SocketAddressLegacyBase {
  type: SocketAddressType;
}

export type SocketAddressLegacy =
  | (SocketAddressLegacyBase & { type: 'inet' } & InetSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'unix' } & UnixSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'vsock' } & VsockSocketAddressWrapper)
  | (SocketAddressLegacyBase & { type: 'fd' } & FdSocketAddressWrapper);

export type SocketAddressType =
  | 'inet'
  | 'unix'
  | 'vsock'
  | 'fd';

/** The members common to every variant of {@link SocketAddress}. */
export interface SocketAddressBase {
  type: SocketAddressType;
}

export type SocketAddress =
  | (SocketAddressBase & { type: 'inet' } & InetSocketAddress)
  | (SocketAddressBase & { type: 'unix' } & UnixSocketAddress)
  | (SocketAddressBase & { type: 'vsock' } & VsockSocketAddress)
  | (SocketAddressBase & { type: 'fd' } & FdSocketAddress);

// ---- run-state ----

export type RunState =
  | 'debug'
  | 'inmigrate'
  | 'internal-error'
  | 'io-error'
  | 'paused'
  | 'postmigrate'
  | 'prelaunch'
  | 'finish-migrate'
  | 'restore-vm'
  | 'running'
  | 'save-vm'
  | 'shutdown'
  | 'suspended'
  | 'watchdog'
  | 'guest-panicked'
  | 'colo';

export type ShutdownCause =
  | 'none'
  | 'host-error'
  | 'host-qmp-quit'
  | 'host-qmp-system-reset'
  | 'host-signal'
  | 'host-ui'
  | 'guest-shutdown'
  | 'guest-reset'
  | 'guest-panic'
  | 'subsystem-reset'
  | 'snapshot-load';

export interface StatusInfo {
  running: boolean;
  status: RunState;
}

export type WatchdogAction =
  | 'reset'
  | 'shutdown'
  | 'poweroff'
  | 'pause'
  | 'debug'
  | 'none'
  | 'inject-nmi';

export type RebootAction =
  | 'reset'
  | 'shutdown';

export type ShutdownAction =
  | 'poweroff'
  | 'pause';

export type PanicAction =
  | 'pause'
  | 'shutdown'
  | 'exit-failure'
  | 'none';

export type GuestPanicAction =
  | 'pause'
  | 'poweroff'
  | 'run';

export type GuestPanicInformationType =
  | 'hyper-v'
  | 's390';

/** The members common to every variant of {@link GuestPanicInformation}. */
export interface GuestPanicInformationBase {
  type: GuestPanicInformationType;
}

export type GuestPanicInformation =
  | (GuestPanicInformationBase & { type: 'hyper-v' } & GuestPanicInformationHyperV)
  | (GuestPanicInformationBase & { type: 's390' } & GuestPanicInformationS390);

export interface GuestPanicInformationHyperV {
  arg1: number | bigint;
  arg2: number | bigint;
  arg3: number | bigint;
  arg4: number | bigint;
  arg5: number | bigint;
}

export type S390CrashReason =
  | 'unknown'
  | 'disabled-wait'
  | 'extint-loop'
  | 'pgmint-loop'
  | 'opint-loop';

export interface GuestPanicInformationS390 {
  core: number;
  'psw-mask': number | bigint;
  'psw-addr': number | bigint;
  reason: S390CrashReason;
}

export type MemoryFailureRecipient =
  | 'hypervisor'
  | 'guest';

export type MemoryFailureAction =
  | 'ignore'
  | 'inject'
  | 'fatal'
  | 'reset';

export interface MemoryFailureFlags {
  'action-required': boolean;
  recursive: boolean;
}

export type NotifyVmexitOption =
  | 'run'
  | 'internal-error'
  | 'disable';

// ---- crypto ----

export type QCryptoTLSCredsEndpoint =
  | 'client'
  | 'server';

export type QCryptoSecretFormat =
  | 'raw'
  | 'base64';

export type QCryptoHashAlgo =
  | 'md5'
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'ripemd160'
  | 'sm3';

export type QCryptoCipherAlgo =
  | 'aes-128'
  | 'aes-192'
  | 'aes-256'
  | 'des'
  | '3des'
  | 'cast5-128'
  | 'serpent-128'
  | 'serpent-192'
  | 'serpent-256'
  | 'twofish-128'
  | 'twofish-192'
  | 'twofish-256'
  | 'sm4';

export type QCryptoCipherMode =
  | 'ecb'
  | 'cbc'
  | 'xts'
  | 'ctr';

export type QCryptoIVGenAlgo =
  | 'plain'
  | 'plain64'
  | 'essiv';

export type QCryptoBlockFormat =
  | 'qcow'
  | 'luks';

export interface QCryptoBlockOptionsBase {
  format: QCryptoBlockFormat;
}

export interface QCryptoBlockOptionsQCow {
  'key-secret'?: string;
}

export interface QCryptoBlockOptionsLUKS {
  'key-secret'?: string;
}

export interface QCryptoBlockCreateOptionsLUKS extends QCryptoBlockOptionsLUKS {
  'cipher-alg'?: QCryptoCipherAlgo;
  'cipher-mode'?: QCryptoCipherMode;
  'ivgen-alg'?: QCryptoIVGenAlgo;
  'ivgen-hash-alg'?: QCryptoHashAlgo;
  'hash-alg'?: QCryptoHashAlgo;
  'iter-time'?: number | bigint;
}

export type QCryptoBlockOpenOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' } & QCryptoBlockOptionsQCow)
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockOptionsLUKS);

export type QCryptoBlockCreateOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' } & QCryptoBlockOptionsQCow)
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockCreateOptionsLUKS);

export interface QCryptoBlockInfoBase {
  format: QCryptoBlockFormat;
}

export interface QCryptoBlockInfoLUKSSlot {
  active: boolean;
  iters?: number | bigint;
  stripes?: number | bigint;
  'key-offset': number | bigint;
}

export interface QCryptoBlockInfoLUKS {
  'cipher-alg': QCryptoCipherAlgo;
  'cipher-mode': QCryptoCipherMode;
  'ivgen-alg': QCryptoIVGenAlgo;
  'ivgen-hash-alg'?: QCryptoHashAlgo;
  'hash-alg': QCryptoHashAlgo;
  'detached-header': boolean;
  'payload-offset': number | bigint;
  'master-key-iters': number | bigint;
  uuid: string;
  slots: QCryptoBlockInfoLUKSSlot[];
}

export type QCryptoBlockInfo =
  | (QCryptoBlockInfoBase & { format: 'qcow' })
  | (QCryptoBlockInfoBase & { format: 'luks' } & QCryptoBlockInfoLUKS);

export type QCryptoBlockLUKSKeyslotState =
  | 'active'
  | 'inactive';

export interface QCryptoBlockAmendOptionsLUKS {
  state: QCryptoBlockLUKSKeyslotState;
  'new-secret'?: string;
  'old-secret'?: string;
  keyslot?: number | bigint;
  'iter-time'?: number | bigint;
  secret?: string;
}

export type QCryptoBlockAmendOptions =
  | (QCryptoBlockOptionsBase & { format: 'qcow' })
  | (QCryptoBlockOptionsBase & { format: 'luks' } & QCryptoBlockAmendOptionsLUKS);

export interface SecretCommonProperties {
  format?: QCryptoSecretFormat;
  keyid?: string;
  iv?: string;
}

export interface SecretProperties extends SecretCommonProperties {
  data?: string;
  file?: string;
}

/** Build condition: `CONFIG_SECRET_KEYRING` */
export interface SecretKeyringProperties extends SecretCommonProperties {
  serial: number;
}

export interface TlsCredsProperties {
  'verify-peer'?: boolean;
  dir?: string;
  endpoint?: QCryptoTLSCredsEndpoint;
  priority?: string;
}

export interface TlsCredsAnonProperties extends TlsCredsProperties {}

export interface TlsCredsPskProperties extends TlsCredsProperties {
  username?: string;
}

export interface TlsCredsX509Properties extends TlsCredsProperties {
  'sanity-check'?: boolean;
  passwordid?: string;
}

export type QCryptoAkCipherAlgo =
  | 'rsa';

export type QCryptoAkCipherKeyType =
  | 'public'
  | 'private';

export type QCryptoRSAPaddingAlgo =
  | 'raw'
  | 'pkcs1';

export interface QCryptoAkCipherOptionsRSA {
  'hash-alg': QCryptoHashAlgo;
  'padding-alg': QCryptoRSAPaddingAlgo;
}

/** The members common to every variant of {@link QCryptoAkCipherOptions}. */
export interface QCryptoAkCipherOptionsBase {
  alg: QCryptoAkCipherAlgo;
}

export type QCryptoAkCipherOptions =
  | (QCryptoAkCipherOptionsBase & { alg: 'rsa' } & QCryptoAkCipherOptionsRSA);

// ---- job ----

export type JobType =
  | 'commit'
  | 'stream'
  | 'mirror'
  | 'backup'
  | 'create'
  | 'amend'
  | 'snapshot-load'
  | 'snapshot-save'
  | 'snapshot-delete';

export type JobStatus =
  | 'undefined'
  | 'created'
  | 'running'
  | 'paused'
  | 'ready'
  | 'standby'
  | 'waiting'
  | 'pending'
  | 'aborting'
  | 'concluded'
  | 'null';

export type JobVerb =
  | 'cancel'
  | 'pause'
  | 'resume'
  | 'set-speed'
  | 'complete'
  | 'dismiss'
  | 'finalize'
  | 'change';

export interface JobInfo {
  id: string;
  type: JobType;
  status: JobStatus;
  'current-progress': number | bigint;
  'total-progress': number | bigint;
  error?: string;
}

// ---- block-core ----

export interface SnapshotInfo {
  id: string;
  name: string;
  'vm-state-size': number | bigint;
  'date-sec': number | bigint;
  'date-nsec': number | bigint;
  'vm-clock-sec': number | bigint;
  'vm-clock-nsec': number | bigint;
  icount?: number | bigint;
}

export interface ImageInfoSpecificQCow2EncryptionBase {
  format: BlockdevQcow2EncryptionFormat;
}

export type ImageInfoSpecificQCow2Encryption =
  | (ImageInfoSpecificQCow2EncryptionBase & { format: 'aes' })
  | (ImageInfoSpecificQCow2EncryptionBase & { format: 'luks' } & QCryptoBlockInfoLUKS);

export interface ImageInfoSpecificQCow2 {
  compat: string;
  'data-file'?: string;
  'data-file-raw'?: boolean;
  'extended-l2'?: boolean;
  'lazy-refcounts'?: boolean;
  corrupt?: boolean;
  'refcount-bits': number | bigint;
  encrypt?: ImageInfoSpecificQCow2Encryption;
  bitmaps?: Qcow2BitmapInfo[];
  'compression-type': Qcow2CompressionType;
}

export interface ImageInfoSpecificVmdk {
  'create-type': string;
  cid: number | bigint;
  'parent-cid': number | bigint;
  extents: VmdkExtentInfo[];
}

export interface VmdkExtentInfo {
  filename: string;
  format: string;
  'virtual-size': number | bigint;
  'cluster-size'?: number | bigint;
  compressed?: boolean;
}

export interface ImageInfoSpecificRbd {
  'encryption-format'?: RbdImageEncryptionFormat;
}

export interface ImageInfoSpecificFile {
  'extent-size-hint'?: number | bigint;
}

export type ImageInfoSpecificKind =
  | 'qcow2'
  | 'vmdk'
  | 'luks'
  | 'rbd'
  | 'file';

export interface ImageInfoSpecificQCow2Wrapper {
  data: ImageInfoSpecificQCow2;
}

export interface ImageInfoSpecificVmdkWrapper {
  data: ImageInfoSpecificVmdk;
}

export interface ImageInfoSpecificLUKSWrapper {
  data: QCryptoBlockInfoLUKS;
}

export interface ImageInfoSpecificRbdWrapper {
  data: ImageInfoSpecificRbd;
}

export interface ImageInfoSpecificFileWrapper {
  data: ImageInfoSpecificFile;
}

/** The members common to every variant of {@link ImageInfoSpecific}. */
export interface ImageInfoSpecificBase {
  type: ImageInfoSpecificKind;
}

export type ImageInfoSpecific =
  | (ImageInfoSpecificBase & { type: 'qcow2' } & ImageInfoSpecificQCow2Wrapper)
  | (ImageInfoSpecificBase & { type: 'vmdk' } & ImageInfoSpecificVmdkWrapper)
  | (ImageInfoSpecificBase & { type: 'luks' } & ImageInfoSpecificLUKSWrapper)
  | (ImageInfoSpecificBase & { type: 'rbd' } & ImageInfoSpecificRbdWrapper)
  | (ImageInfoSpecificBase & { type: 'file' } & ImageInfoSpecificFileWrapper);

export interface BlockNodeInfo {
  filename: string;
  format: string;
  'dirty-flag'?: boolean;
  'actual-size'?: number | bigint;
  'virtual-size': number | bigint;
  'cluster-size'?: number | bigint;
  encrypted?: boolean;
  compressed?: boolean;
  'backing-filename'?: string;
  'full-backing-filename'?: string;
  'backing-filename-format'?: string;
  snapshots?: SnapshotInfo[];
  'format-specific'?: ImageInfoSpecific;
}

export interface ImageInfo extends BlockNodeInfo {
  'backing-image'?: ImageInfo;
}

export interface BlockChildInfo {
  name: string;
  info: BlockGraphInfo;
}

export interface BlockGraphInfo extends BlockNodeInfo {
  children: BlockChildInfo[];
}

export interface ImageCheck {
  filename: string;
  format: string;
  'check-errors': number | bigint;
  'image-end-offset'?: number | bigint;
  corruptions?: number | bigint;
  leaks?: number | bigint;
  'corruptions-fixed'?: number | bigint;
  'leaks-fixed'?: number | bigint;
  'total-clusters'?: number | bigint;
  'allocated-clusters'?: number | bigint;
  'fragmented-clusters'?: number | bigint;
  'compressed-clusters'?: number | bigint;
}

export interface MapEntry {
  start: number | bigint;
  length: number | bigint;
  data: boolean;
  zero: boolean;
  compressed: boolean;
  depth: number | bigint;
  present: boolean;
  offset?: number | bigint;
  filename?: string;
}

export interface BlockdevCacheInfo {
  writeback: boolean;
  direct: boolean;
  'no-flush': boolean;
}

export interface BlockDeviceInfo {
  file: string;
  'node-name'?: string;
  ro: boolean;
  drv: string;
  backing_file?: string;
  backing_file_depth: number | bigint;
  active: boolean;
  encrypted: boolean;
  detect_zeroes: BlockdevDetectZeroesOptions;
  bps: number | bigint;
  bps_rd: number | bigint;
  bps_wr: number | bigint;
  iops: number | bigint;
  iops_rd: number | bigint;
  iops_wr: number | bigint;
  image: ImageInfo;
  bps_max?: number | bigint;
  bps_rd_max?: number | bigint;
  bps_wr_max?: number | bigint;
  iops_max?: number | bigint;
  iops_rd_max?: number | bigint;
  iops_wr_max?: number | bigint;
  bps_max_length?: number | bigint;
  bps_rd_max_length?: number | bigint;
  bps_wr_max_length?: number | bigint;
  iops_max_length?: number | bigint;
  iops_rd_max_length?: number | bigint;
  iops_wr_max_length?: number | bigint;
  iops_size?: number | bigint;
  group?: string;
  cache: BlockdevCacheInfo;
  write_threshold: number | bigint;
  'dirty-bitmaps'?: BlockDirtyInfo[];
}

export type BlockDeviceIoStatus =
  | 'ok'
  | 'failed'
  | 'nospace';

export interface BlockDirtyInfo {
  name?: string;
  count: number | bigint;
  granularity: number;
  recording: boolean;
  busy: boolean;
  persistent: boolean;
  inconsistent?: boolean;
}

export type Qcow2BitmapInfoFlags =
  | 'in-use'
  | 'auto';

export interface Qcow2BitmapInfo {
  name: string;
  granularity: number;
  flags: Qcow2BitmapInfoFlags[];
}

export interface BlockLatencyHistogramInfo {
  boundaries: (number | bigint)[];
  bins: (number | bigint)[];
}

export interface BlockInfo {
  device: string;
  qdev?: string;
  type: string;
  removable: boolean;
  locked: boolean;
  inserted?: BlockDeviceInfo;
  tray_open?: boolean;
  'io-status'?: BlockDeviceIoStatus;
}

export interface BlockMeasureInfo {
  required: number | bigint;
  'fully-allocated': number | bigint;
  bitmaps?: number | bigint;
}

export interface BlockDeviceTimedStats {
  interval_length: number | bigint;
  min_rd_latency_ns: number | bigint;
  max_rd_latency_ns: number | bigint;
  avg_rd_latency_ns: number | bigint;
  min_wr_latency_ns: number | bigint;
  max_wr_latency_ns: number | bigint;
  avg_wr_latency_ns: number | bigint;
  min_zone_append_latency_ns: number | bigint;
  max_zone_append_latency_ns: number | bigint;
  avg_zone_append_latency_ns: number | bigint;
  min_flush_latency_ns: number | bigint;
  max_flush_latency_ns: number | bigint;
  avg_flush_latency_ns: number | bigint;
  avg_rd_queue_depth: number;
  avg_wr_queue_depth: number;
  avg_zone_append_queue_depth: number;
}

export interface BlockDeviceStats {
  rd_bytes: number | bigint;
  wr_bytes: number | bigint;
  zone_append_bytes: number | bigint;
  unmap_bytes: number | bigint;
  rd_operations: number | bigint;
  wr_operations: number | bigint;
  zone_append_operations: number | bigint;
  flush_operations: number | bigint;
  unmap_operations: number | bigint;
  rd_total_time_ns: number | bigint;
  wr_total_time_ns: number | bigint;
  zone_append_total_time_ns: number | bigint;
  flush_total_time_ns: number | bigint;
  unmap_total_time_ns: number | bigint;
  wr_highest_offset: number | bigint;
  rd_merged: number | bigint;
  wr_merged: number | bigint;
  zone_append_merged: number | bigint;
  unmap_merged: number | bigint;
  idle_time_ns?: number | bigint;
  failed_rd_operations: number | bigint;
  failed_wr_operations: number | bigint;
  failed_zone_append_operations: number | bigint;
  failed_flush_operations: number | bigint;
  failed_unmap_operations: number | bigint;
  invalid_rd_operations: number | bigint;
  invalid_wr_operations: number | bigint;
  invalid_zone_append_operations: number | bigint;
  invalid_flush_operations: number | bigint;
  invalid_unmap_operations: number | bigint;
  account_invalid: boolean;
  account_failed: boolean;
  timed_stats: BlockDeviceTimedStats[];
  rd_latency_histogram?: BlockLatencyHistogramInfo;
  wr_latency_histogram?: BlockLatencyHistogramInfo;
  zone_append_latency_histogram?: BlockLatencyHistogramInfo;
  flush_latency_histogram?: BlockLatencyHistogramInfo;
}

export interface BlockStatsSpecificFile {
  'discard-nb-ok': number | bigint;
  'discard-nb-failed': number | bigint;
  'discard-bytes-ok': number | bigint;
}

export interface BlockStatsSpecificNvme {
  'completion-errors': number | bigint;
  'aligned-accesses': number | bigint;
  'unaligned-accesses': number | bigint;
}

/** The members common to every variant of {@link BlockStatsSpecific}. */
export interface BlockStatsSpecificBase {
  driver: BlockdevDriver;
}

export type BlockStatsSpecific =
  | (BlockStatsSpecificBase & { driver: 'blkdebug' })
  | (BlockStatsSpecificBase & { driver: 'blklogwrites' })
  | (BlockStatsSpecificBase & { driver: 'blkreplay' })
  | (BlockStatsSpecificBase & { driver: 'blkverify' })
  | (BlockStatsSpecificBase & { driver: 'bochs' })
  | (BlockStatsSpecificBase & { driver: 'cloop' })
  | (BlockStatsSpecificBase & { driver: 'compress' })
  | (BlockStatsSpecificBase & { driver: 'copy-before-write' })
  | (BlockStatsSpecificBase & { driver: 'copy-on-read' })
  | (BlockStatsSpecificBase & { driver: 'dmg' })
  | (BlockStatsSpecificBase & { driver: 'file' } & BlockStatsSpecificFile)
  | (BlockStatsSpecificBase & { driver: 'snapshot-access' })
  | (BlockStatsSpecificBase & { driver: 'ftp' })
  | (BlockStatsSpecificBase & { driver: 'ftps' })
  | (BlockStatsSpecificBase & { driver: 'gluster' })
  | (BlockStatsSpecificBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockStatsSpecificBase & { driver: 'host_device' } & BlockStatsSpecificFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockStatsSpecificBase & { driver: 'http' })
  | (BlockStatsSpecificBase & { driver: 'https' })
  | (BlockStatsSpecificBase & { driver: 'iscsi' })
  | (BlockStatsSpecificBase & { driver: 'luks' })
  | (BlockStatsSpecificBase & { driver: 'nbd' })
  | (BlockStatsSpecificBase & { driver: 'nfs' })
  | (BlockStatsSpecificBase & { driver: 'null-aio' })
  | (BlockStatsSpecificBase & { driver: 'null-co' })
  | (BlockStatsSpecificBase & { driver: 'nvme' } & BlockStatsSpecificNvme)
  | (BlockStatsSpecificBase & { driver: 'parallels' })
  | (BlockStatsSpecificBase & { driver: 'preallocate' })
  | (BlockStatsSpecificBase & { driver: 'qcow' })
  | (BlockStatsSpecificBase & { driver: 'qcow2' })
  | (BlockStatsSpecificBase & { driver: 'qed' })
  | (BlockStatsSpecificBase & { driver: 'quorum' })
  | (BlockStatsSpecificBase & { driver: 'raw' })
  | (BlockStatsSpecificBase & { driver: 'rbd' })
  | (BlockStatsSpecificBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockStatsSpecificBase & { driver: 'ssh' })
  | (BlockStatsSpecificBase & { driver: 'throttle' })
  | (BlockStatsSpecificBase & { driver: 'vdi' })
  | (BlockStatsSpecificBase & { driver: 'vhdx' })
  | (BlockStatsSpecificBase & { driver: 'vmdk' })
  | (BlockStatsSpecificBase & { driver: 'vpc' })
  | (BlockStatsSpecificBase & { driver: 'vvfat' });

export interface BlockStats {
  device?: string;
  qdev?: string;
  'node-name'?: string;
  stats: BlockDeviceStats;
  'driver-specific'?: BlockStatsSpecific;
  parent?: BlockStats;
  backing?: BlockStats;
}

export type BlockdevOnError =
  | 'report'
  | 'ignore'
  | 'enospc'
  | 'stop'
  | 'auto';

export type MirrorSyncMode =
  | 'top'
  | 'full'
  | 'none'
  | 'incremental'
  | 'bitmap';

export type BitmapSyncMode =
  | 'on-success'
  | 'never'
  | 'always';

export type MirrorCopyMode =
  | 'background'
  | 'write-blocking';

export interface BlockJobInfoMirror {
  'actively-synced': boolean;
}

/** The members common to every variant of {@link BlockJobInfo}. */
export interface BlockJobInfoBase {
  type: JobType;
  device: string;
  len: number | bigint;
  offset: number | bigint;
  busy: boolean;
  paused: boolean;
  speed: number | bigint;
  'io-status': BlockDeviceIoStatus;
  ready: boolean;
  status: JobStatus;
  'auto-finalize': boolean;
  'auto-dismiss': boolean;
  error?: string;
}

export type BlockJobInfo =
  | (BlockJobInfoBase & { type: 'commit' })
  | (BlockJobInfoBase & { type: 'stream' })
  | (BlockJobInfoBase & { type: 'mirror' } & BlockJobInfoMirror)
  | (BlockJobInfoBase & { type: 'backup' })
  | (BlockJobInfoBase & { type: 'create' })
  | (BlockJobInfoBase & { type: 'amend' })
  | (BlockJobInfoBase & { type: 'snapshot-load' })
  | (BlockJobInfoBase & { type: 'snapshot-save' })
  | (BlockJobInfoBase & { type: 'snapshot-delete' });

export type NewImageMode =
  | 'existing'
  | 'absolute-paths';

export interface BlockdevSnapshotSync {
  device?: string;
  'node-name'?: string;
  'snapshot-file': string;
  'snapshot-node-name'?: string;
  format?: string;
  mode?: NewImageMode;
}

export interface BlockdevSnapshot {
  node: string;
  overlay: string;
}

export interface BackupPerf {
  'use-copy-range'?: boolean;
  'max-workers'?: number | bigint;
  'max-chunk'?: number | bigint;
  'min-cluster-size'?: number | bigint;
}

export interface BackupCommon {
  'job-id'?: string;
  device: string;
  sync: MirrorSyncMode;
  speed?: number | bigint;
  bitmap?: string;
  'bitmap-mode'?: BitmapSyncMode;
  compress?: boolean;
  'on-source-error'?: BlockdevOnError;
  'on-target-error'?: BlockdevOnError;
  'auto-finalize'?: boolean;
  'auto-dismiss'?: boolean;
  'filter-node-name'?: string;
  'discard-source'?: boolean;
  /** @experimental QAPI feature `unstable` */
  'x-perf'?: BackupPerf;
}

export interface DriveBackup extends BackupCommon {
  target: string;
  format?: string;
  mode?: NewImageMode;
}

export interface BlockdevBackup extends BackupCommon {
  target: string;
}

export type XDbgBlockGraphNodeType =
  | 'block-backend'
  | 'block-job'
  | 'block-driver';

export interface XDbgBlockGraphNode {
  id: number | bigint;
  type: XDbgBlockGraphNodeType;
  name: string;
}

export type BlockPermission =
  | 'consistent-read'
  | 'write'
  | 'write-unchanged'
  | 'resize';

export interface XDbgBlockGraphEdge {
  parent: number | bigint;
  child: number | bigint;
  name: string;
  perm: BlockPermission[];
  'shared-perm': BlockPermission[];
}

export interface XDbgBlockGraph {
  nodes: XDbgBlockGraphNode[];
  edges: XDbgBlockGraphEdge[];
}

export interface DriveMirror {
  'job-id'?: string;
  device: string;
  target: string;
  format?: string;
  'node-name'?: string;
  replaces?: string;
  sync: MirrorSyncMode;
  mode?: NewImageMode;
  speed?: number | bigint;
  granularity?: number;
  'buf-size'?: number | bigint;
  'on-source-error'?: BlockdevOnError;
  'on-target-error'?: BlockdevOnError;
  unmap?: boolean;
  'copy-mode'?: MirrorCopyMode;
  'auto-finalize'?: boolean;
  'auto-dismiss'?: boolean;
}

export interface BlockDirtyBitmap {
  node: string;
  name: string;
}

export interface BlockDirtyBitmapAdd {
  node: string;
  name: string;
  granularity?: number;
  persistent?: boolean;
  disabled?: boolean;
}

export type BlockDirtyBitmapOrStr =
  | string
  | BlockDirtyBitmap;

export interface BlockDirtyBitmapMerge {
  node: string;
  target: string;
  bitmaps: BlockDirtyBitmapOrStr[];
}

export interface BlockDirtyBitmapSha256 {
  sha256: string;
}

export interface BlockIOThrottle {
  /** @deprecated */
  device?: string;
  id?: string;
  bps: number | bigint;
  bps_rd: number | bigint;
  bps_wr: number | bigint;
  iops: number | bigint;
  iops_rd: number | bigint;
  iops_wr: number | bigint;
  bps_max?: number | bigint;
  bps_rd_max?: number | bigint;
  bps_wr_max?: number | bigint;
  iops_max?: number | bigint;
  iops_rd_max?: number | bigint;
  iops_wr_max?: number | bigint;
  bps_max_length?: number | bigint;
  bps_rd_max_length?: number | bigint;
  bps_wr_max_length?: number | bigint;
  iops_max_length?: number | bigint;
  iops_rd_max_length?: number | bigint;
  iops_wr_max_length?: number | bigint;
  iops_size?: number | bigint;
  group?: string;
}

export interface ThrottleLimits {
  'iops-total'?: number | bigint;
  'iops-total-max'?: number | bigint;
  'iops-total-max-length'?: number | bigint;
  'iops-read'?: number | bigint;
  'iops-read-max'?: number | bigint;
  'iops-read-max-length'?: number | bigint;
  'iops-write'?: number | bigint;
  'iops-write-max'?: number | bigint;
  'iops-write-max-length'?: number | bigint;
  'bps-total'?: number | bigint;
  'bps-total-max'?: number | bigint;
  'bps-total-max-length'?: number | bigint;
  'bps-read'?: number | bigint;
  'bps-read-max'?: number | bigint;
  'bps-read-max-length'?: number | bigint;
  'bps-write'?: number | bigint;
  'bps-write-max'?: number | bigint;
  'bps-write-max-length'?: number | bigint;
  'iops-size'?: number | bigint;
}

export interface ThrottleGroupProperties {
  limits?: ThrottleLimits;
  /** @experimental QAPI feature `unstable` */
  'x-iops-total'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-total-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-total-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-read'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-read-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-read-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-write'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-write-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-write-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-total'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-total-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-total-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-read'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-read-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-read-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-write'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-write-max'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-bps-write-max-length'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-iops-size'?: number | bigint;
}

export interface BlockJobChangeOptionsMirror {
  'copy-mode': MirrorCopyMode;
}

/** The members common to every variant of {@link BlockJobChangeOptions}. */
export interface BlockJobChangeOptionsBase {
  id: string;
  type: JobType;
}

export type BlockJobChangeOptions =
  | (BlockJobChangeOptionsBase & { type: 'commit' })
  | (BlockJobChangeOptionsBase & { type: 'stream' })
  | (BlockJobChangeOptionsBase & { type: 'mirror' } & BlockJobChangeOptionsMirror)
  | (BlockJobChangeOptionsBase & { type: 'backup' })
  | (BlockJobChangeOptionsBase & { type: 'create' })
  | (BlockJobChangeOptionsBase & { type: 'amend' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-load' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-save' })
  | (BlockJobChangeOptionsBase & { type: 'snapshot-delete' });

export type BlockdevDiscardOptions =
  | 'ignore'
  | 'unmap';

export type BlockdevDetectZeroesOptions =
  | 'off'
  | 'on'
  | 'unmap';

export type BlockdevAioOptions =
  | 'threads'
  | 'native'
  | 'io_uring'; // if CONFIG_LINUX_IO_URING

export interface BlockdevCacheOptions {
  direct?: boolean;
  'no-flush'?: boolean;
}

export type BlockdevDriver =
  | 'blkdebug'
  | 'blklogwrites'
  | 'blkreplay'
  | 'blkverify'
  | 'bochs'
  | 'cloop'
  | 'compress'
  | 'copy-before-write'
  | 'copy-on-read'
  | 'dmg'
  | 'file'
  | 'snapshot-access'
  | 'ftp'
  | 'ftps'
  | 'gluster' // deprecated
  | 'host_cdrom' // if HAVE_HOST_BLOCK_DEVICE
  | 'host_device' // if HAVE_HOST_BLOCK_DEVICE
  | 'http'
  | 'https'
  | 'iscsi'
  | 'luks'
  | 'nbd'
  | 'nfs'
  | 'null-aio'
  | 'null-co'
  | 'nvme'
  | 'parallels'
  | 'preallocate'
  | 'qcow'
  | 'qcow2'
  | 'qed'
  | 'quorum'
  | 'raw'
  | 'rbd'
  | 'replication' // if CONFIG_REPLICATION
  | 'ssh'
  | 'throttle'
  | 'vdi'
  | 'vhdx'
  | 'vmdk'
  | 'vpc'
  | 'vvfat';

/** QAPI features: `dynamic-auto-read-only` */
export interface BlockdevOptionsFile {
  filename: string;
  'pr-manager'?: string;
  locking?: OnOffAuto;
  aio?: BlockdevAioOptions;
  'aio-max-batch'?: number | bigint;
  /** Build condition: `CONFIG_LINUX` */
  'drop-cache'?: boolean;
  /** @experimental QAPI feature `unstable` */
  'x-check-cache-dropped'?: boolean;
}

export interface BlockdevOptionsNull {
  size?: number | bigint;
  'latency-ns'?: number | bigint;
  'read-zeroes'?: boolean;
}

export interface BlockdevOptionsNVMe {
  device: string;
  namespace: number | bigint;
}

export interface BlockdevOptionsVVFAT {
  dir: string;
  'fat-type'?: number | bigint;
  floppy?: boolean;
  label?: string;
  rw?: boolean;
}

export interface BlockdevOptionsGenericFormat {
  file: BlockdevRef;
}

export interface BlockdevOptionsLUKS extends BlockdevOptionsGenericFormat {
  'key-secret'?: string;
  header?: BlockdevRef;
}

export interface BlockdevOptionsGenericCOWFormat extends BlockdevOptionsGenericFormat {
  backing?: BlockdevRefOrNull;
}

export type Qcow2OverlapCheckMode =
  | 'none'
  | 'constant'
  | 'cached'
  | 'all';

export interface Qcow2OverlapCheckFlags {
  template?: Qcow2OverlapCheckMode;
  'main-header'?: boolean;
  'active-l1'?: boolean;
  'active-l2'?: boolean;
  'refcount-table'?: boolean;
  'refcount-block'?: boolean;
  'snapshot-table'?: boolean;
  'inactive-l1'?: boolean;
  'inactive-l2'?: boolean;
  'bitmap-directory'?: boolean;
}

export type Qcow2OverlapChecks =
  | Qcow2OverlapCheckFlags
  | Qcow2OverlapCheckMode;

export type BlockdevQcowEncryptionFormat =
  | 'aes';

/** The members common to every variant of {@link BlockdevQcowEncryption}. */
export interface BlockdevQcowEncryptionBase {
  format: BlockdevQcowEncryptionFormat;
}

export type BlockdevQcowEncryption =
  | (BlockdevQcowEncryptionBase & { format: 'aes' } & QCryptoBlockOptionsQCow);

export interface BlockdevOptionsQcow extends BlockdevOptionsGenericCOWFormat {
  encrypt?: BlockdevQcowEncryption;
}

export type BlockdevQcow2EncryptionFormat =
  | 'aes'
  | 'luks';

/** The members common to every variant of {@link BlockdevQcow2Encryption}. */
export interface BlockdevQcow2EncryptionBase {
  format: BlockdevQcow2EncryptionFormat;
}

export type BlockdevQcow2Encryption =
  | (BlockdevQcow2EncryptionBase & { format: 'aes' } & QCryptoBlockOptionsQCow)
  | (BlockdevQcow2EncryptionBase & { format: 'luks' } & QCryptoBlockOptionsLUKS);

export interface BlockdevOptionsPreallocate extends BlockdevOptionsGenericFormat {
  'prealloc-align'?: number | bigint;
  'prealloc-size'?: number | bigint;
}

export interface BlockdevOptionsQcow2 extends BlockdevOptionsGenericCOWFormat {
  'lazy-refcounts'?: boolean;
  'pass-discard-request'?: boolean;
  'pass-discard-snapshot'?: boolean;
  'pass-discard-other'?: boolean;
  'discard-no-unref'?: boolean;
  'overlap-check'?: Qcow2OverlapChecks;
  'cache-size'?: number | bigint;
  'l2-cache-size'?: number | bigint;
  'l2-cache-entry-size'?: number | bigint;
  'refcount-cache-size'?: number | bigint;
  'cache-clean-interval'?: number | bigint;
  encrypt?: BlockdevQcow2Encryption;
  'data-file'?: BlockdevRef;
}

export type SshHostKeyCheckMode =
  | 'none'
  | 'hash'
  | 'known_hosts';

export type SshHostKeyCheckHashType =
  | 'md5'
  | 'sha1'
  | 'sha256';

export interface SshHostKeyHash {
  type: SshHostKeyCheckHashType;
  hash: string;
}

/** The members common to every variant of {@link SshHostKeyCheck}. */
export interface SshHostKeyCheckBase {
  mode: SshHostKeyCheckMode;
}

export type SshHostKeyCheck =
  | (SshHostKeyCheckBase & { mode: 'none' })
  | (SshHostKeyCheckBase & { mode: 'hash' } & SshHostKeyHash)
  | (SshHostKeyCheckBase & { mode: 'known_hosts' });

export interface BlockdevOptionsSsh {
  server: InetSocketAddress;
  path: string;
  user?: string;
  'host-key-check'?: SshHostKeyCheck;
}

export type BlkdebugEvent =
  | 'l1_update'
  | 'l1_grow_alloc_table'
  | 'l1_grow_write_table'
  | 'l1_grow_activate_table'
  | 'l2_load'
  | 'l2_update'
  | 'l2_update_compressed'
  | 'l2_alloc_cow_read'
  | 'l2_alloc_write'
  | 'read_aio'
  | 'read_backing_aio'
  | 'read_compressed'
  | 'write_aio'
  | 'write_compressed'
  | 'vmstate_load'
  | 'vmstate_save'
  | 'cow_read'
  | 'cow_write'
  | 'reftable_load'
  | 'reftable_grow'
  | 'reftable_update'
  | 'refblock_load'
  | 'refblock_update'
  | 'refblock_update_part'
  | 'refblock_alloc'
  | 'refblock_alloc_hookup'
  | 'refblock_alloc_write'
  | 'refblock_alloc_write_blocks'
  | 'refblock_alloc_write_table'
  | 'refblock_alloc_switch_table'
  | 'cluster_alloc'
  | 'cluster_alloc_bytes'
  | 'cluster_free'
  | 'flush_to_os'
  | 'flush_to_disk'
  | 'pwritev_rmw_head'
  | 'pwritev_rmw_after_head'
  | 'pwritev_rmw_tail'
  | 'pwritev_rmw_after_tail'
  | 'pwritev'
  | 'pwritev_zero'
  | 'pwritev_done'
  | 'empty_image_prepare'
  | 'l1_shrink_write_table'
  | 'l1_shrink_free_l2_clusters'
  | 'cor_write'
  | 'cluster_alloc_space'
  | 'none';

export type BlkdebugIOType =
  | 'read'
  | 'write'
  | 'write-zeroes'
  | 'discard'
  | 'flush'
  | 'block-status';

export interface BlkdebugInjectErrorOptions {
  event: BlkdebugEvent;
  state?: number | bigint;
  iotype?: BlkdebugIOType;
  errno?: number | bigint;
  sector?: number | bigint;
  once?: boolean;
  immediately?: boolean;
}

export interface BlkdebugSetStateOptions {
  event: BlkdebugEvent;
  state?: number | bigint;
  new_state: number | bigint;
}

export interface BlockdevOptionsBlkdebug {
  image: BlockdevRef;
  config?: string;
  align?: number | bigint;
  'max-transfer'?: number;
  'opt-write-zero'?: number;
  'max-write-zero'?: number;
  'opt-discard'?: number;
  'max-discard'?: number;
  'inject-error'?: BlkdebugInjectErrorOptions[];
  'set-state'?: BlkdebugSetStateOptions[];
  'take-child-perms'?: BlockPermission[];
  'unshare-child-perms'?: BlockPermission[];
}

export interface BlockdevOptionsBlklogwrites {
  file: BlockdevRef;
  log: BlockdevRef;
  'log-sector-size'?: number;
  'log-append'?: boolean;
  'log-super-update-interval'?: number | bigint;
}

export interface BlockdevOptionsBlkverify {
  test: BlockdevRef;
  raw: BlockdevRef;
}

export interface BlockdevOptionsBlkreplay {
  image: BlockdevRef;
}

export type QuorumReadPattern =
  | 'quorum'
  | 'fifo';

export interface BlockdevOptionsQuorum {
  blkverify?: boolean;
  children: BlockdevRef[];
  'vote-threshold': number | bigint;
  'rewrite-corrupted'?: boolean;
  'read-pattern'?: QuorumReadPattern;
}

export interface BlockdevOptionsGluster {
  volume: string;
  path: string;
  server: SocketAddress[];
  debug?: number | bigint;
  logfile?: string;
}

export type IscsiTransport =
  | 'tcp'
  | 'iser';

export type IscsiHeaderDigest =
  | 'crc32c'
  | 'none'
  | 'crc32c-none'
  | 'none-crc32c';

export interface BlockdevOptionsIscsi {
  transport: IscsiTransport;
  portal: string;
  target: string;
  lun?: number | bigint;
  user?: string;
  'password-secret'?: string;
  'initiator-name'?: string;
  'header-digest'?: IscsiHeaderDigest;
  timeout?: number | bigint;
}

export type RbdAuthMode =
  | 'cephx'
  | 'none';

export type RbdImageEncryptionFormat =
  | 'luks'
  | 'luks2'
  | 'luks-any';

export interface RbdEncryptionOptionsLUKSBase {
  'key-secret': string;
}

export interface RbdEncryptionCreateOptionsLUKSBase extends RbdEncryptionOptionsLUKSBase {
  'cipher-alg'?: QCryptoCipherAlgo;
}

export interface RbdEncryptionOptionsLUKS extends RbdEncryptionOptionsLUKSBase {}

export interface RbdEncryptionOptionsLUKS2 extends RbdEncryptionOptionsLUKSBase {}

export interface RbdEncryptionOptionsLUKSAny extends RbdEncryptionOptionsLUKSBase {}

export interface RbdEncryptionCreateOptionsLUKS extends RbdEncryptionCreateOptionsLUKSBase {}

export interface RbdEncryptionCreateOptionsLUKS2 extends RbdEncryptionCreateOptionsLUKSBase {}

/** The members common to every variant of {@link RbdEncryptionOptions}. */
export interface RbdEncryptionOptionsBase {
  format: RbdImageEncryptionFormat;
  parent?: RbdEncryptionOptions;
}

export type RbdEncryptionOptions =
  | (RbdEncryptionOptionsBase & { format: 'luks' } & RbdEncryptionOptionsLUKS)
  | (RbdEncryptionOptionsBase & { format: 'luks2' } & RbdEncryptionOptionsLUKS2)
  | (RbdEncryptionOptionsBase & { format: 'luks-any' } & RbdEncryptionOptionsLUKSAny);

/** The members common to every variant of {@link RbdEncryptionCreateOptions}. */
export interface RbdEncryptionCreateOptionsBase {
  format: RbdImageEncryptionFormat;
}

export type RbdEncryptionCreateOptions =
  | (RbdEncryptionCreateOptionsBase & { format: 'luks' } & RbdEncryptionCreateOptionsLUKS)
  | (RbdEncryptionCreateOptionsBase & { format: 'luks2' } & RbdEncryptionCreateOptionsLUKS2)
  | (RbdEncryptionCreateOptionsBase & { format: 'luks-any' });

export interface BlockdevOptionsRbd {
  pool: string;
  namespace?: string;
  image: string;
  conf?: string;
  snapshot?: string;
  encrypt?: RbdEncryptionOptions;
  user?: string;
  'auth-client-required'?: RbdAuthMode[];
  'key-secret'?: string;
  server?: InetSocketAddressBase[];
}

/** Build condition: `CONFIG_REPLICATION` */
export type ReplicationMode =
  | 'primary'
  | 'secondary';

/** Build condition: `CONFIG_REPLICATION` */
export interface BlockdevOptionsReplication extends BlockdevOptionsGenericFormat {
  mode: ReplicationMode;
  'top-id'?: string;
}

export type NFSTransport =
  | 'inet';

export interface NFSServer {
  type: NFSTransport;
  host: string;
}

export interface BlockdevOptionsNfs {
  server: NFSServer;
  path: string;
  user?: number | bigint;
  group?: number | bigint;
  'tcp-syn-count'?: number | bigint;
  'readahead-size'?: number | bigint;
  'page-cache-size'?: number | bigint;
  debug?: number | bigint;
}

export interface BlockdevOptionsCurlBase {
  url: string;
  readahead?: number | bigint;
  timeout?: number | bigint;
  username?: string;
  'password-secret'?: string;
  'proxy-username'?: string;
  'proxy-password-secret'?: string;
}

export interface BlockdevOptionsCurlHttp extends BlockdevOptionsCurlBase {
  cookie?: string;
  'cookie-secret'?: string;
}

export interface BlockdevOptionsCurlHttps extends BlockdevOptionsCurlBase {
  cookie?: string;
  sslverify?: boolean;
  'cookie-secret'?: string;
}

export interface BlockdevOptionsCurlFtp extends BlockdevOptionsCurlBase {}

export interface BlockdevOptionsCurlFtps extends BlockdevOptionsCurlBase {
  sslverify?: boolean;
}

export interface BlockdevOptionsNbd {
  server: SocketAddress;
  export?: string;
  'tls-creds'?: string;
  'tls-hostname'?: string;
  /** @experimental QAPI feature `unstable` */
  'x-dirty-bitmap'?: string;
  'reconnect-delay'?: number;
  'open-timeout'?: number;
}

export interface BlockdevOptionsRaw extends BlockdevOptionsGenericFormat {
  offset?: number | bigint;
  size?: number | bigint;
}

export interface BlockdevOptionsThrottle {
  'throttle-group': string;
  file: BlockdevRef;
}

export interface BlockdevOptionsCor extends BlockdevOptionsGenericFormat {
  bottom?: string;
}

export type OnCbwError =
  | 'break-guest-write'
  | 'break-snapshot';

export interface BlockdevOptionsCbw extends BlockdevOptionsGenericFormat {
  target: BlockdevRef;
  bitmap?: BlockDirtyBitmap;
  'on-cbw-error'?: OnCbwError;
  'cbw-timeout'?: number;
  'min-cluster-size'?: number | bigint;
}

/** The members common to every variant of {@link BlockdevOptions}. */
export interface BlockdevOptionsBase {
  driver: BlockdevDriver;
  'node-name'?: string;
  discard?: BlockdevDiscardOptions;
  cache?: BlockdevCacheOptions;
  active?: boolean;
  'read-only'?: boolean;
  'auto-read-only'?: boolean;
  'force-share'?: boolean;
  'detect-zeroes'?: BlockdevDetectZeroesOptions;
}

export type BlockdevOptions =
  | (BlockdevOptionsBase & { driver: 'blkdebug' } & BlockdevOptionsBlkdebug)
  | (BlockdevOptionsBase & { driver: 'blklogwrites' } & BlockdevOptionsBlklogwrites)
  | (BlockdevOptionsBase & { driver: 'blkreplay' } & BlockdevOptionsBlkreplay)
  | (BlockdevOptionsBase & { driver: 'blkverify' } & BlockdevOptionsBlkverify)
  | (BlockdevOptionsBase & { driver: 'bochs' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'cloop' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'compress' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'copy-before-write' } & BlockdevOptionsCbw)
  | (BlockdevOptionsBase & { driver: 'copy-on-read' } & BlockdevOptionsCor)
  | (BlockdevOptionsBase & { driver: 'dmg' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'file' } & BlockdevOptionsFile)
  | (BlockdevOptionsBase & { driver: 'snapshot-access' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'ftp' } & BlockdevOptionsCurlFtp)
  | (BlockdevOptionsBase & { driver: 'ftps' } & BlockdevOptionsCurlFtps)
  | (BlockdevOptionsBase & { driver: 'gluster' } & BlockdevOptionsGluster)
  | (BlockdevOptionsBase & { driver: 'host_cdrom' } & BlockdevOptionsFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevOptionsBase & { driver: 'host_device' } & BlockdevOptionsFile) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevOptionsBase & { driver: 'http' } & BlockdevOptionsCurlHttp)
  | (BlockdevOptionsBase & { driver: 'https' } & BlockdevOptionsCurlHttps)
  | (BlockdevOptionsBase & { driver: 'iscsi' } & BlockdevOptionsIscsi)
  | (BlockdevOptionsBase & { driver: 'luks' } & BlockdevOptionsLUKS)
  | (BlockdevOptionsBase & { driver: 'nbd' } & BlockdevOptionsNbd)
  | (BlockdevOptionsBase & { driver: 'nfs' } & BlockdevOptionsNfs)
  | (BlockdevOptionsBase & { driver: 'null-aio' } & BlockdevOptionsNull)
  | (BlockdevOptionsBase & { driver: 'null-co' } & BlockdevOptionsNull)
  | (BlockdevOptionsBase & { driver: 'nvme' } & BlockdevOptionsNVMe)
  | (BlockdevOptionsBase & { driver: 'parallels' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'preallocate' } & BlockdevOptionsPreallocate)
  | (BlockdevOptionsBase & { driver: 'qcow' } & BlockdevOptionsQcow)
  | (BlockdevOptionsBase & { driver: 'qcow2' } & BlockdevOptionsQcow2)
  | (BlockdevOptionsBase & { driver: 'qed' } & BlockdevOptionsGenericCOWFormat)
  | (BlockdevOptionsBase & { driver: 'quorum' } & BlockdevOptionsQuorum)
  | (BlockdevOptionsBase & { driver: 'raw' } & BlockdevOptionsRaw)
  | (BlockdevOptionsBase & { driver: 'rbd' } & BlockdevOptionsRbd)
  | (BlockdevOptionsBase & { driver: 'replication' } & BlockdevOptionsReplication) // if CONFIG_REPLICATION
  | (BlockdevOptionsBase & { driver: 'ssh' } & BlockdevOptionsSsh)
  | (BlockdevOptionsBase & { driver: 'throttle' } & BlockdevOptionsThrottle)
  | (BlockdevOptionsBase & { driver: 'vdi' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'vhdx' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'vmdk' } & BlockdevOptionsGenericCOWFormat)
  | (BlockdevOptionsBase & { driver: 'vpc' } & BlockdevOptionsGenericFormat)
  | (BlockdevOptionsBase & { driver: 'vvfat' } & BlockdevOptionsVVFAT);

export type BlockdevRef =
  | BlockdevOptions
  | string;

export type BlockdevRefOrNull =
  | BlockdevOptions
  | string
  | null;

export interface BlockdevCreateOptionsFile {
  filename: string;
  size: number | bigint;
  preallocation?: PreallocMode;
  nocow?: boolean;
  'extent-size-hint'?: number | bigint;
}

export interface BlockdevCreateOptionsGluster {
  location: BlockdevOptionsGluster;
  size: number | bigint;
  preallocation?: PreallocMode;
}

export interface BlockdevCreateOptionsLUKS extends QCryptoBlockCreateOptionsLUKS {
  file?: BlockdevRef;
  header?: BlockdevRef;
  size: number | bigint;
  preallocation?: PreallocMode;
}

export interface BlockdevCreateOptionsNfs {
  location: BlockdevOptionsNfs;
  size: number | bigint;
}

export interface BlockdevCreateOptionsParallels {
  file: BlockdevRef;
  size: number | bigint;
  'cluster-size'?: number | bigint;
}

export interface BlockdevCreateOptionsQcow {
  file: BlockdevRef;
  size: number | bigint;
  'backing-file'?: string;
  encrypt?: QCryptoBlockCreateOptions;
}

export type BlockdevQcow2Version =
  | 'v2'
  | 'v3';

export type Qcow2CompressionType =
  | 'zlib'
  | 'zstd'; // if CONFIG_ZSTD

export interface BlockdevCreateOptionsQcow2 {
  file: BlockdevRef;
  'data-file'?: BlockdevRef;
  'data-file-raw'?: boolean;
  'extended-l2'?: boolean;
  size: number | bigint;
  version?: BlockdevQcow2Version;
  'backing-file'?: string;
  'backing-fmt'?: BlockdevDriver;
  encrypt?: QCryptoBlockCreateOptions;
  'cluster-size'?: number | bigint;
  preallocation?: PreallocMode;
  'lazy-refcounts'?: boolean;
  'refcount-bits'?: number | bigint;
  'compression-type'?: Qcow2CompressionType;
}

export interface BlockdevCreateOptionsQed {
  file: BlockdevRef;
  size: number | bigint;
  'backing-file'?: string;
  'backing-fmt'?: BlockdevDriver;
  'cluster-size'?: number | bigint;
  'table-size'?: number | bigint;
}

export interface BlockdevCreateOptionsRbd {
  location: BlockdevOptionsRbd;
  size: number | bigint;
  'cluster-size'?: number | bigint;
  encrypt?: RbdEncryptionCreateOptions;
}

export type BlockdevVmdkSubformat =
  | 'monolithicSparse'
  | 'monolithicFlat'
  | 'twoGbMaxExtentSparse'
  | 'twoGbMaxExtentFlat'
  | 'streamOptimized';

export type BlockdevVmdkAdapterType =
  | 'ide'
  | 'buslogic'
  | 'lsilogic'
  | 'legacyESX';

export interface BlockdevCreateOptionsVmdk {
  file: BlockdevRef;
  size: number | bigint;
  extents?: BlockdevRef[];
  subformat?: BlockdevVmdkSubformat;
  'backing-file'?: string;
  'adapter-type'?: BlockdevVmdkAdapterType;
  hwversion?: string;
  toolsversion?: string;
  'zeroed-grain'?: boolean;
}

export interface BlockdevCreateOptionsSsh {
  location: BlockdevOptionsSsh;
  size: number | bigint;
}

export interface BlockdevCreateOptionsVdi {
  file: BlockdevRef;
  size: number | bigint;
  preallocation?: PreallocMode;
}

export type BlockdevVhdxSubformat =
  | 'dynamic'
  | 'fixed';

export interface BlockdevCreateOptionsVhdx {
  file: BlockdevRef;
  size: number | bigint;
  'log-size'?: number | bigint;
  'block-size'?: number | bigint;
  subformat?: BlockdevVhdxSubformat;
  'block-state-zero'?: boolean;
}

export type BlockdevVpcSubformat =
  | 'dynamic'
  | 'fixed';

export interface BlockdevCreateOptionsVpc {
  file: BlockdevRef;
  size: number | bigint;
  subformat?: BlockdevVpcSubformat;
  'force-size'?: boolean;
}

/** The members common to every variant of {@link BlockdevCreateOptions}. */
export interface BlockdevCreateOptionsBase {
  driver: BlockdevDriver;
}

export type BlockdevCreateOptions =
  | (BlockdevCreateOptionsBase & { driver: 'blkdebug' })
  | (BlockdevCreateOptionsBase & { driver: 'blklogwrites' })
  | (BlockdevCreateOptionsBase & { driver: 'blkreplay' })
  | (BlockdevCreateOptionsBase & { driver: 'blkverify' })
  | (BlockdevCreateOptionsBase & { driver: 'bochs' })
  | (BlockdevCreateOptionsBase & { driver: 'cloop' })
  | (BlockdevCreateOptionsBase & { driver: 'compress' })
  | (BlockdevCreateOptionsBase & { driver: 'copy-before-write' })
  | (BlockdevCreateOptionsBase & { driver: 'copy-on-read' })
  | (BlockdevCreateOptionsBase & { driver: 'dmg' })
  | (BlockdevCreateOptionsBase & { driver: 'file' } & BlockdevCreateOptionsFile)
  | (BlockdevCreateOptionsBase & { driver: 'snapshot-access' })
  | (BlockdevCreateOptionsBase & { driver: 'ftp' })
  | (BlockdevCreateOptionsBase & { driver: 'ftps' })
  | (BlockdevCreateOptionsBase & { driver: 'gluster' } & BlockdevCreateOptionsGluster)
  | (BlockdevCreateOptionsBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevCreateOptionsBase & { driver: 'host_device' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevCreateOptionsBase & { driver: 'http' })
  | (BlockdevCreateOptionsBase & { driver: 'https' })
  | (BlockdevCreateOptionsBase & { driver: 'iscsi' })
  | (BlockdevCreateOptionsBase & { driver: 'luks' } & BlockdevCreateOptionsLUKS)
  | (BlockdevCreateOptionsBase & { driver: 'nbd' })
  | (BlockdevCreateOptionsBase & { driver: 'nfs' } & BlockdevCreateOptionsNfs)
  | (BlockdevCreateOptionsBase & { driver: 'null-aio' })
  | (BlockdevCreateOptionsBase & { driver: 'null-co' })
  | (BlockdevCreateOptionsBase & { driver: 'nvme' })
  | (BlockdevCreateOptionsBase & { driver: 'parallels' } & BlockdevCreateOptionsParallels)
  | (BlockdevCreateOptionsBase & { driver: 'preallocate' })
  | (BlockdevCreateOptionsBase & { driver: 'qcow' } & BlockdevCreateOptionsQcow)
  | (BlockdevCreateOptionsBase & { driver: 'qcow2' } & BlockdevCreateOptionsQcow2)
  | (BlockdevCreateOptionsBase & { driver: 'qed' } & BlockdevCreateOptionsQed)
  | (BlockdevCreateOptionsBase & { driver: 'quorum' })
  | (BlockdevCreateOptionsBase & { driver: 'raw' })
  | (BlockdevCreateOptionsBase & { driver: 'rbd' } & BlockdevCreateOptionsRbd)
  | (BlockdevCreateOptionsBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockdevCreateOptionsBase & { driver: 'ssh' } & BlockdevCreateOptionsSsh)
  | (BlockdevCreateOptionsBase & { driver: 'throttle' })
  | (BlockdevCreateOptionsBase & { driver: 'vdi' } & BlockdevCreateOptionsVdi)
  | (BlockdevCreateOptionsBase & { driver: 'vhdx' } & BlockdevCreateOptionsVhdx)
  | (BlockdevCreateOptionsBase & { driver: 'vmdk' } & BlockdevCreateOptionsVmdk)
  | (BlockdevCreateOptionsBase & { driver: 'vpc' } & BlockdevCreateOptionsVpc)
  | (BlockdevCreateOptionsBase & { driver: 'vvfat' });

export interface BlockdevAmendOptionsLUKS extends QCryptoBlockAmendOptionsLUKS {}

export interface BlockdevAmendOptionsQcow2 {
  encrypt?: QCryptoBlockAmendOptions;
}

/** The members common to every variant of {@link BlockdevAmendOptions}. */
export interface BlockdevAmendOptionsBase {
  driver: BlockdevDriver;
}

export type BlockdevAmendOptions =
  | (BlockdevAmendOptionsBase & { driver: 'blkdebug' })
  | (BlockdevAmendOptionsBase & { driver: 'blklogwrites' })
  | (BlockdevAmendOptionsBase & { driver: 'blkreplay' })
  | (BlockdevAmendOptionsBase & { driver: 'blkverify' })
  | (BlockdevAmendOptionsBase & { driver: 'bochs' })
  | (BlockdevAmendOptionsBase & { driver: 'cloop' })
  | (BlockdevAmendOptionsBase & { driver: 'compress' })
  | (BlockdevAmendOptionsBase & { driver: 'copy-before-write' })
  | (BlockdevAmendOptionsBase & { driver: 'copy-on-read' })
  | (BlockdevAmendOptionsBase & { driver: 'dmg' })
  | (BlockdevAmendOptionsBase & { driver: 'file' })
  | (BlockdevAmendOptionsBase & { driver: 'snapshot-access' })
  | (BlockdevAmendOptionsBase & { driver: 'ftp' })
  | (BlockdevAmendOptionsBase & { driver: 'ftps' })
  | (BlockdevAmendOptionsBase & { driver: 'gluster' })
  | (BlockdevAmendOptionsBase & { driver: 'host_cdrom' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevAmendOptionsBase & { driver: 'host_device' }) // if HAVE_HOST_BLOCK_DEVICE
  | (BlockdevAmendOptionsBase & { driver: 'http' })
  | (BlockdevAmendOptionsBase & { driver: 'https' })
  | (BlockdevAmendOptionsBase & { driver: 'iscsi' })
  | (BlockdevAmendOptionsBase & { driver: 'luks' } & BlockdevAmendOptionsLUKS)
  | (BlockdevAmendOptionsBase & { driver: 'nbd' })
  | (BlockdevAmendOptionsBase & { driver: 'nfs' })
  | (BlockdevAmendOptionsBase & { driver: 'null-aio' })
  | (BlockdevAmendOptionsBase & { driver: 'null-co' })
  | (BlockdevAmendOptionsBase & { driver: 'nvme' })
  | (BlockdevAmendOptionsBase & { driver: 'parallels' })
  | (BlockdevAmendOptionsBase & { driver: 'preallocate' })
  | (BlockdevAmendOptionsBase & { driver: 'qcow' })
  | (BlockdevAmendOptionsBase & { driver: 'qcow2' } & BlockdevAmendOptionsQcow2)
  | (BlockdevAmendOptionsBase & { driver: 'qed' })
  | (BlockdevAmendOptionsBase & { driver: 'quorum' })
  | (BlockdevAmendOptionsBase & { driver: 'raw' })
  | (BlockdevAmendOptionsBase & { driver: 'rbd' })
  | (BlockdevAmendOptionsBase & { driver: 'replication' }) // if CONFIG_REPLICATION
  | (BlockdevAmendOptionsBase & { driver: 'ssh' })
  | (BlockdevAmendOptionsBase & { driver: 'throttle' })
  | (BlockdevAmendOptionsBase & { driver: 'vdi' })
  | (BlockdevAmendOptionsBase & { driver: 'vhdx' })
  | (BlockdevAmendOptionsBase & { driver: 'vmdk' })
  | (BlockdevAmendOptionsBase & { driver: 'vpc' })
  | (BlockdevAmendOptionsBase & { driver: 'vvfat' });

export type BlockErrorAction =
  | 'ignore'
  | 'report'
  | 'stop';

export type PreallocMode =
  | 'off'
  | 'metadata'
  | 'falloc'
  | 'full';

export type QuorumOpType =
  | 'read'
  | 'write'
  | 'flush';

export interface BlockdevSnapshotInternal {
  device: string;
  name: string;
}

export interface DummyBlockCoreForceArrays {
  'unused-block-graph-info': BlockGraphInfo[];
}

// ---- block ----

export type BiosAtaTranslation =
  | 'auto'
  | 'none'
  | 'lba'
  | 'large'
  | 'rechs';

export type FloppyDriveType =
  | '144'
  | '288'
  | '120'
  | 'none'
  | 'auto';

export interface PRManagerInfo {
  id: string;
  connected: boolean;
}

export type BlockdevChangeReadOnlyMode =
  | 'retain'
  | 'read-only'
  | 'read-write';

// ---- block-export ----

export interface NbdServerOptionsBase {
  'handshake-max-seconds'?: number;
  'tls-creds'?: string;
  'tls-authz'?: string;
  'max-connections'?: number;
}

export interface NbdServerOptions extends NbdServerOptionsBase {
  addr: SocketAddress;
}

export interface NbdServerOptionsLegacy extends NbdServerOptionsBase {
  addr: SocketAddressLegacy;
}

export interface BlockExportOptionsNbdBase {
  name?: string;
  description?: string;
}

export interface BlockExportOptionsNbd extends BlockExportOptionsNbdBase {
  bitmaps?: BlockDirtyBitmapOrStr[];
  'allocation-depth'?: boolean;
}

export interface BlockExportOptionsVhostUserBlk {
  addr: SocketAddress;
  'logical-block-size'?: number | bigint;
  'num-queues'?: number;
}

export type FuseExportAllowOther =
  | 'off'
  | 'on'
  | 'auto';

/** Build condition: `CONFIG_FUSE` */
export interface BlockExportOptionsFuse {
  mountpoint: string;
  growable?: boolean;
  'allow-other'?: FuseExportAllowOther;
}

export interface BlockExportOptionsVduseBlk {
  name: string;
  'num-queues'?: number;
  'queue-size'?: number;
  'logical-block-size'?: number | bigint;
  serial?: string;
}

export interface NbdServerAddOptions extends BlockExportOptionsNbdBase {
  device: string;
  writable?: boolean;
  bitmap?: string;
}

export type BlockExportRemoveMode =
  | 'safe'
  | 'hard';

export type BlockExportType =
  | 'nbd'
  | 'vhost-user-blk' // if CONFIG_VHOST_USER_BLK_SERVER
  | 'fuse' // if CONFIG_FUSE
  | 'vduse-blk'; // if CONFIG_VDUSE_BLK_EXPORT

/** The members common to every variant of {@link BlockExportOptions}. */
export interface BlockExportOptionsBase {
  type: BlockExportType;
  id: string;
  'fixed-iothread'?: boolean;
  iothread?: string;
  'node-name': string;
  writable?: boolean;
  writethrough?: boolean;
  'allow-inactive'?: boolean;
}

export type BlockExportOptions =
  | (BlockExportOptionsBase & { type: 'nbd' } & BlockExportOptionsNbd)
  | (BlockExportOptionsBase & { type: 'vhost-user-blk' } & BlockExportOptionsVhostUserBlk) // if CONFIG_VHOST_USER_BLK_SERVER
  | (BlockExportOptionsBase & { type: 'fuse' } & BlockExportOptionsFuse) // if CONFIG_FUSE
  | (BlockExportOptionsBase & { type: 'vduse-blk' } & BlockExportOptionsVduseBlk); // if CONFIG_VDUSE_BLK_EXPORT

export interface BlockExportInfo {
  id: string;
  type: BlockExportType;
  'node-name': string;
  'shutting-down': boolean;
}

// ---- char ----

export interface ChardevInfo {
  label: string;
  filename: string;
  'frontend-open': boolean;
}

export interface ChardevBackendInfo {
  name: string;
}

export type DataFormat =
  | 'utf8'
  | 'base64';

export interface ChardevCommon {
  logfile?: string;
  logappend?: boolean;
}

export interface ChardevFile extends ChardevCommon {
  in?: string;
  out: string;
  append?: boolean;
}

export interface ChardevHostdev extends ChardevCommon {
  device: string;
}

export interface ChardevSocket extends ChardevCommon {
  addr: SocketAddressLegacy;
  'tls-creds'?: string;
  'tls-authz'?: string;
  server?: boolean;
  wait?: boolean;
  nodelay?: boolean;
  telnet?: boolean;
  tn3270?: boolean;
  websocket?: boolean;
  /** @deprecated */
  reconnect?: number | bigint;
  'reconnect-ms'?: number | bigint;
}

export interface ChardevUdp extends ChardevCommon {
  remote: SocketAddressLegacy;
  local?: SocketAddressLegacy;
}

export interface ChardevMux extends ChardevCommon {
  chardev: string;
}

export interface ChardevHub extends ChardevCommon {
  chardevs: string[];
}

export interface ChardevStdio extends ChardevCommon {
  signal?: boolean;
}

/** Build condition: `CONFIG_SPICE` */
export interface ChardevSpiceChannel extends ChardevCommon {
  type: string;
}

/** Build condition: `CONFIG_SPICE` */
export interface ChardevSpicePort extends ChardevCommon {
  fqdn: string;
}

/** Build condition: `CONFIG_DBUS_DISPLAY` */
export interface ChardevDBus extends ChardevCommon {
  name: string;
}

export interface ChardevVC extends ChardevCommon {
  width?: number | bigint;
  height?: number | bigint;
  cols?: number | bigint;
  rows?: number | bigint;
}

export interface ChardevRingbuf extends ChardevCommon {
  size?: number | bigint;
}

/** Build condition: `CONFIG_SPICE_PROTOCOL` */
export interface ChardevQemuVDAgent extends ChardevCommon {
  mouse?: boolean;
  clipboard?: boolean;
}

export interface ChardevPty extends ChardevCommon {
  path?: string;
}

export type ChardevBackendKind =
  | 'file'
  | 'serial' // if HAVE_CHARDEV_SERIAL
  | 'parallel' // if HAVE_CHARDEV_PARALLEL
  | 'pipe'
  | 'socket'
  | 'udp'
  | 'pty'
  | 'null'
  | 'mux'
  | 'hub'
  | 'msmouse'
  | 'wctablet'
  | 'braille' // if CONFIG_BRLAPI
  | 'testdev'
  | 'stdio'
  | 'spicevmc' // if CONFIG_SPICE
  | 'spiceport' // if CONFIG_SPICE
  | 'qemu-vdagent' // if CONFIG_SPICE_PROTOCOL
  | 'dbus' // if CONFIG_DBUS_DISPLAY
  | 'vc'
  | 'ringbuf'
  | 'memory'; // deprecated

export interface ChardevFileWrapper {
  data: ChardevFile;
}

export interface ChardevHostdevWrapper {
  data: ChardevHostdev;
}

export interface ChardevSocketWrapper {
  data: ChardevSocket;
}

export interface ChardevUdpWrapper {
  data: ChardevUdp;
}

export interface ChardevCommonWrapper {
  data: ChardevCommon;
}

export interface ChardevMuxWrapper {
  data: ChardevMux;
}

export interface ChardevHubWrapper {
  data: ChardevHub;
}

export interface ChardevStdioWrapper {
  data: ChardevStdio;
}

/** Build condition: `CONFIG_SPICE` */
export interface ChardevSpiceChannelWrapper {
  data: ChardevSpiceChannel;
}

/** Build condition: `CONFIG_SPICE` */
export interface ChardevSpicePortWrapper {
  data: ChardevSpicePort;
}

/** Build condition: `CONFIG_SPICE_PROTOCOL` */
export interface ChardevQemuVDAgentWrapper {
  data: ChardevQemuVDAgent;
}

/** Build condition: `CONFIG_DBUS_DISPLAY` */
export interface ChardevDBusWrapper {
  data: ChardevDBus;
}

export interface ChardevVCWrapper {
  data: ChardevVC;
}

export interface ChardevRingbufWrapper {
  data: ChardevRingbuf;
}

export interface ChardevPtyWrapper {
  data: ChardevPty;
}

/** The members common to every variant of {@link ChardevBackend}. */
export interface ChardevBackendBase {
  type: ChardevBackendKind;
}

export type ChardevBackend =
  | (ChardevBackendBase & { type: 'file' } & ChardevFileWrapper)
  | (ChardevBackendBase & { type: 'serial' } & ChardevHostdevWrapper) // if HAVE_CHARDEV_SERIAL
  | (ChardevBackendBase & { type: 'parallel' } & ChardevHostdevWrapper) // if HAVE_CHARDEV_PARALLEL
  | (ChardevBackendBase & { type: 'pipe' } & ChardevHostdevWrapper)
  | (ChardevBackendBase & { type: 'socket' } & ChardevSocketWrapper)
  | (ChardevBackendBase & { type: 'udp' } & ChardevUdpWrapper)
  | (ChardevBackendBase & { type: 'pty' } & ChardevPtyWrapper)
  | (ChardevBackendBase & { type: 'null' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'mux' } & ChardevMuxWrapper)
  | (ChardevBackendBase & { type: 'hub' } & ChardevHubWrapper)
  | (ChardevBackendBase & { type: 'msmouse' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'wctablet' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'braille' } & ChardevCommonWrapper) // if CONFIG_BRLAPI
  | (ChardevBackendBase & { type: 'testdev' } & ChardevCommonWrapper)
  | (ChardevBackendBase & { type: 'stdio' } & ChardevStdioWrapper)
  | (ChardevBackendBase & { type: 'spicevmc' } & ChardevSpiceChannelWrapper) // if CONFIG_SPICE
  | (ChardevBackendBase & { type: 'spiceport' } & ChardevSpicePortWrapper) // if CONFIG_SPICE
  | (ChardevBackendBase & { type: 'qemu-vdagent' } & ChardevQemuVDAgentWrapper) // if CONFIG_SPICE_PROTOCOL
  | (ChardevBackendBase & { type: 'dbus' } & ChardevDBusWrapper) // if CONFIG_DBUS_DISPLAY
  | (ChardevBackendBase & { type: 'vc' } & ChardevVCWrapper)
  | (ChardevBackendBase & { type: 'ringbuf' } & ChardevRingbufWrapper)
  | (ChardevBackendBase & { type: 'memory' } & ChardevRingbufWrapper);

export interface ChardevReturn {
  pty?: string;
}

// ---- dump ----

export type DumpGuestMemoryFormat =
  | 'elf'
  | 'kdump-zlib'
  | 'kdump-lzo'
  | 'kdump-snappy'
  | 'kdump-raw-zlib'
  | 'kdump-raw-lzo'
  | 'kdump-raw-snappy'
  | 'win-dmp';

export type DumpStatus =
  | 'none'
  | 'active'
  | 'completed'
  | 'failed';

export interface DumpQueryResult {
  status: DumpStatus;
  completed: number | bigint;
  total: number | bigint;
}

export interface DumpGuestMemoryCapability {
  formats: DumpGuestMemoryFormat[];
}

// ---- net ----

export interface NetLegacyNicOptions {
  netdev?: string;
  macaddr?: string;
  model?: string;
  addr?: string;
  vectors?: number;
}

export interface String {
  str: string;
}

export interface NetdevUserOptions {
  hostname?: string;
  restrict?: boolean;
  ipv4?: boolean;
  ipv6?: boolean;
  ip?: string;
  net?: string;
  host?: string;
  tftp?: string;
  bootfile?: string;
  dhcpstart?: string;
  dns?: string;
  dnssearch?: String[];
  domainname?: string;
  'ipv6-prefix'?: string;
  'ipv6-prefixlen'?: number | bigint;
  'ipv6-host'?: string;
  'ipv6-dns'?: string;
  smb?: string;
  smbserver?: string;
  hostfwd?: String[];
  guestfwd?: String[];
  'tftp-server-name'?: string;
}

export interface NetdevTapOptions {
  ifname?: string;
  fd?: string;
  fds?: string;
  script?: string;
  downscript?: string;
  br?: string;
  helper?: string;
  sndbuf?: number | bigint;
  vnet_hdr?: boolean;
  vhost?: boolean;
  vhostfd?: string;
  vhostfds?: string;
  vhostforce?: boolean;
  queues?: number;
  'poll-us'?: number;
}

export interface NetdevSocketOptions {
  fd?: string;
  listen?: string;
  connect?: string;
  mcast?: string;
  localaddr?: string;
  udp?: string;
}

export interface NetdevL2TPv3Options {
  src: string;
  dst: string;
  srcport?: string;
  dstport?: string;
  ipv6?: boolean;
  udp?: boolean;
  cookie64?: boolean;
  counter?: boolean;
  pincounter?: boolean;
  txcookie?: number | bigint;
  rxcookie?: number | bigint;
  txsession: number;
  rxsession?: number;
  offset?: number;
}

export interface NetdevVdeOptions {
  sock?: string;
  port?: number;
  group?: string;
  mode?: number;
}

export interface NetdevBridgeOptions {
  br?: string;
  helper?: string;
}

export interface NetdevHubPortOptions {
  hubid: number;
  netdev?: string;
}

export interface NetdevNetmapOptions {
  ifname: string;
  devname?: string;
}

export interface NetdevVhostUserOptions {
  chardev: string;
  vhostforce?: boolean;
  queues?: number | bigint;
}

export interface NetdevVhostVDPAOptions {
  vhostdev?: string;
  vhostfd?: string;
  queues?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-svq'?: boolean;
}

export interface NetdevStreamOptions {
  addr: SocketAddress;
  server?: boolean;
  /** @deprecated */
  reconnect?: number | bigint;
  'reconnect-ms'?: number | bigint;
}

export interface NetdevDgramOptions {
  local?: SocketAddress;
  remote?: SocketAddress;
}

export type NetClientDriver =
  | 'none'
  | 'nic'
  | 'user'
  | 'tap'
  | 'l2tpv3'
  | 'socket'
  | 'stream'
  | 'dgram'
  | 'vde'
  | 'bridge'
  | 'hubport'
  | 'netmap'
  | 'vhost-user'
  | 'vhost-vdpa';

/** The members common to every variant of {@link Netdev}. */
export interface NetdevBase {
  id: string;
  type: NetClientDriver;
}

export type Netdev =
  | (NetdevBase & { type: 'none' })
  | (NetdevBase & { type: 'nic' } & NetLegacyNicOptions)
  | (NetdevBase & { type: 'user' } & NetdevUserOptions)
  | (NetdevBase & { type: 'tap' } & NetdevTapOptions)
  | (NetdevBase & { type: 'l2tpv3' } & NetdevL2TPv3Options)
  | (NetdevBase & { type: 'socket' } & NetdevSocketOptions)
  | (NetdevBase & { type: 'stream' } & NetdevStreamOptions)
  | (NetdevBase & { type: 'dgram' } & NetdevDgramOptions)
  | (NetdevBase & { type: 'vde' } & NetdevVdeOptions)
  | (NetdevBase & { type: 'bridge' } & NetdevBridgeOptions)
  | (NetdevBase & { type: 'hubport' } & NetdevHubPortOptions)
  | (NetdevBase & { type: 'netmap' } & NetdevNetmapOptions)
  | (NetdevBase & { type: 'vhost-user' } & NetdevVhostUserOptions)
  | (NetdevBase & { type: 'vhost-vdpa' } & NetdevVhostVDPAOptions);

export type RxState =
  | 'normal'
  | 'none'
  | 'all';

export interface RxFilterInfo {
  name: string;
  promiscuous: boolean;
  multicast: RxState;
  unicast: RxState;
  vlan: RxState;
  'broadcast-allowed': boolean;
  'multicast-overflow': boolean;
  'unicast-overflow': boolean;
  'main-mac': string;
  'vlan-table': (number | bigint)[];
  'unicast-table': string[];
  'multicast-table': string[];
}

export interface AnnounceParameters {
  initial: number | bigint;
  max: number | bigint;
  rounds: number | bigint;
  step: number | bigint;
  interfaces?: string[];
  id?: string;
}

// ---- ebpf ----

/** Build condition: `CONFIG_EBPF` */
export interface EbpfObject {
  object: string;
}

/** Build condition: `CONFIG_EBPF` */
export type EbpfProgramID =
  | 'rss';

// ---- rocker ----

export interface RockerSwitch {
  name: string;
  id: number | bigint;
  ports: number;
}

export type RockerPortDuplex =
  | 'half'
  | 'full';

export type RockerPortAutoneg =
  | 'off'
  | 'on';

export interface RockerPort {
  name: string;
  enabled: boolean;
  'link-up': boolean;
  speed: number;
  duplex: RockerPortDuplex;
  autoneg: RockerPortAutoneg;
}

export interface RockerOfDpaFlowKey {
  priority: number;
  'tbl-id': number;
  'in-pport'?: number;
  'tunnel-id'?: number;
  'vlan-id'?: number;
  'eth-type'?: number;
  'eth-src'?: string;
  'eth-dst'?: string;
  'ip-proto'?: number;
  'ip-tos'?: number;
  'ip-dst'?: string;
}

export interface RockerOfDpaFlowMask {
  'in-pport'?: number;
  'tunnel-id'?: number;
  'vlan-id'?: number;
  'eth-src'?: string;
  'eth-dst'?: string;
  'ip-proto'?: number;
  'ip-tos'?: number;
}

export interface RockerOfDpaFlowAction {
  'goto-tbl'?: number;
  'group-id'?: number;
  'tunnel-lport'?: number;
  'vlan-id'?: number;
  'new-vlan-id'?: number;
  'out-pport'?: number;
}

export interface RockerOfDpaFlow {
  cookie: number | bigint;
  hits: number | bigint;
  key: RockerOfDpaFlowKey;
  mask: RockerOfDpaFlowMask;
  action: RockerOfDpaFlowAction;
}

export interface RockerOfDpaGroup {
  id: number;
  type: number;
  'vlan-id'?: number;
  pport?: number;
  index?: number;
  'out-pport'?: number;
  'group-id'?: number;
  'set-vlan-id'?: number;
  'pop-vlan'?: number;
  'group-ids'?: number[];
  'set-eth-src'?: string;
  'set-eth-dst'?: string;
  'ttl-check'?: number;
}

// ---- tpm ----

/** Build condition: `CONFIG_TPM` */
export type TpmModel =
  | 'tpm-tis'
  | 'tpm-crb'
  | 'tpm-spapr';

/** Build condition: `CONFIG_TPM` */
export type TpmType =
  | 'passthrough'
  | 'emulator';

/** Build condition: `CONFIG_TPM` */
export interface TPMPassthroughOptions {
  path?: string;
  'cancel-path'?: string;
}

/** Build condition: `CONFIG_TPM` */
export interface TPMEmulatorOptions {
  chardev: string;
}

/** Build condition: `CONFIG_TPM` */
export interface TPMPassthroughOptionsWrapper {
  data: TPMPassthroughOptions;
}

/** Build condition: `CONFIG_TPM` */
export interface TPMEmulatorOptionsWrapper {
  data: TPMEmulatorOptions;
}

/** The members common to every variant of {@link TpmTypeOptions}. */
export interface TpmTypeOptionsBase {
  type: TpmType;
}

/** Build condition: `CONFIG_TPM` */
export type TpmTypeOptions =
  | (TpmTypeOptionsBase & { type: 'passthrough' } & TPMPassthroughOptionsWrapper)
  | (TpmTypeOptionsBase & { type: 'emulator' } & TPMEmulatorOptionsWrapper);

/** Build condition: `CONFIG_TPM` */
export interface TPMInfo {
  id: string;
  model: TpmModel;
  options: TpmTypeOptions;
}

// ---- ui ----

export type DisplayProtocol =
  | 'vnc'
  | 'spice';

export type SetPasswordAction =
  | 'keep'
  | 'fail'
  | 'disconnect';

/** The members common to every variant of {@link SetPasswordOptions}. */
export interface SetPasswordOptionsBase {
  protocol: DisplayProtocol;
  password: string;
  connected?: SetPasswordAction;
}

export type SetPasswordOptions =
  | (SetPasswordOptionsBase & { protocol: 'vnc' } & SetPasswordOptionsVnc)
  | (SetPasswordOptionsBase & { protocol: 'spice' });

export interface SetPasswordOptionsVnc {
  display?: string;
}

/** The members common to every variant of {@link ExpirePasswordOptions}. */
export interface ExpirePasswordOptionsBase {
  protocol: DisplayProtocol;
  time: string;
}

export type ExpirePasswordOptions =
  | (ExpirePasswordOptionsBase & { protocol: 'vnc' } & ExpirePasswordOptionsVnc)
  | (ExpirePasswordOptionsBase & { protocol: 'spice' });

export interface ExpirePasswordOptionsVnc {
  display?: string;
}

export type ImageFormat =
  | 'ppm'
  | 'png';

/** Build condition: `CONFIG_SPICE` */
export interface SpiceBasicInfo {
  host: string;
  port: string;
  family: NetworkAddressFamily;
}

/** Build condition: `CONFIG_SPICE` */
export interface SpiceServerInfo extends SpiceBasicInfo {
  auth?: string;
}

/** Build condition: `CONFIG_SPICE` */
export interface SpiceChannel extends SpiceBasicInfo {
  'connection-id': number | bigint;
  'channel-type': number | bigint;
  'channel-id': number | bigint;
  tls: boolean;
}

/** Build condition: `CONFIG_SPICE` */
export type SpiceQueryMouseMode =
  | 'client'
  | 'server'
  | 'unknown';

/** Build condition: `CONFIG_SPICE` */
export interface SpiceInfo {
  enabled: boolean;
  migrated: boolean;
  host?: string;
  port?: number | bigint;
  'tls-port'?: number | bigint;
  auth?: string;
  'compiled-version'?: string;
  'mouse-mode': SpiceQueryMouseMode;
  channels?: SpiceChannel[];
}

/** Build condition: `CONFIG_VNC` */
export interface VncBasicInfo {
  host: string;
  service: string;
  family: NetworkAddressFamily;
  websocket: boolean;
}

/** Build condition: `CONFIG_VNC` */
export interface VncServerInfo extends VncBasicInfo {
  auth?: string;
}

/** Build condition: `CONFIG_VNC` */
export interface VncClientInfo extends VncBasicInfo {
  x509_dname?: string;
  sasl_username?: string;
}

/** Build condition: `CONFIG_VNC` */
export interface VncInfo {
  enabled: boolean;
  host?: string;
  family?: NetworkAddressFamily;
  service?: string;
  auth?: string;
  clients?: VncClientInfo[];
}

/** Build condition: `CONFIG_VNC` */
export type VncPrimaryAuth =
  | 'none'
  | 'vnc'
  | 'ra2'
  | 'ra2ne'
  | 'tight'
  | 'ultra'
  | 'tls'
  | 'vencrypt'
  | 'sasl';

/** Build condition: `CONFIG_VNC` */
export type VncVencryptSubAuth =
  | 'plain'
  | 'tls-none'
  | 'x509-none'
  | 'tls-vnc'
  | 'x509-vnc'
  | 'tls-plain'
  | 'x509-plain'
  | 'tls-sasl'
  | 'x509-sasl';

/** Build condition: `CONFIG_VNC` */
export interface VncServerInfo2 extends VncBasicInfo {
  auth: VncPrimaryAuth;
  vencrypt?: VncVencryptSubAuth;
}

/** Build condition: `CONFIG_VNC` */
export interface VncInfo2 {
  id: string;
  server: VncServerInfo2[];
  clients: VncClientInfo[];
  auth: VncPrimaryAuth;
  vencrypt?: VncVencryptSubAuth;
  display?: string;
}

export interface MouseInfo {
  name: string;
  index: number | bigint;
  current: boolean;
  absolute: boolean;
}

export type QKeyCode =
  | 'unmapped'
  | 'shift'
  | 'shift_r'
  | 'alt'
  | 'alt_r'
  | 'ctrl'
  | 'ctrl_r'
  | 'menu'
  | 'esc'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '0'
  | 'minus'
  | 'equal'
  | 'backspace'
  | 'tab'
  | 'q'
  | 'w'
  | 'e'
  | 'r'
  | 't'
  | 'y'
  | 'u'
  | 'i'
  | 'o'
  | 'p'
  | 'bracket_left'
  | 'bracket_right'
  | 'ret'
  | 'a'
  | 's'
  | 'd'
  | 'f'
  | 'g'
  | 'h'
  | 'j'
  | 'k'
  | 'l'
  | 'semicolon'
  | 'apostrophe'
  | 'grave_accent'
  | 'backslash'
  | 'z'
  | 'x'
  | 'c'
  | 'v'
  | 'b'
  | 'n'
  | 'm'
  | 'comma'
  | 'dot'
  | 'slash'
  | 'asterisk'
  | 'spc'
  | 'caps_lock'
  | 'f1'
  | 'f2'
  | 'f3'
  | 'f4'
  | 'f5'
  | 'f6'
  | 'f7'
  | 'f8'
  | 'f9'
  | 'f10'
  | 'num_lock'
  | 'scroll_lock'
  | 'kp_divide'
  | 'kp_multiply'
  | 'kp_subtract'
  | 'kp_add'
  | 'kp_enter'
  | 'kp_decimal'
  | 'sysrq'
  | 'kp_0'
  | 'kp_1'
  | 'kp_2'
  | 'kp_3'
  | 'kp_4'
  | 'kp_5'
  | 'kp_6'
  | 'kp_7'
  | 'kp_8'
  | 'kp_9'
  | 'less'
  | 'f11'
  | 'f12'
  | 'print'
  | 'home'
  | 'pgup'
  | 'pgdn'
  | 'end'
  | 'left'
  | 'up'
  | 'down'
  | 'right'
  | 'insert'
  | 'delete'
  | 'stop'
  | 'again'
  | 'props'
  | 'undo'
  | 'front'
  | 'copy'
  | 'open'
  | 'paste'
  | 'find'
  | 'cut'
  | 'lf'
  | 'help'
  | 'meta_l'
  | 'meta_r'
  | 'compose'
  | 'pause'
  | 'ro'
  | 'hiragana'
  | 'henkan'
  | 'yen'
  | 'muhenkan'
  | 'katakanahiragana'
  | 'kp_comma'
  | 'kp_equals'
  | 'power'
  | 'sleep'
  | 'wake'
  | 'audionext'
  | 'audioprev'
  | 'audiostop'
  | 'audioplay'
  | 'audiomute'
  | 'volumeup'
  | 'volumedown'
  | 'mediaselect'
  | 'mail'
  | 'calculator'
  | 'computer'
  | 'ac_home'
  | 'ac_back'
  | 'ac_forward'
  | 'ac_refresh'
  | 'ac_bookmarks'
  | 'lang1'
  | 'lang2'
  | 'f13'
  | 'f14'
  | 'f15'
  | 'f16'
  | 'f17'
  | 'f18'
  | 'f19'
  | 'f20'
  | 'f21'
  | 'f22'
  | 'f23'
  | 'f24';

export type KeyValueKind =
  | 'number'
  | 'qcode';

export interface IntWrapper {
  data: number | bigint;
}

export interface QKeyCodeWrapper {
  data: QKeyCode;
}

/** The members common to every variant of {@link KeyValue}. */
export interface KeyValueBase {
  type: KeyValueKind;
}

export type KeyValue =
  | (KeyValueBase & { type: 'number' } & IntWrapper)
  | (KeyValueBase & { type: 'qcode' } & QKeyCodeWrapper);

export type InputButton =
  | 'left'
  | 'middle'
  | 'right'
  | 'wheel-up'
  | 'wheel-down'
  | 'side'
  | 'extra'
  | 'wheel-left'
  | 'wheel-right'
  | 'touch';

export type InputAxis =
  | 'x'
  | 'y';

export type InputMultiTouchType =
  | 'begin'
  | 'update'
  | 'end'
  | 'cancel'
  | 'data';

export interface InputKeyEvent {
  key: KeyValue;
  down: boolean;
}

export interface InputBtnEvent {
  button: InputButton;
  down: boolean;
}

export interface InputMoveEvent {
  axis: InputAxis;
  value: number | bigint;
}

export interface InputMultiTouchEvent {
  type: InputMultiTouchType;
  slot: number | bigint;
  'tracking-id': number | bigint;
  axis: InputAxis;
  value: number | bigint;
}

export type InputEventKind =
  | 'key'
  | 'btn'
  | 'rel'
  | 'abs'
  | 'mtt';

export interface InputKeyEventWrapper {
  data: InputKeyEvent;
}

export interface InputBtnEventWrapper {
  data: InputBtnEvent;
}

export interface InputMoveEventWrapper {
  data: InputMoveEvent;
}

export interface InputMultiTouchEventWrapper {
  data: InputMultiTouchEvent;
}

/** The members common to every variant of {@link InputEvent}. */
export interface InputEventBase {
  type: InputEventKind;
}

export type InputEvent =
  | (InputEventBase & { type: 'key' } & InputKeyEventWrapper)
  | (InputEventBase & { type: 'btn' } & InputBtnEventWrapper)
  | (InputEventBase & { type: 'rel' } & InputMoveEventWrapper)
  | (InputEventBase & { type: 'abs' } & InputMoveEventWrapper)
  | (InputEventBase & { type: 'mtt' } & InputMultiTouchEventWrapper);

export interface DisplayGTK {
  'grab-on-hover'?: boolean;
  'zoom-to-fit'?: boolean;
  'show-tabs'?: boolean;
  'show-menubar'?: boolean;
}

export interface DisplayEGLHeadless {
  rendernode?: string;
}

export interface DisplayDBus {
  rendernode?: string;
  addr?: string;
  p2p?: boolean;
  audiodev?: string;
}

export type DisplayGLMode =
  | 'off'
  | 'on'
  | 'core'
  | 'es';

export interface DisplayCurses {
  charset?: string;
}

export interface DisplayCocoa {
  'left-command-key'?: boolean;
  'full-grab'?: boolean;
  'swap-opt-cmd'?: boolean;
  'zoom-to-fit'?: boolean;
  'zoom-interpolation'?: boolean;
}

export type HotKeyMod =
  | 'lctrl-lalt'
  | 'lshift-lctrl-lalt'
  | 'rctrl';

export interface DisplaySDL {
  'grab-mod'?: HotKeyMod;
}

export type DisplayType =
  | 'default'
  | 'none'
  | 'gtk' // if CONFIG_GTK
  | 'sdl' // if CONFIG_SDL
  | 'egl-headless' // if CONFIG_OPENGL
  | 'curses' // if CONFIG_CURSES
  | 'spice-app' // if CONFIG_SPICE
  | 'dbus'; // if CONFIG_DBUS_DISPLAY

/** The members common to every variant of {@link DisplayOptions}. */
export interface DisplayOptionsBase {
  type: DisplayType;
  'full-screen'?: boolean;
  'window-close'?: boolean;
  'show-cursor'?: boolean;
  gl?: DisplayGLMode;
}

export type DisplayOptions =
  | (DisplayOptionsBase & { type: 'default' })
  | (DisplayOptionsBase & { type: 'none' })
  | (DisplayOptionsBase & { type: 'gtk' } & DisplayGTK) // if CONFIG_GTK
  | (DisplayOptionsBase & { type: 'sdl' } & DisplaySDL) // if CONFIG_SDL
  | (DisplayOptionsBase & { type: 'egl-headless' } & DisplayEGLHeadless) // if CONFIG_OPENGL
  | (DisplayOptionsBase & { type: 'curses' } & DisplayCurses) // if CONFIG_CURSES
  | (DisplayOptionsBase & { type: 'spice-app' }) // if CONFIG_SPICE
  | (DisplayOptionsBase & { type: 'dbus' } & DisplayDBus); // if CONFIG_DBUS_DISPLAY

export type DisplayReloadType =
  | 'vnc';

export interface DisplayReloadOptionsVNC {
  'tls-certs'?: boolean;
}

/** The members common to every variant of {@link DisplayReloadOptions}. */
export interface DisplayReloadOptionsBase {
  type: DisplayReloadType;
}

export type DisplayReloadOptions =
  | (DisplayReloadOptionsBase & { type: 'vnc' } & DisplayReloadOptionsVNC);

export type DisplayUpdateType =
  | 'vnc';

export interface DisplayUpdateOptionsVNC {
  addresses?: SocketAddress[];
}

/** The members common to every variant of {@link DisplayUpdateOptions}. */
export interface DisplayUpdateOptionsBase {
  type: DisplayUpdateType;
}

export type DisplayUpdateOptions =
  | (DisplayUpdateOptionsBase & { type: 'vnc' } & DisplayUpdateOptionsVNC);

// ---- authz ----

export type QAuthZListPolicy =
  | 'deny'
  | 'allow';

export type QAuthZListFormat =
  | 'exact'
  | 'glob';

export interface QAuthZListRule {
  match: string;
  policy: QAuthZListPolicy;
  format?: QAuthZListFormat;
}

export interface AuthZListProperties {
  policy?: QAuthZListPolicy;
  rules?: QAuthZListRule[];
}

export interface AuthZListFileProperties {
  filename: string;
  refresh?: boolean;
}

export interface AuthZPAMProperties {
  service: string;
}

export interface AuthZSimpleProperties {
  identity: string;
}

// ---- migration ----

export interface MigrationStats {
  transferred: number | bigint;
  remaining: number | bigint;
  total: number | bigint;
  duplicate: number | bigint;
  normal: number | bigint;
  'normal-bytes': number | bigint;
  'dirty-pages-rate': number | bigint;
  mbps: number;
  'dirty-sync-count': number | bigint;
  'postcopy-requests': number | bigint;
  'page-size': number | bigint;
  'multifd-bytes': number | bigint;
  'pages-per-second': number | bigint;
  'precopy-bytes': number | bigint;
  'downtime-bytes': number | bigint;
  'postcopy-bytes': number | bigint;
  'dirty-sync-missed-zero-copy': number | bigint;
}

export interface XBZRLECacheStats {
  'cache-size': number | bigint;
  bytes: number | bigint;
  pages: number | bigint;
  'cache-miss': number | bigint;
  'cache-miss-rate': number;
  'encoding-rate': number;
  overflow: number | bigint;
}

export interface CompressionStats {
  pages: number | bigint;
  busy: number | bigint;
  'busy-rate': number;
  'compressed-size': number | bigint;
  'compression-rate': number;
}

export type MigrationStatus =
  | 'none'
  | 'setup'
  | 'cancelling'
  | 'cancelled'
  | 'active'
  | 'postcopy-active'
  | 'postcopy-paused'
  | 'postcopy-recover-setup'
  | 'postcopy-recover'
  | 'completed'
  | 'failed'
  | 'colo'
  | 'pre-switchover'
  | 'device'
  | 'wait-unplug';

export interface VfioStats {
  transferred: number | bigint;
}

export interface MigrationInfo {
  status?: MigrationStatus;
  ram?: MigrationStats;
  vfio?: VfioStats;
  'xbzrle-cache'?: XBZRLECacheStats;
  'total-time'?: number | bigint;
  'expected-downtime'?: number | bigint;
  downtime?: number | bigint;
  'setup-time'?: number | bigint;
  'cpu-throttle-percentage'?: number | bigint;
  'error-desc'?: string;
  'blocked-reasons'?: string[];
  'postcopy-blocktime'?: number;
  'postcopy-vcpu-blocktime'?: number[];
  'socket-address'?: SocketAddress[];
  'dirty-limit-throttle-time-per-round'?: number | bigint;
  'dirty-limit-ring-full-time'?: number | bigint;
}

export type MigrationCapability =
  | 'xbzrle'
  | 'rdma-pin-all'
  | 'auto-converge'
  | 'zero-blocks' // deprecated
  | 'events'
  | 'postcopy-ram'
  | 'x-colo' // unstable
  | 'release-ram'
  | 'return-path'
  | 'pause-before-switchover'
  | 'multifd'
  | 'dirty-bitmaps'
  | 'postcopy-blocktime'
  | 'late-block-activate'
  | 'x-ignore-shared' // unstable
  | 'validate-uuid'
  | 'background-snapshot'
  | 'zero-copy-send'
  | 'postcopy-preempt'
  | 'switchover-ack'
  | 'dirty-limit'
  | 'mapped-ram';

export interface MigrationCapabilityStatus {
  capability: MigrationCapability;
  state: boolean;
}

export type MultiFDCompression =
  | 'none'
  | 'zlib'
  | 'zstd'; // if CONFIG_ZSTD

export type MigMode =
  | 'normal'
  | 'cpr-reboot'
  | 'cpr-transfer';

export type ZeroPageDetection =
  | 'none'
  | 'legacy'
  | 'multifd';

export interface BitmapMigrationBitmapAliasTransform {
  persistent?: boolean;
}

export interface BitmapMigrationBitmapAlias {
  name: string;
  alias: string;
  transform?: BitmapMigrationBitmapAliasTransform;
}

export interface BitmapMigrationNodeAlias {
  'node-name': string;
  alias: string;
  bitmaps: BitmapMigrationBitmapAlias[];
}

export type MigrationParameter =
  | 'announce-initial'
  | 'announce-max'
  | 'announce-rounds'
  | 'announce-step'
  | 'throttle-trigger-threshold'
  | 'cpu-throttle-initial'
  | 'cpu-throttle-increment'
  | 'cpu-throttle-tailslow'
  | 'tls-creds'
  | 'tls-hostname'
  | 'tls-authz'
  | 'max-bandwidth'
  | 'avail-switchover-bandwidth'
  | 'downtime-limit'
  | 'x-checkpoint-delay' // unstable
  | 'multifd-channels'
  | 'xbzrle-cache-size'
  | 'max-postcopy-bandwidth'
  | 'max-cpu-throttle'
  | 'multifd-compression'
  | 'multifd-zlib-level'
  | 'multifd-zstd-level'
  | 'multifd-qatzip-level'
  | 'block-bitmap-mapping'
  | 'x-vcpu-dirty-limit-period' // unstable
  | 'vcpu-dirty-limit'
  | 'mode'
  | 'zero-page-detection'
  | 'direct-io';

export interface MigrateSetParameters {
  'announce-initial'?: number | bigint;
  'announce-max'?: number | bigint;
  'announce-rounds'?: number | bigint;
  'announce-step'?: number | bigint;
  'throttle-trigger-threshold'?: number;
  'cpu-throttle-initial'?: number;
  'cpu-throttle-increment'?: number;
  'cpu-throttle-tailslow'?: boolean;
  'tls-creds'?: StrOrNull;
  'tls-hostname'?: StrOrNull;
  'tls-authz'?: StrOrNull;
  'max-bandwidth'?: number | bigint;
  'avail-switchover-bandwidth'?: number | bigint;
  'downtime-limit'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-checkpoint-delay'?: number;
  'multifd-channels'?: number;
  'xbzrle-cache-size'?: number | bigint;
  'max-postcopy-bandwidth'?: number | bigint;
  'max-cpu-throttle'?: number;
  'multifd-compression'?: MultiFDCompression;
  'multifd-zlib-level'?: number;
  'multifd-qatzip-level'?: number;
  'multifd-zstd-level'?: number;
  'block-bitmap-mapping'?: BitmapMigrationNodeAlias[];
  /** @experimental QAPI feature `unstable` */
  'x-vcpu-dirty-limit-period'?: number | bigint;
  'vcpu-dirty-limit'?: number | bigint;
  mode?: MigMode;
  'zero-page-detection'?: ZeroPageDetection;
  'direct-io'?: boolean;
}

export interface MigrationParameters {
  'announce-initial'?: number | bigint;
  'announce-max'?: number | bigint;
  'announce-rounds'?: number | bigint;
  'announce-step'?: number | bigint;
  'throttle-trigger-threshold'?: number;
  'cpu-throttle-initial'?: number;
  'cpu-throttle-increment'?: number;
  'cpu-throttle-tailslow'?: boolean;
  'tls-creds'?: string;
  'tls-hostname'?: string;
  'tls-authz'?: string;
  'max-bandwidth'?: number | bigint;
  'avail-switchover-bandwidth'?: number | bigint;
  'downtime-limit'?: number | bigint;
  /** @experimental QAPI feature `unstable` */
  'x-checkpoint-delay'?: number;
  'multifd-channels'?: number;
  'xbzrle-cache-size'?: number | bigint;
  'max-postcopy-bandwidth'?: number | bigint;
  'max-cpu-throttle'?: number;
  'multifd-compression'?: MultiFDCompression;
  'multifd-zlib-level'?: number;
  'multifd-qatzip-level'?: number;
  'multifd-zstd-level'?: number;
  'block-bitmap-mapping'?: BitmapMigrationNodeAlias[];
  /** @experimental QAPI feature `unstable` */
  'x-vcpu-dirty-limit-period'?: number | bigint;
  'vcpu-dirty-limit'?: number | bigint;
  mode?: MigMode;
  'zero-page-detection'?: ZeroPageDetection;
  'direct-io'?: boolean;
}

export type COLOMessage =
  | 'checkpoint-ready'
  | 'checkpoint-request'
  | 'checkpoint-reply'
  | 'vmstate-send'
  | 'vmstate-size'
  | 'vmstate-received'
  | 'vmstate-loaded';

export type COLOMode =
  | 'none'
  | 'primary'
  | 'secondary';

export type FailoverStatus =
  | 'none'
  | 'require'
  | 'active'
  | 'completed'
  | 'relaunch';

export type COLOExitReason =
  | 'none'
  | 'request'
  | 'error'
  | 'processing';

export type MigrationAddressType =
  | 'socket'
  | 'exec'
  | 'rdma'
  | 'file';

export interface FileMigrationArgs {
  filename: string;
  offset: number | bigint;
}

export interface MigrationExecCommand {
  args: string[];
}

/** The members common to every variant of {@link MigrationAddress}. */
export interface MigrationAddressBase {
  transport: MigrationAddressType;
}

export type MigrationAddress =
  | (MigrationAddressBase & { transport: 'socket' } & SocketAddress)
  | (MigrationAddressBase & { transport: 'exec' } & MigrationExecCommand)
  | (MigrationAddressBase & { transport: 'rdma' } & InetSocketAddress)
  | (MigrationAddressBase & { transport: 'file' } & FileMigrationArgs);

export type MigrationChannelType =
  | 'main'
  | 'cpr';

export interface MigrationChannel {
  'channel-type': MigrationChannelType;
  addr: MigrationAddress;
}

/** Build condition: `CONFIG_REPLICATION` */
export interface ReplicationStatus {
  error: boolean;
  desc?: string;
}

/** Build condition: `CONFIG_REPLICATION` */
export interface COLOStatus {
  mode: COLOMode;
  'last-mode': COLOMode;
  reason: COLOExitReason;
}

export interface DirtyRateVcpu {
  id: number | bigint;
  'dirty-rate': number | bigint;
}

export type DirtyRateStatus =
  | 'unstarted'
  | 'measuring'
  | 'measured';

export type DirtyRateMeasureMode =
  | 'page-sampling'
  | 'dirty-ring'
  | 'dirty-bitmap';

export type TimeUnit =
  | 'second'
  | 'millisecond';

export interface DirtyRateInfo {
  'dirty-rate'?: number | bigint;
  status: DirtyRateStatus;
  'start-time': number | bigint;
  'calc-time': number | bigint;
  'calc-time-unit': TimeUnit;
  'sample-pages': number | bigint;
  mode: DirtyRateMeasureMode;
  'vcpu-dirty-rate'?: DirtyRateVcpu[];
}

export interface DirtyLimitInfo {
  'cpu-index': number | bigint;
  'limit-rate': number | bigint;
  'current-rate': number | bigint;
}

export interface MigrationThreadInfo {
  name: string;
  'thread-id': number | bigint;
}

// ---- transaction ----

export interface Abort {}

export type ActionCompletionMode =
  | 'individual'
  | 'grouped';

export type TransactionActionKind =
  | 'abort'
  | 'block-dirty-bitmap-add'
  | 'block-dirty-bitmap-remove'
  | 'block-dirty-bitmap-clear'
  | 'block-dirty-bitmap-enable'
  | 'block-dirty-bitmap-disable'
  | 'block-dirty-bitmap-merge'
  | 'blockdev-backup'
  | 'blockdev-snapshot'
  | 'blockdev-snapshot-internal-sync'
  | 'blockdev-snapshot-sync'
  | 'drive-backup'; // deprecated

export interface AbortWrapper {
  data: Abort;
}

export interface BlockDirtyBitmapAddWrapper {
  data: BlockDirtyBitmapAdd;
}

export interface BlockDirtyBitmapWrapper {
  data: BlockDirtyBitmap;
}

export interface BlockDirtyBitmapMergeWrapper {
  data: BlockDirtyBitmapMerge;
}

export interface BlockdevBackupWrapper {
  data: BlockdevBackup;
}

export interface BlockdevSnapshotWrapper {
  data: BlockdevSnapshot;
}

export interface BlockdevSnapshotInternalWrapper {
  data: BlockdevSnapshotInternal;
}

export interface BlockdevSnapshotSyncWrapper {
  data: BlockdevSnapshotSync;
}

export interface DriveBackupWrapper {
  data: DriveBackup;
}

/** The members common to every variant of {@link TransactionAction}. */
export interface TransactionActionBase {
  type: TransactionActionKind;
}

export type TransactionAction =
  | (TransactionActionBase & { type: 'abort' } & AbortWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-add' } & BlockDirtyBitmapAddWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-remove' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-clear' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-enable' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-disable' } & BlockDirtyBitmapWrapper)
  | (TransactionActionBase & { type: 'block-dirty-bitmap-merge' } & BlockDirtyBitmapMergeWrapper)
  | (TransactionActionBase & { type: 'blockdev-backup' } & BlockdevBackupWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot' } & BlockdevSnapshotWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot-internal-sync' } & BlockdevSnapshotInternalWrapper)
  | (TransactionActionBase & { type: 'blockdev-snapshot-sync' } & BlockdevSnapshotSyncWrapper)
  | (TransactionActionBase & { type: 'drive-backup' } & DriveBackupWrapper);

export interface TransactionProperties {
  'completion-mode'?: ActionCompletionMode;
}

// ---- trace ----

export type TraceEventState =
  | 'unavailable'
  | 'disabled'
  | 'enabled';

export interface TraceEventInfo {
  name: string;
  state: TraceEventState;
}

// ---- compat ----

export type CompatPolicyInput =
  | 'accept'
  | 'reject'
  | 'crash';

export type CompatPolicyOutput =
  | 'accept'
  | 'hide';

export interface CompatPolicy {
  'deprecated-input'?: CompatPolicyInput;
  'deprecated-output'?: CompatPolicyOutput;
  'unstable-input'?: CompatPolicyInput;
  'unstable-output'?: CompatPolicyOutput;
}

// ---- control ----

export type QMPCapability =
  | 'oob';

export interface VersionTriple {
  major: number | bigint;
  minor: number | bigint;
  micro: number | bigint;
}

export interface VersionInfo {
  qemu: VersionTriple;
  package: string;
}

export interface CommandInfo {
  name: string;
}

export type MonitorMode =
  | 'readline'
  | 'control';

export interface MonitorOptions {
  id?: string;
  mode?: MonitorMode;
  pretty?: boolean;
  chardev: string;
}

// ---- introspect ----

export type SchemaMetaType =
  | 'builtin'
  | 'enum'
  | 'array'
  | 'object'
  | 'alternate'
  | 'command'
  | 'event';

/** The members common to every variant of {@link SchemaInfo}. */
export interface SchemaInfoBase {
  name: string;
  'meta-type': SchemaMetaType;
  features?: string[];
}

export type SchemaInfo =
  | (SchemaInfoBase & { 'meta-type': 'builtin' } & SchemaInfoBuiltin)
  | (SchemaInfoBase & { 'meta-type': 'enum' } & SchemaInfoEnum)
  | (SchemaInfoBase & { 'meta-type': 'array' } & SchemaInfoArray)
  | (SchemaInfoBase & { 'meta-type': 'object' } & SchemaInfoObject)
  | (SchemaInfoBase & { 'meta-type': 'alternate' } & SchemaInfoAlternate)
  | (SchemaInfoBase & { 'meta-type': 'command' } & SchemaInfoCommand)
  | (SchemaInfoBase & { 'meta-type': 'event' } & SchemaInfoEvent);

export interface SchemaInfoBuiltin {
  'json-type': JSONType;
}

export type JSONType =
  | 'string'
  | 'number'
  | 'int'
  | 'boolean'
  | 'null'
  | 'object'
  | 'array'
  | 'value';

export interface SchemaInfoEnum {
  members: SchemaInfoEnumMember[];
  /** @deprecated */
  values: string[];
}

export interface SchemaInfoEnumMember {
  name: string;
  features?: string[];
}

export interface SchemaInfoArray {
  'element-type': string;
}

export interface SchemaInfoObject {
  members: SchemaInfoObjectMember[];
  tag?: string;
  variants?: SchemaInfoObjectVariant[];
}

export interface SchemaInfoObjectMember {
  name: string;
  type: string;
  default?: unknown;
  features?: string[];
}

export interface SchemaInfoObjectVariant {
  case: string;
  type: string;
}

export interface SchemaInfoAlternate {
  members: SchemaInfoAlternateMember[];
}

export interface SchemaInfoAlternateMember {
  type: string;
}

export interface SchemaInfoCommand {
  'arg-type': string;
  'ret-type': string;
  'allow-oob'?: boolean;
}

export interface SchemaInfoEvent {
  'arg-type': string;
}

// ---- qom ----

export interface ObjectPropertyInfo {
  name: string;
  type: string;
  description?: string;
  'default-value'?: unknown;
}

export interface ObjectTypeInfo {
  name: string;
  abstract?: boolean;
  parent?: string;
}

/** Build condition: `CONFIG_LINUX` */
export interface CanHostSocketcanProperties {
  if: string;
  canbus: string;
}

export interface ColoCompareProperties {
  primary_in: string;
  secondary_in: string;
  outdev: string;
  iothread: string;
  notify_dev?: string;
  compare_timeout?: number | bigint;
  expired_scan_cycle?: number;
  max_queue_size?: number;
  vnet_hdr_support?: boolean;
}

export interface CryptodevBackendProperties {
  queues?: number;
  'throttle-bps'?: number | bigint;
  'throttle-ops'?: number | bigint;
}

/** Build condition: `CONFIG_VHOST_CRYPTO` */
export interface CryptodevVhostUserProperties extends CryptodevBackendProperties {
  chardev: string;
}

export interface DBusVMStateProperties {
  addr: string;
  'id-list'?: string;
}

export type NetfilterInsert =
  | 'before'
  | 'behind';

export interface NetfilterProperties {
  netdev: string;
  queue?: NetFilterDirection;
  status?: string;
  position?: string;
  insert?: NetfilterInsert;
}

export interface FilterBufferProperties extends NetfilterProperties {
  interval: number;
}

export interface FilterDumpProperties extends NetfilterProperties {
  file: string;
  maxlen?: number;
}

export interface FilterMirrorProperties extends NetfilterProperties {
  outdev: string;
  vnet_hdr_support?: boolean;
}

export interface FilterRedirectorProperties extends NetfilterProperties {
  indev?: string;
  outdev?: string;
  vnet_hdr_support?: boolean;
}

export interface FilterRewriterProperties extends NetfilterProperties {
  vnet_hdr_support?: boolean;
}

export interface InputBarrierProperties {
  name: string;
  server?: string;
  port?: string;
  'x-origin'?: string;
  'y-origin'?: string;
  width?: string;
  height?: string;
}

/** Build condition: `CONFIG_LINUX` */
export interface InputLinuxProperties {
  evdev: string;
  grab_all?: boolean;
  repeat?: boolean;
  'grab-toggle'?: GrabToggleKeys;
}

export interface EventLoopBaseProperties {
  'aio-max-batch'?: number | bigint;
  'thread-pool-min'?: number | bigint;
  'thread-pool-max'?: number | bigint;
}

export interface IothreadProperties extends EventLoopBaseProperties {
  'poll-max-ns'?: number | bigint;
  'poll-grow'?: number | bigint;
  'poll-shrink'?: number | bigint;
}

export interface MainLoopProperties extends EventLoopBaseProperties {}

export interface MemoryBackendProperties {
  dump?: boolean;
  'host-nodes'?: number[];
  merge?: boolean;
  policy?: HostMemPolicy;
  prealloc?: boolean;
  'prealloc-threads'?: number;
  'prealloc-context'?: string;
  share?: boolean;
  reserve?: boolean;
  size: number | bigint;
  'x-use-canonical-path-for-ramblock-id'?: boolean;
}

export interface MemoryBackendFileProperties extends MemoryBackendProperties {
  align?: number | bigint;
  offset?: number | bigint;
  'discard-data'?: boolean;
  'mem-path': string;
  /** Build condition: `CONFIG_LIBPMEM` */
  pmem?: boolean;
  readonly?: boolean;
  rom?: OnOffAuto;
}

/** Build condition: `CONFIG_LINUX` */
export interface MemoryBackendMemfdProperties extends MemoryBackendProperties {
  hugetlb?: boolean;
  hugetlbsize?: number | bigint;
  seal?: boolean;
}

/** Build condition: `CONFIG_POSIX` */
export interface MemoryBackendShmProperties extends MemoryBackendProperties {}

/** Build condition: `CONFIG_LINUX` */
export interface MemoryBackendEpcProperties extends MemoryBackendProperties {}

/** Build condition: `CONFIG_LINUX` */
export interface PrManagerHelperProperties {
  path: string;
}

export interface QtestProperties {
  chardev: string;
  log?: string;
}

export interface RemoteObjectProperties {
  fd: string;
  devid: string;
}

export interface VfioUserServerProperties {
  socket: SocketAddress;
  device: string;
}

export interface IOMMUFDProperties {
  fd?: string;
}

export interface AcpiGenericInitiatorProperties {
  'pci-dev': string;
  node: number;
}

export interface AcpiGenericPortProperties {
  'pci-bus': string;
  node: number;
}

export interface RngProperties {
  /** @deprecated */
  opened?: boolean;
}

export interface RngEgdProperties extends RngProperties {
  chardev: string;
}

/** Build condition: `CONFIG_POSIX` */
export interface RngRandomProperties extends RngProperties {
  filename?: string;
}

export interface SevCommonProperties {
  'sev-device'?: string;
  cbitpos?: number;
  'reduced-phys-bits': number;
  'kernel-hashes'?: boolean;
}

export interface SevGuestProperties extends SevCommonProperties {
  'dh-cert-file'?: string;
  'session-file'?: string;
  policy?: number;
  handle?: number;
  'legacy-vm-type'?: OnOffAuto;
}

export interface SevSnpGuestProperties extends SevCommonProperties {
  policy?: number | bigint;
  'guest-visible-workarounds'?: string;
  'id-block'?: string;
  'id-auth'?: string;
  'author-key-enabled'?: boolean;
  'host-data'?: string;
  'vcek-disabled'?: boolean;
}

export interface ThreadContextProperties {
  'cpu-affinity'?: number[];
  'node-affinity'?: number[];
}

export type ObjectType =
  | 'acpi-generic-initiator'
  | 'acpi-generic-port'
  | 'authz-list'
  | 'authz-listfile'
  | 'authz-pam'
  | 'authz-simple'
  | 'can-bus'
  | 'can-host-socketcan' // if CONFIG_LINUX
  | 'colo-compare'
  | 'cryptodev-backend'
  | 'cryptodev-backend-builtin'
  | 'cryptodev-backend-lkcf'
  | 'cryptodev-vhost-user' // if CONFIG_VHOST_CRYPTO
  | 'dbus-vmstate'
  | 'filter-buffer'
  | 'filter-dump'
  | 'filter-mirror'
  | 'filter-redirector'
  | 'filter-replay'
  | 'filter-rewriter'
  | 'input-barrier'
  | 'input-linux' // if CONFIG_LINUX
  | 'iommufd'
  | 'iothread'
  | 'main-loop'
  | 'memory-backend-epc' // if CONFIG_LINUX
  | 'memory-backend-file'
  | 'memory-backend-memfd' // if CONFIG_LINUX
  | 'memory-backend-ram'
  | 'memory-backend-shm' // if CONFIG_POSIX
  | 'pef-guest'
  | 'pr-manager-helper' // if CONFIG_LINUX
  | 'qtest'
  | 'rng-builtin'
  | 'rng-egd'
  | 'rng-random' // if CONFIG_POSIX
  | 'secret'
  | 'secret_keyring' // if CONFIG_SECRET_KEYRING
  | 'sev-guest'
  | 'sev-snp-guest'
  | 'thread-context'
  | 's390-pv-guest'
  | 'throttle-group'
  | 'tls-creds-anon'
  | 'tls-creds-psk'
  | 'tls-creds-x509'
  | 'tls-cipher-suites'
  | 'x-remote-object' // unstable
  | 'x-vfio-user-server'; // unstable

/** The members common to every variant of {@link ObjectOptions}. */
export interface ObjectOptionsBase {
  'qom-type': ObjectType;
  id: string;
}

export type ObjectOptions =
  | (ObjectOptionsBase & { 'qom-type': 'acpi-generic-initiator' } & AcpiGenericInitiatorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'acpi-generic-port' } & AcpiGenericPortProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-list' } & AuthZListProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-listfile' } & AuthZListFileProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-pam' } & AuthZPAMProperties)
  | (ObjectOptionsBase & { 'qom-type': 'authz-simple' } & AuthZSimpleProperties)
  | (ObjectOptionsBase & { 'qom-type': 'can-bus' })
  | (ObjectOptionsBase & { 'qom-type': 'can-host-socketcan' } & CanHostSocketcanProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'colo-compare' } & ColoCompareProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend-builtin' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-backend-lkcf' } & CryptodevBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'cryptodev-vhost-user' } & CryptodevVhostUserProperties) // if CONFIG_VHOST_CRYPTO
  | (ObjectOptionsBase & { 'qom-type': 'dbus-vmstate' } & DBusVMStateProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-buffer' } & FilterBufferProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-dump' } & FilterDumpProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-mirror' } & FilterMirrorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-redirector' } & FilterRedirectorProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-replay' } & NetfilterProperties)
  | (ObjectOptionsBase & { 'qom-type': 'filter-rewriter' } & FilterRewriterProperties)
  | (ObjectOptionsBase & { 'qom-type': 'input-barrier' } & InputBarrierProperties)
  | (ObjectOptionsBase & { 'qom-type': 'input-linux' } & InputLinuxProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'iommufd' } & IOMMUFDProperties)
  | (ObjectOptionsBase & { 'qom-type': 'iothread' } & IothreadProperties)
  | (ObjectOptionsBase & { 'qom-type': 'main-loop' } & MainLoopProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-epc' } & MemoryBackendEpcProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-file' } & MemoryBackendFileProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-memfd' } & MemoryBackendMemfdProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-ram' } & MemoryBackendProperties)
  | (ObjectOptionsBase & { 'qom-type': 'memory-backend-shm' } & MemoryBackendShmProperties) // if CONFIG_POSIX
  | (ObjectOptionsBase & { 'qom-type': 'pef-guest' })
  | (ObjectOptionsBase & { 'qom-type': 'pr-manager-helper' } & PrManagerHelperProperties) // if CONFIG_LINUX
  | (ObjectOptionsBase & { 'qom-type': 'qtest' } & QtestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-builtin' } & RngProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-egd' } & RngEgdProperties)
  | (ObjectOptionsBase & { 'qom-type': 'rng-random' } & RngRandomProperties) // if CONFIG_POSIX
  | (ObjectOptionsBase & { 'qom-type': 'secret' } & SecretProperties)
  | (ObjectOptionsBase & { 'qom-type': 'secret_keyring' } & SecretKeyringProperties) // if CONFIG_SECRET_KEYRING
  | (ObjectOptionsBase & { 'qom-type': 'sev-guest' } & SevGuestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'sev-snp-guest' } & SevSnpGuestProperties)
  | (ObjectOptionsBase & { 'qom-type': 'thread-context' } & ThreadContextProperties)
  | (ObjectOptionsBase & { 'qom-type': 's390-pv-guest' })
  | (ObjectOptionsBase & { 'qom-type': 'throttle-group' } & ThrottleGroupProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-anon' } & TlsCredsAnonProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-psk' } & TlsCredsPskProperties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-creds-x509' } & TlsCredsX509Properties)
  | (ObjectOptionsBase & { 'qom-type': 'tls-cipher-suites' } & TlsCredsProperties)
  | (ObjectOptionsBase & { 'qom-type': 'x-remote-object' } & RemoteObjectProperties)
  | (ObjectOptionsBase & { 'qom-type': 'x-vfio-user-server' } & VfioUserServerProperties);

// ---- machine-common ----

export type S390CpuEntitlement =
  | 'auto'
  | 'low'
  | 'medium'
  | 'high';

export type CpuTopologyLevel =
  | 'thread'
  | 'core'
  | 'module'
  | 'cluster'
  | 'die'
  | 'socket'
  | 'book'
  | 'drawer'
  | 'default';

export type CacheLevelAndType =
  | 'l1d'
  | 'l1i'
  | 'l2'
  | 'l3';

export interface SmpCacheProperties {
  cache: CacheLevelAndType;
  topology: CpuTopologyLevel;
}

export interface SmpCachePropertiesWrapper {
  caches: SmpCacheProperties[];
}

// ---- machine ----

export type SysEmuTarget =
  | 'aarch64'
  | 'alpha'
  | 'arm'
  | 'avr'
  | 'hppa'
  | 'i386'
  | 'loongarch64'
  | 'm68k'
  | 'microblaze'
  | 'microblazeel'
  | 'mips'
  | 'mips64'
  | 'mips64el'
  | 'mipsel'
  | 'or1k'
  | 'ppc'
  | 'ppc64'
  | 'riscv32'
  | 'riscv64'
  | 'rx'
  | 's390x'
  | 'sh4'
  | 'sh4eb'
  | 'sparc'
  | 'sparc64'
  | 'tricore'
  | 'x86_64'
  | 'xtensa'
  | 'xtensaeb';

export type S390CpuState =
  | 'uninitialized'
  | 'stopped'
  | 'check-stop'
  | 'operating'
  | 'load';

export interface CpuInfoS390 {
  'cpu-state': S390CpuState;
  dedicated?: boolean;
  entitlement?: S390CpuEntitlement;
}

/** The members common to every variant of {@link CpuInfoFast}. */
export interface CpuInfoFastBase {
  'cpu-index': number | bigint;
  'qom-path': string;
  'thread-id': number | bigint;
  props?: CpuInstanceProperties;
  target: SysEmuTarget;
}

export type CpuInfoFast =
  | (CpuInfoFastBase & { target: 'aarch64' })
  | (CpuInfoFastBase & { target: 'alpha' })
  | (CpuInfoFastBase & { target: 'arm' })
  | (CpuInfoFastBase & { target: 'avr' })
  | (CpuInfoFastBase & { target: 'hppa' })
  | (CpuInfoFastBase & { target: 'i386' })
  | (CpuInfoFastBase & { target: 'loongarch64' })
  | (CpuInfoFastBase & { target: 'm68k' })
  | (CpuInfoFastBase & { target: 'microblaze' })
  | (CpuInfoFastBase & { target: 'microblazeel' })
  | (CpuInfoFastBase & { target: 'mips' })
  | (CpuInfoFastBase & { target: 'mips64' })
  | (CpuInfoFastBase & { target: 'mips64el' })
  | (CpuInfoFastBase & { target: 'mipsel' })
  | (CpuInfoFastBase & { target: 'or1k' })
  | (CpuInfoFastBase & { target: 'ppc' })
  | (CpuInfoFastBase & { target: 'ppc64' })
  | (CpuInfoFastBase & { target: 'riscv32' })
  | (CpuInfoFastBase & { target: 'riscv64' })
  | (CpuInfoFastBase & { target: 'rx' })
  | (CpuInfoFastBase & { target: 's390x' } & CpuInfoS390)
  | (CpuInfoFastBase & { target: 'sh4' })
  | (CpuInfoFastBase & { target: 'sh4eb' })
  | (CpuInfoFastBase & { target: 'sparc' })
  | (CpuInfoFastBase & { target: 'sparc64' })
  | (CpuInfoFastBase & { target: 'tricore' })
  | (CpuInfoFastBase & { target: 'x86_64' })
  | (CpuInfoFastBase & { target: 'xtensa' })
  | (CpuInfoFastBase & { target: 'xtensaeb' });

export interface CompatProperty {
  'qom-type': string;
  property: string;
  value: string;
}

export interface MachineInfo {
  name: string;
  alias?: string;
  'is-default'?: boolean;
  'cpu-max': number | bigint;
  'hotpluggable-cpus': boolean;
  'numa-mem-supported': boolean;
  deprecated: boolean;
  'default-cpu-type'?: string;
  'default-ram-id'?: string;
  acpi: boolean;
  /** @experimental QAPI feature `unstable` */
  'compat-props'?: CompatProperty[];
}

export interface CurrentMachineParams {
  'wakeup-suspend-support': boolean;
}

export interface TargetInfo {
  arch: SysEmuTarget;
}

export interface UuidInfo {
  UUID: string;
}

export interface GuidInfo {
  guid: string;
}

export type LostTickPolicy =
  | 'discard'
  | 'delay'
  | 'slew';

export interface KvmInfo {
  enabled: boolean;
  present: boolean;
}

export type NumaOptionsType =
  | 'node'
  | 'dist'
  | 'cpu'
  | 'hmat-lb'
  | 'hmat-cache';

/** The members common to every variant of {@link NumaOptions}. */
export interface NumaOptionsBase {
  type: NumaOptionsType;
}

export type NumaOptions =
  | (NumaOptionsBase & { type: 'node' } & NumaNodeOptions)
  | (NumaOptionsBase & { type: 'dist' } & NumaDistOptions)
  | (NumaOptionsBase & { type: 'cpu' } & NumaCpuOptions)
  | (NumaOptionsBase & { type: 'hmat-lb' } & NumaHmatLBOptions)
  | (NumaOptionsBase & { type: 'hmat-cache' } & NumaHmatCacheOptions);

export interface NumaNodeOptions {
  nodeid?: number;
  cpus?: number[];
  mem?: number | bigint;
  memdev?: string;
  initiator?: number;
}

export interface NumaDistOptions {
  src: number;
  dst: number;
  val: number;
}

export interface CXLFixedMemoryWindowOptions {
  size: number | bigint;
  'interleave-granularity'?: number | bigint;
  targets: string[];
}

export interface CXLFMWProperties {
  'cxl-fmw': CXLFixedMemoryWindowOptions[];
}

export type X86CPURegister32 =
  | 'EAX'
  | 'EBX'
  | 'ECX'
  | 'EDX'
  | 'ESP'
  | 'EBP'
  | 'ESI'
  | 'EDI';

export interface X86CPUFeatureWordInfo {
  'cpuid-input-eax': number | bigint;
  'cpuid-input-ecx'?: number | bigint;
  'cpuid-register': X86CPURegister32;
  features: number | bigint;
}

export interface DummyForceArrays {
  unused: X86CPUFeatureWordInfo[];
}

export interface NumaCpuOptions extends CpuInstanceProperties {}

export type HmatLBMemoryHierarchy =
  | 'memory'
  | 'first-level'
  | 'second-level'
  | 'third-level';

export type HmatLBDataType =
  | 'access-latency'
  | 'read-latency'
  | 'write-latency'
  | 'access-bandwidth'
  | 'read-bandwidth'
  | 'write-bandwidth';

export interface NumaHmatLBOptions {
  initiator: number;
  target: number;
  hierarchy: HmatLBMemoryHierarchy;
  'data-type': HmatLBDataType;
  latency?: number | bigint;
  bandwidth?: number | bigint;
}

export type HmatCacheAssociativity =
  | 'none'
  | 'direct'
  | 'complex';

export type HmatCacheWritePolicy =
  | 'none'
  | 'write-back'
  | 'write-through';

export interface NumaHmatCacheOptions {
  'node-id': number;
  size: number | bigint;
  level: number;
  associativity: HmatCacheAssociativity;
  policy: HmatCacheWritePolicy;
  line: number;
}

export interface Memdev {
  id?: string;
  size: number | bigint;
  merge: boolean;
  dump: boolean;
  prealloc: boolean;
  share: boolean;
  reserve?: boolean;
  'host-nodes': number[];
  policy: HostMemPolicy;
}

export interface CpuInstanceProperties {
  'node-id'?: number | bigint;
  'drawer-id'?: number | bigint;
  'book-id'?: number | bigint;
  'socket-id'?: number | bigint;
  'die-id'?: number | bigint;
  'cluster-id'?: number | bigint;
  'module-id'?: number | bigint;
  'core-id'?: number | bigint;
  'thread-id'?: number | bigint;
}

export interface HotpluggableCPU {
  type: string;
  'vcpus-count': number | bigint;
  props: CpuInstanceProperties;
  'qom-path'?: string;
}

export interface BalloonInfo {
  actual: number | bigint;
}

export interface HvBalloonInfo {
  committed: number | bigint;
  available: number | bigint;
}

export interface MemoryInfo {
  'base-memory': number | bigint;
  'plugged-memory'?: number | bigint;
}

export interface PCDIMMDeviceInfo {
  id?: string;
  addr: number | bigint;
  size: number | bigint;
  slot: number | bigint;
  node: number | bigint;
  memdev: string;
  hotplugged: boolean;
  hotpluggable: boolean;
}

export interface VirtioPMEMDeviceInfo {
  id?: string;
  memaddr: number | bigint;
  size: number | bigint;
  memdev: string;
}

export interface VirtioMEMDeviceInfo {
  id?: string;
  memaddr: number | bigint;
  'requested-size': number | bigint;
  size: number | bigint;
  'max-size': number | bigint;
  'block-size': number | bigint;
  node: number | bigint;
  memdev: string;
}

export interface SgxEPCDeviceInfo {
  id?: string;
  memaddr: number | bigint;
  size: number | bigint;
  node: number | bigint;
  memdev: string;
}

export interface HvBalloonDeviceInfo {
  id?: string;
  memaddr?: number | bigint;
  'max-size': number | bigint;
  memdev?: string;
}

export type MemoryDeviceInfoKind =
  | 'dimm'
  | 'nvdimm'
  | 'virtio-pmem'
  | 'virtio-mem'
  | 'sgx-epc'
  | 'hv-balloon';

export interface PCDIMMDeviceInfoWrapper {
  data: PCDIMMDeviceInfo;
}

export interface VirtioPMEMDeviceInfoWrapper {
  data: VirtioPMEMDeviceInfo;
}

export interface VirtioMEMDeviceInfoWrapper {
  data: VirtioMEMDeviceInfo;
}

export interface SgxEPCDeviceInfoWrapper {
  data: SgxEPCDeviceInfo;
}

export interface HvBalloonDeviceInfoWrapper {
  data: HvBalloonDeviceInfo;
}

/** The members common to every variant of {@link MemoryDeviceInfo}. */
export interface MemoryDeviceInfoBase {
  type: MemoryDeviceInfoKind;
}

export type MemoryDeviceInfo =
  | (MemoryDeviceInfoBase & { type: 'dimm' } & PCDIMMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'nvdimm' } & PCDIMMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'virtio-pmem' } & VirtioPMEMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'virtio-mem' } & VirtioMEMDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'sgx-epc' } & SgxEPCDeviceInfoWrapper)
  | (MemoryDeviceInfoBase & { type: 'hv-balloon' } & HvBalloonDeviceInfoWrapper);

export interface SgxEPC {
  memdev: string;
  node: number | bigint;
}

export interface SgxEPCProperties {
  'sgx-epc': SgxEPC[];
}

export interface BootConfiguration {
  order?: string;
  once?: string;
  menu?: boolean;
  splash?: string;
  'splash-time'?: number | bigint;
  'reboot-timeout'?: number | bigint;
  strict?: boolean;
}

export interface SMPConfiguration {
  cpus?: number | bigint;
  drawers?: number | bigint;
  books?: number | bigint;
  sockets?: number | bigint;
  dies?: number | bigint;
  clusters?: number | bigint;
  modules?: number | bigint;
  cores?: number | bigint;
  threads?: number | bigint;
  maxcpus?: number | bigint;
}

export type SmbiosEntryPointType =
  | '32'
  | '64'
  | 'auto';

export interface MemorySizeConfiguration {
  size?: number | bigint;
  'max-size'?: number | bigint;
  slots?: number | bigint;
}

// ---- machine-target ----

export interface CpuModelInfo {
  name: string;
  props?: unknown;
}

export type CpuModelExpansionType =
  | 'static'
  | 'full';

export type CpuModelCompareResult =
  | 'incompatible'
  | 'identical'
  | 'superset'
  | 'subset';

/** Build condition: `TARGET_S390X || TARGET_I386 || TARGET_ARM || TARGET_LOONGARCH64 || TARGET_RISCV` */
export interface CpuModelExpansionInfo {
  model: CpuModelInfo;
}

/** Build condition: `TARGET_PPC || TARGET_ARM || TARGET_I386 || TARGET_S390X || TARGET_MIPS || TARGET_LOONGARCH64 || TARGET_RISCV` */
export interface CpuDefinitionInfo {
  name: string;
  'migration-safe'?: boolean;
  static: boolean;
  'unavailable-features'?: string[];
  typename: string;
  'alias-of'?: string;
  deprecated: boolean;
}

// ---- replay ----

export type ReplayMode =
  | 'none'
  | 'record'
  | 'play';

export interface ReplayInfo {
  mode: ReplayMode;
  filename?: string;
  icount: number | bigint;
}

// ---- yank ----

export type YankInstanceType =
  | 'block-node'
  | 'chardev'
  | 'migration';

export interface YankInstanceBlockNode {
  'node-name': string;
}

export interface YankInstanceChardev {
  id: string;
}

/** The members common to every variant of {@link YankInstance}. */
export interface YankInstanceBase {
  type: YankInstanceType;
}

export type YankInstance =
  | (YankInstanceBase & { type: 'block-node' } & YankInstanceBlockNode)
  | (YankInstanceBase & { type: 'chardev' } & YankInstanceChardev)
  | (YankInstanceBase & { type: 'migration' });

// ---- misc ----

export interface NameInfo {
  name?: string;
}

export interface IOThreadInfo {
  id: string;
  'thread-id': number | bigint;
  'poll-max-ns': number | bigint;
  'poll-grow': number | bigint;
  'poll-shrink': number | bigint;
  'aio-max-batch': number | bigint;
}

export interface AddfdInfo {
  'fdset-id': number | bigint;
  fd: number | bigint;
}

export interface FdsetFdInfo {
  fd: number | bigint;
  opaque?: string;
}

export interface FdsetInfo {
  'fdset-id': number | bigint;
  fds: FdsetFdInfo[];
}

export type CommandLineParameterType =
  | 'string'
  | 'boolean'
  | 'number'
  | 'size';

export interface CommandLineParameterInfo {
  name: string;
  type: CommandLineParameterType;
  help?: string;
  default?: string;
}

export interface CommandLineOptionInfo {
  option: string;
  parameters: CommandLineParameterInfo[];
}

// ---- misc-target ----

/** Build condition: `TARGET_I386` */
export type SevState =
  | 'uninit'
  | 'launch-update'
  | 'launch-secret'
  | 'running'
  | 'send-update'
  | 'receive-update';

/** Build condition: `TARGET_I386` */
export type SevGuestType =
  | 'sev'
  | 'sev-snp';

/** Build condition: `TARGET_I386` */
export interface SevGuestInfo {
  policy: number;
  handle: number;
}

/** Build condition: `TARGET_I386` */
export interface SevSnpGuestInfo {
  'snp-policy': number | bigint;
}

/** The members common to every variant of {@link SevInfo}. */
export interface SevInfoBase {
  enabled: boolean;
  'api-major': number;
  'api-minor': number;
  'build-id': number;
  state: SevState;
  'sev-type': SevGuestType;
}

/** Build condition: `TARGET_I386` */
export type SevInfo =
  | (SevInfoBase & { 'sev-type': 'sev' } & SevGuestInfo)
  | (SevInfoBase & { 'sev-type': 'sev-snp' } & SevSnpGuestInfo);

/** Build condition: `TARGET_I386` */
export interface SevLaunchMeasureInfo {
  data: string;
}

/** Build condition: `TARGET_I386` */
export interface SevCapability {
  pdh: string;
  'cert-chain': string;
  'cpu0-id': string;
  cbitpos: number | bigint;
  'reduced-phys-bits': number | bigint;
}

/** Build condition: `TARGET_I386` */
export interface SevAttestationReport {
  data: string;
}

export interface SGXEPCSection {
  node: number | bigint;
  size: number | bigint;
}

/** Build condition: `TARGET_I386` */
export interface SGXInfo {
  sgx: boolean;
  sgx1: boolean;
  sgx2: boolean;
  flc: boolean;
  sections: SGXEPCSection[];
}

/** Build condition: `TARGET_I386` */
export type EvtchnPortType =
  | 'closed'
  | 'unbound'
  | 'interdomain'
  | 'pirq'
  | 'virq'
  | 'ipi';

/** Build condition: `TARGET_I386` */
export interface EvtchnInfo {
  port: number;
  vcpu: number;
  type: EvtchnPortType;
  'remote-domain': string;
  target: number;
  pending: boolean;
  masked: boolean;
}

// ---- audio ----

export interface AudiodevPerDirectionOptions {
  'mixing-engine'?: boolean;
  'fixed-settings'?: boolean;
  frequency?: number;
  channels?: number;
  voices?: number;
  format?: AudioFormat;
  'buffer-length'?: number;
}

export interface AudiodevGenericOptions {
  in?: AudiodevPerDirectionOptions;
  out?: AudiodevPerDirectionOptions;
}

export interface AudiodevDBusOptions {
  in?: AudiodevPerDirectionOptions;
  out?: AudiodevPerDirectionOptions;
  nsamples?: number;
}

export interface AudiodevAlsaPerDirectionOptions extends AudiodevPerDirectionOptions {
  dev?: string;
  'period-length'?: number;
  'try-poll'?: boolean;
}

export interface AudiodevAlsaOptions {
  in?: AudiodevAlsaPerDirectionOptions;
  out?: AudiodevAlsaPerDirectionOptions;
  threshold?: number;
}

export interface AudiodevSndioOptions {
  in?: AudiodevPerDirectionOptions;
  out?: AudiodevPerDirectionOptions;
  dev?: string;
  latency?: number;
}

export interface AudiodevCoreaudioPerDirectionOptions extends AudiodevPerDirectionOptions {
  'buffer-count'?: number;
}

export interface AudiodevCoreaudioOptions {
  in?: AudiodevCoreaudioPerDirectionOptions;
  out?: AudiodevCoreaudioPerDirectionOptions;
}

export interface AudiodevDsoundOptions {
  in?: AudiodevPerDirectionOptions;
  out?: AudiodevPerDirectionOptions;
  latency?: number;
}

export interface AudiodevJackPerDirectionOptions extends AudiodevPerDirectionOptions {
  'server-name'?: string;
  'client-name'?: string;
  'connect-ports'?: string;
  'start-server'?: boolean;
  'exact-name'?: boolean;
}

export interface AudiodevJackOptions {
  in?: AudiodevJackPerDirectionOptions;
  out?: AudiodevJackPerDirectionOptions;
}

export interface AudiodevOssPerDirectionOptions extends AudiodevPerDirectionOptions {
  dev?: string;
  'buffer-count'?: number;
  'try-poll'?: boolean;
}

export interface AudiodevOssOptions {
  in?: AudiodevOssPerDirectionOptions;
  out?: AudiodevOssPerDirectionOptions;
  'try-mmap'?: boolean;
  exclusive?: boolean;
  'dsp-policy'?: number;
}

export interface AudiodevPaPerDirectionOptions extends AudiodevPerDirectionOptions {
  name?: string;
  'stream-name'?: string;
  latency?: number;
}

export interface AudiodevPaOptions {
  in?: AudiodevPaPerDirectionOptions;
  out?: AudiodevPaPerDirectionOptions;
  server?: string;
}

export interface AudiodevPipewirePerDirectionOptions extends AudiodevPerDirectionOptions {
  name?: string;
  'stream-name'?: string;
  latency?: number;
}

export interface AudiodevPipewireOptions {
  in?: AudiodevPipewirePerDirectionOptions;
  out?: AudiodevPipewirePerDirectionOptions;
}

export interface AudiodevSdlPerDirectionOptions extends AudiodevPerDirectionOptions {
  'buffer-count'?: number;
}

export interface AudiodevSdlOptions {
  in?: AudiodevSdlPerDirectionOptions;
  out?: AudiodevSdlPerDirectionOptions;
}

export interface AudiodevWavOptions {
  in?: AudiodevPerDirectionOptions;
  out?: AudiodevPerDirectionOptions;
  path?: string;
}

export type AudioFormat =
  | 'u8'
  | 's8'
  | 'u16'
  | 's16'
  | 'u32'
  | 's32'
  | 'f32';

export type AudiodevDriver =
  | 'none'
  | 'alsa' // if CONFIG_AUDIO_ALSA
  | 'dbus' // if CONFIG_DBUS_DISPLAY
  | 'jack' // if CONFIG_AUDIO_JACK
  | 'oss' // if CONFIG_AUDIO_OSS
  | 'pa' // if CONFIG_AUDIO_PA
  | 'pipewire' // if CONFIG_AUDIO_PIPEWIRE
  | 'sdl' // if CONFIG_AUDIO_SDL
  | 'spice' // if CONFIG_SPICE
  | 'wav';

/** The members common to every variant of {@link Audiodev}. */
export interface AudiodevBase {
  id: string;
  driver: AudiodevDriver;
  'timer-period'?: number;
}

export type Audiodev =
  | (AudiodevBase & { driver: 'none' } & AudiodevGenericOptions)
  | (AudiodevBase & { driver: 'alsa' } & AudiodevAlsaOptions) // if CONFIG_AUDIO_ALSA
  | (AudiodevBase & { driver: 'dbus' } & AudiodevDBusOptions) // if CONFIG_DBUS_DISPLAY
  | (AudiodevBase & { driver: 'jack' } & AudiodevJackOptions) // if CONFIG_AUDIO_JACK
  | (AudiodevBase & { driver: 'oss' } & AudiodevOssOptions) // if CONFIG_AUDIO_OSS
  | (AudiodevBase & { driver: 'pa' } & AudiodevPaOptions) // if CONFIG_AUDIO_PA
  | (AudiodevBase & { driver: 'pipewire' } & AudiodevPipewireOptions) // if CONFIG_AUDIO_PIPEWIRE
  | (AudiodevBase & { driver: 'sdl' } & AudiodevSdlOptions) // if CONFIG_AUDIO_SDL
  | (AudiodevBase & { driver: 'spice' } & AudiodevGenericOptions) // if CONFIG_SPICE
  | (AudiodevBase & { driver: 'wav' } & AudiodevWavOptions);

// ---- acpi ----

export interface AcpiTableOptions {
  sig?: string;
  rev?: number;
  oem_id?: string;
  oem_table_id?: string;
  oem_rev?: number;
  asl_compiler_id?: string;
  asl_compiler_rev?: number;
  file?: string;
  data?: string;
}

export type ACPISlotType =
  | 'DIMM'
  | 'CPU';

export interface ACPIOSTInfo {
  device?: string;
  slot: string;
  'slot-type': ACPISlotType;
  source: number | bigint;
  status: number | bigint;
}

// ---- pci ----

export interface PciMemoryRange {
  base: number | bigint;
  limit: number | bigint;
}

export interface PciMemoryRegion {
  bar: number | bigint;
  type: string;
  address: number | bigint;
  size: number | bigint;
  prefetch?: boolean;
  mem_type_64?: boolean;
}

export interface PciBusInfo {
  number: number | bigint;
  secondary: number | bigint;
  subordinate: number | bigint;
  io_range: PciMemoryRange;
  memory_range: PciMemoryRange;
  prefetchable_range: PciMemoryRange;
}

export interface PciBridgeInfo {
  bus: PciBusInfo;
  devices?: PciDeviceInfo[];
}

export interface PciDeviceClass {
  desc?: string;
  class: number | bigint;
}

export interface PciDeviceId {
  device: number | bigint;
  vendor: number | bigint;
  subsystem?: number | bigint;
  'subsystem-vendor'?: number | bigint;
}

export interface PciDeviceInfo {
  bus: number | bigint;
  slot: number | bigint;
  function: number | bigint;
  class_info: PciDeviceClass;
  id: PciDeviceId;
  irq?: number | bigint;
  irq_pin: number | bigint;
  qdev_id: string;
  pci_bridge?: PciBridgeInfo;
  regions: PciMemoryRegion[];
}

export interface PciInfo {
  bus: number | bigint;
  devices: PciDeviceInfo[];
}

// ---- stats ----

export type StatsType =
  | 'cumulative'
  | 'instant'
  | 'peak'
  | 'linear-histogram'
  | 'log2-histogram';

export type StatsUnit =
  | 'bytes'
  | 'seconds'
  | 'cycles'
  | 'boolean';

export type StatsProvider =
  | 'kvm'
  | 'cryptodev';

export type StatsTarget =
  | 'vm'
  | 'vcpu'
  | 'cryptodev';

export interface StatsRequest {
  provider: StatsProvider;
  names?: string[];
}

export interface StatsVCPUFilter {
  vcpus?: string[];
}

/** The members common to every variant of {@link StatsFilter}. */
export interface StatsFilterBase {
  target: StatsTarget;
  providers?: StatsRequest[];
}

export type StatsFilter =
  | (StatsFilterBase & { target: 'vm' })
  | (StatsFilterBase & { target: 'vcpu' } & StatsVCPUFilter)
  | (StatsFilterBase & { target: 'cryptodev' });

export type StatsValue =
  | number | bigint
  | boolean
  | (number | bigint)[];

export interface Stats {
  name: string;
  value: StatsValue;
}

export interface StatsResult {
  provider: StatsProvider;
  'qom-path'?: string;
  stats: Stats[];
}

export interface StatsSchemaValue {
  name: string;
  type: StatsType;
  unit?: StatsUnit;
  base?: number;
  exponent: number;
  'bucket-size'?: number;
}

export interface StatsSchema {
  provider: StatsProvider;
  target: StatsTarget;
  stats: StatsSchemaValue[];
}

// ---- virtio ----

export interface VirtioInfo {
  path: string;
  name: string;
}

export interface VhostStatus {
  'n-mem-sections': number | bigint;
  'n-tmp-sections': number | bigint;
  nvqs: number;
  'vq-index': number | bigint;
  features: VirtioDeviceFeatures;
  'acked-features': VirtioDeviceFeatures;
  'backend-features': VirtioDeviceFeatures;
  'protocol-features': VhostDeviceProtocols;
  'max-queues': number | bigint;
  'backend-cap': number | bigint;
  'log-enabled': boolean;
  'log-size': number | bigint;
}

export interface VirtioStatus {
  name: string;
  'device-id': number;
  'vhost-started': boolean;
  'device-endian': string;
  'guest-features': VirtioDeviceFeatures;
  'host-features': VirtioDeviceFeatures;
  'backend-features': VirtioDeviceFeatures;
  'num-vqs': number | bigint;
  status: VirtioDeviceStatus;
  isr: number;
  'queue-sel': number;
  'vm-running': boolean;
  broken: boolean;
  disabled: boolean;
  'use-started': boolean;
  started: boolean;
  'start-on-kick': boolean;
  'disable-legacy-check': boolean;
  'bus-name': string;
  'use-guest-notifier-mask': boolean;
  'vhost-dev'?: VhostStatus;
}

export interface VirtioDeviceStatus {
  statuses: string[];
  'unknown-statuses'?: number;
}

export interface VhostDeviceProtocols {
  protocols: string[];
  'unknown-protocols'?: number | bigint;
}

export interface VirtioDeviceFeatures {
  transports: string[];
  'dev-features'?: string[];
  'unknown-dev-features'?: number | bigint;
}

export interface VirtQueueStatus {
  name: string;
  'queue-index': number;
  inuse: number;
  'vring-num': number;
  'vring-num-default': number;
  'vring-align': number;
  'vring-desc': number | bigint;
  'vring-avail': number | bigint;
  'vring-used': number | bigint;
  'last-avail-idx'?: number;
  'shadow-avail-idx'?: number;
  'used-idx': number;
  'signalled-used': number;
  'signalled-used-valid': boolean;
}

export interface VirtVhostQueueStatus {
  name: string;
  kick: number | bigint;
  call: number | bigint;
  desc: number | bigint;
  avail: number | bigint;
  used: number | bigint;
  num: number | bigint;
  'desc-phys': number | bigint;
  'desc-size': number;
  'avail-phys': number | bigint;
  'avail-size': number;
  'used-phys': number | bigint;
  'used-size': number;
}

export interface VirtioRingDesc {
  addr: number | bigint;
  len: number;
  flags: string[];
}

export interface VirtioRingAvail {
  flags: number;
  idx: number;
  ring: number;
}

export interface VirtioRingUsed {
  flags: number;
  idx: number;
}

export interface VirtioQueueElement {
  name: string;
  index: number;
  descs: VirtioRingDesc[];
  avail: VirtioRingAvail;
  used: VirtioRingUsed;
}

export interface IOThreadVirtQueueMapping {
  iothread: string;
  vqs?: number[];
}

export interface DummyVirtioForceArrays {
  'unused-iothread-vq-mapping': IOThreadVirtQueueMapping[];
}

export type GranuleMode =
  | '4k'
  | '8k'
  | '16k'
  | '64k'
  | 'host';

export type VMAppleVirtioBlkVariant =
  | 'unspecified'
  | 'root'
  | 'aux';

// ---- vfio ----

export type QapiVfioMigrationState =
  | 'stop'
  | 'running'
  | 'stop-copy'
  | 'resuming'
  | 'running-p2p'
  | 'pre-copy'
  | 'pre-copy-p2p';

// ---- cryptodev ----

export type QCryptodevBackendAlgoType =
  | 'sym'
  | 'asym';

export type QCryptodevBackendServiceType =
  | 'cipher'
  | 'hash'
  | 'mac'
  | 'aead'
  | 'akcipher';

export type QCryptodevBackendType =
  | 'builtin'
  | 'vhost-user'
  | 'lkcf';

export interface QCryptodevBackendClient {
  queue: number;
  type: QCryptodevBackendType;
}

export interface QCryptodevInfo {
  id: string;
  service: QCryptodevBackendServiceType[];
  client: QCryptodevBackendClient[];
}

// ---- cxl ----

export type CxlEventLog =
  | 'informational'
  | 'warning'
  | 'failure'
  | 'fatal';

export type CxlUncorErrorType =
  | 'cache-data-parity'
  | 'cache-address-parity'
  | 'cache-be-parity'
  | 'cache-data-ecc'
  | 'mem-data-parity'
  | 'mem-address-parity'
  | 'mem-be-parity'
  | 'mem-data-ecc'
  | 'reinit-threshold'
  | 'rsvd-encoding'
  | 'poison-received'
  | 'receiver-overflow'
  | 'internal'
  | 'cxl-ide-tx'
  | 'cxl-ide-rx';

export interface CXLUncorErrorRecord {
  type: CxlUncorErrorType;
  header: number[];
}

export type CxlCorErrorType =
  | 'cache-data-ecc'
  | 'mem-data-ecc'
  | 'crc-threshold'
  | 'retry-threshold'
  | 'cache-poison-received'
  | 'mem-poison-received'
  | 'physical';

export interface CxlDynamicCapacityExtent {
  offset: number | bigint;
  len: number | bigint;
}

export type CxlExtentSelectionPolicy =
  | 'free'
  | 'contiguous'
  | 'prescriptive'
  | 'enable-shared-access';

export type CxlExtentRemovalPolicy =
  | 'tag-based'
  | 'prescriptive';

// ---- uefi ----

export interface UefiVariable {
  guid: string;
  name: string;
  attr: number | bigint;
  data: string;
  time?: string;
  digest?: string;
}

export interface UefiVarStore {
  version: number | bigint;
  variables: UefiVariable[];
}

// ---- commands ----

/** Every command: its arguments (`Record<string, never>` when it takes none) and what it returns. */
export interface QmpCommandMap {
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.add-fd */
  'add-fd': {
    args: {
      'fdset-id'?: number | bigint;
      opaque?: string;
    };
    returns: AddfdInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.add_client */
  add_client: {
    args: {
      protocol: string;
      fdname: string;
      skipauth?: boolean;
      tls?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-net.announce-self */
  'announce-self': {
    args: AnnounceParameters;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.balloon */
  balloon: {
    args: {
      value: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-commit */
  'block-commit': {
    args: {
      'job-id'?: string;
      device: string;
      'base-node'?: string;
      /** @deprecated */
      base?: string;
      'top-node'?: string;
      /** @deprecated */
      top?: string;
      'backing-file'?: string;
      'backing-mask-protocol'?: boolean;
      speed?: number | bigint;
      'on-error'?: BlockdevOnError;
      'filter-node-name'?: string;
      'auto-finalize'?: boolean;
      'auto-dismiss'?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-add */
  'block-dirty-bitmap-add': {
    args: BlockDirtyBitmapAdd;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-clear */
  'block-dirty-bitmap-clear': {
    args: BlockDirtyBitmap;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-disable */
  'block-dirty-bitmap-disable': {
    args: BlockDirtyBitmap;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-enable */
  'block-dirty-bitmap-enable': {
    args: BlockDirtyBitmap;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-merge */
  'block-dirty-bitmap-merge': {
    args: BlockDirtyBitmapMerge;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-dirty-bitmap-remove */
  'block-dirty-bitmap-remove': {
    args: BlockDirtyBitmap;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.block-export-add */
  'block-export-add': {
    args: BlockExportOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.block-export-del */
  'block-export-del': {
    args: {
      id: string;
      mode?: BlockExportRemoveMode;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-cancel */
  'block-job-cancel': {
    args: {
      device: string;
      force?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-change */
  'block-job-change': {
    args: BlockJobChangeOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-complete */
  'block-job-complete': {
    args: {
      device: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-dismiss */
  'block-job-dismiss': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-finalize */
  'block-job-finalize': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-pause */
  'block-job-pause': {
    args: {
      device: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-resume */
  'block-job-resume': {
    args: {
      device: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-job-set-speed */
  'block-job-set-speed': {
    args: {
      device: string;
      speed: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.block-latency-histogram-set */
  'block-latency-histogram-set': {
    args: {
      id: string;
      boundaries?: (number | bigint)[];
      'boundaries-read'?: (number | bigint)[];
      'boundaries-write'?: (number | bigint)[];
      'boundaries-zap'?: (number | bigint)[];
      'boundaries-flush'?: (number | bigint)[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-set-write-threshold */
  'block-set-write-threshold': {
    args: {
      'node-name': string;
      'write-threshold': number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block-stream */
  'block-stream': {
    args: {
      'job-id'?: string;
      device: string;
      base?: string;
      'base-node'?: string;
      'backing-file'?: string;
      'backing-mask-protocol'?: boolean;
      bottom?: string;
      speed?: number | bigint;
      'on-error'?: BlockdevOnError;
      'filter-node-name'?: string;
      'auto-finalize'?: boolean;
      'auto-dismiss'?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.block_resize */
  block_resize: {
    args: {
      device?: string;
      'node-name'?: string;
      size: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.block_set_io_throttle */
  block_set_io_throttle: {
    args: BlockIOThrottle;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-add */
  'blockdev-add': {
    args: BlockdevOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-backup */
  'blockdev-backup': {
    args: BlockdevBackup;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.blockdev-change-medium */
  'blockdev-change-medium': {
    args: {
      /** @deprecated */
      device?: string;
      id?: string;
      filename: string;
      format?: string;
      force?: boolean;
      'read-only-mode'?: BlockdevChangeReadOnlyMode;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.blockdev-close-tray */
  'blockdev-close-tray': {
    args: {
      /** @deprecated */
      device?: string;
      id?: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-create */
  'blockdev-create': {
    args: {
      'job-id': string;
      options: BlockdevCreateOptions;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-del */
  'blockdev-del': {
    args: {
      'node-name': string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.blockdev-insert-medium */
  'blockdev-insert-medium': {
    args: {
      id: string;
      'node-name': string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-mirror */
  'blockdev-mirror': {
    args: {
      'job-id'?: string;
      device: string;
      target: string;
      replaces?: string;
      sync: MirrorSyncMode;
      speed?: number | bigint;
      granularity?: number;
      'buf-size'?: number | bigint;
      'on-source-error'?: BlockdevOnError;
      'on-target-error'?: BlockdevOnError;
      'filter-node-name'?: string;
      'copy-mode'?: MirrorCopyMode;
      'auto-finalize'?: boolean;
      'auto-dismiss'?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.blockdev-open-tray */
  'blockdev-open-tray': {
    args: {
      /** @deprecated */
      device?: string;
      id?: string;
      force?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.blockdev-remove-medium */
  'blockdev-remove-medium': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-reopen */
  'blockdev-reopen': {
    args: {
      options: BlockdevOptions[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-set-active */
  'blockdev-set-active': {
    args: {
      'node-name'?: string;
      active: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * QAPI features: `allow-write-only-overlay`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-snapshot
   */
  'blockdev-snapshot': {
    args: BlockdevSnapshot;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-snapshot-delete-internal-sync */
  'blockdev-snapshot-delete-internal-sync': {
    args: {
      device: string;
      id?: string;
      name?: string;
    };
    returns: SnapshotInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-snapshot-internal-sync */
  'blockdev-snapshot-internal-sync': {
    args: BlockdevSnapshotInternal;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.blockdev-snapshot-sync */
  'blockdev-snapshot-sync': {
    args: BlockdevSnapshotSync;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.calc-dirty-rate */
  'calc-dirty-rate': {
    args: {
      'calc-time': number | bigint;
      'calc-time-unit'?: TimeUnit;
      'sample-pages'?: number | bigint;
      mode?: DirtyRateMeasureMode;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.cancel-vcpu-dirty-limit */
  'cancel-vcpu-dirty-limit': {
    args: {
      'cpu-index'?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.change-backing-file */
  'change-backing-file': {
    args: {
      device: string;
      'image-node-name': string;
      'backing-file': string;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.change-vnc-password
   */
  'change-vnc-password': {
    args: {
      password: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.chardev-add */
  'chardev-add': {
    args: {
      id: string;
      backend: ChardevBackend;
    };
    returns: ChardevReturn;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.chardev-change */
  'chardev-change': {
    args: {
      id: string;
      backend: ChardevBackend;
    };
    returns: ChardevReturn;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.chardev-remove */
  'chardev-remove': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.chardev-send-break */
  'chardev-send-break': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.client_migrate_info */
  client_migrate_info: {
    args: {
      protocol: string;
      hostname: string;
      port?: number | bigint;
      'tls-port'?: number | bigint;
      'cert-subject'?: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.closefd */
  closefd: {
    args: {
      fdname: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.cont */
  cont: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-add-dynamic-capacity
   */
  'cxl-add-dynamic-capacity': {
    args: {
      path: string;
      'host-id': number;
      'selection-policy': CxlExtentSelectionPolicy;
      region: number;
      tag?: string;
      extents: CxlDynamicCapacityExtent[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-correctable-error */
  'cxl-inject-correctable-error': {
    args: {
      path: string;
      type: CxlCorErrorType;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-dram-event */
  'cxl-inject-dram-event': {
    args: {
      path: string;
      log: CxlEventLog;
      flags: number;
      dpa: number | bigint;
      descriptor: number;
      type: number;
      'transaction-type': number;
      channel?: number;
      rank?: number;
      'nibble-mask'?: number;
      'bank-group'?: number;
      bank?: number;
      row?: number;
      column?: number;
      'correction-mask'?: (number | bigint)[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-general-media-event */
  'cxl-inject-general-media-event': {
    args: {
      path: string;
      log: CxlEventLog;
      flags: number;
      dpa: number | bigint;
      descriptor: number;
      type: number;
      'transaction-type': number;
      channel?: number;
      rank?: number;
      device?: number;
      'component-id'?: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-memory-module-event */
  'cxl-inject-memory-module-event': {
    args: {
      path: string;
      log: CxlEventLog;
      flags: number;
      type: number;
      'health-status': number;
      'media-status': number;
      'additional-status': number;
      'life-used': number;
      temperature: number;
      'dirty-shutdown-count': number;
      'corrected-volatile-error-count': number;
      'corrected-persistent-error-count': number;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-poison */
  'cxl-inject-poison': {
    args: {
      path: string;
      start: number | bigint;
      length: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-inject-uncorrectable-errors */
  'cxl-inject-uncorrectable-errors': {
    args: {
      path: string;
      errors: CXLUncorErrorRecord[];
    };
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cxl.cxl-release-dynamic-capacity
   */
  'cxl-release-dynamic-capacity': {
    args: {
      path: string;
      'host-id': number;
      'removal-policy': CxlExtentRemovalPolicy;
      'forced-removal'?: boolean;
      'sanitize-on-release'?: boolean;
      region: number;
      tag?: string;
      extents: CxlDynamicCapacityExtent[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qdev.device-list-properties */
  'device-list-properties': {
    args: {
      typename: string;
    };
    returns: ObjectPropertyInfo[];
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qdev.device-sync-config
   */
  'device-sync-config': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /**
   * QAPI features: `json-cli`, `json-cli-hotplug`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qdev.device_add
   */
  device_add: {
    args: {
      driver: string;
      bus?: string;
      id?: string;
    } & { [property: string]: unknown };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qdev.device_del */
  device_del: {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.display-reload */
  'display-reload': {
    args: DisplayReloadOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.display-update */
  'display-update': {
    args: DisplayUpdateOptions;
    returns: Record<string, never>;
  };
  /**
   * @deprecated
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.drive-backup
   */
  'drive-backup': {
    args: DriveBackup;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.drive-mirror */
  'drive-mirror': {
    args: DriveMirror;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-dump.dump-guest-memory */
  'dump-guest-memory': {
    args: {
      paging: boolean;
      protocol: string;
      detach?: boolean;
      begin?: number | bigint;
      length?: number | bigint;
      format?: DumpGuestMemoryFormat;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_FDT`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.dumpdtb
   */
  dumpdtb: {
    args: {
      filename: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.eject */
  eject: {
    args: {
      /** @deprecated */
      device?: string;
      id?: string;
      force?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.expire_password */
  expire_password: {
    args: ExpirePasswordOptions;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_POSIX`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.getfd
   */
  getfd: {
    args: {
      fdname: string;
    };
    returns: Record<string, never>;
  };
  /**
   * QAPI features: `savevm-monitor-nodes`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.human-monitor-command
   */
  'human-monitor-command': {
    args: {
      'command-line': string;
      'cpu-index'?: number | bigint;
    };
    returns: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.inject-nmi */
  'inject-nmi': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.input-send-event */
  'input-send-event': {
    args: {
      device?: string;
      head?: number | bigint;
      events: InputEvent[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-cancel */
  'job-cancel': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-complete */
  'job-complete': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-dismiss */
  'job-dismiss': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-finalize */
  'job-finalize': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-pause */
  'job-pause': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.job-resume */
  'job-resume': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.memsave */
  memsave: {
    args: {
      val: number | bigint;
      size: number | bigint;
      filename: string;
      'cpu-index'?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate */
  migrate: {
    args: {
      uri?: string;
      channels?: MigrationChannel[];
      detach?: boolean;
      resume?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-continue */
  'migrate-continue': {
    args: {
      state: MigrationStatus;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-incoming */
  'migrate-incoming': {
    args: {
      uri?: string;
      channels?: MigrationChannel[];
      'exit-on-error'?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-pause */
  'migrate-pause': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-recover */
  'migrate-recover': {
    args: {
      uri: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-set-capabilities */
  'migrate-set-capabilities': {
    args: {
      capabilities: MigrationCapabilityStatus[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-set-parameters */
  'migrate-set-parameters': {
    args: MigrateSetParameters;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate-start-postcopy */
  'migrate-start-postcopy': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.migrate_cancel */
  migrate_cancel: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * @deprecated
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.nbd-server-add
   */
  'nbd-server-add': {
    args: NbdServerAddOptions;
    returns: Record<string, never>;
  };
  /**
   * @deprecated
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.nbd-server-remove
   */
  'nbd-server-remove': {
    args: {
      name: string;
      mode?: BlockExportRemoveMode;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.nbd-server-start */
  'nbd-server-start': {
    args: NbdServerOptionsLegacy;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.nbd-server-stop */
  'nbd-server-stop': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-net.netdev_add */
  netdev_add: {
    args: Netdev;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-net.netdev_del */
  netdev_del: {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.object-add */
  'object-add': {
    args: ObjectOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.object-del */
  'object-del': {
    args: {
      id: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.pmemsave */
  pmemsave: {
    args: {
      val: number | bigint;
      size: number | bigint;
      filename: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-control.qmp_capabilities */
  qmp_capabilities: {
    args: {
      enable?: QMPCapability[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.qom-get */
  'qom-get': {
    args: {
      path: string;
      property: string;
    };
    returns: unknown;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.qom-list */
  'qom-list': {
    args: {
      path: string;
    };
    returns: ObjectPropertyInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.qom-list-properties */
  'qom-list-properties': {
    args: {
      typename: string;
    };
    returns: ObjectPropertyInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.qom-list-types */
  'qom-list-types': {
    args: {
      implements?: string;
      abstract?: boolean;
    };
    returns: ObjectTypeInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-qom.qom-set */
  'qom-set': {
    args: {
      path: string;
      property: string;
      value: unknown;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-acpi.query-acpi-ospm-status */
  'query-acpi-ospm-status': {
    args: Record<string, never>;
    returns: ACPIOSTInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-audio.query-audiodevs */
  'query-audiodevs': {
    args: Record<string, never>;
    returns: Audiodev[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-balloon */
  'query-balloon': {
    args: Record<string, never>;
    returns: BalloonInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.query-block */
  'query-block': {
    args: Record<string, never>;
    returns: BlockInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-export.query-block-exports */
  'query-block-exports': {
    args: Record<string, never>;
    returns: BlockExportInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.query-block-jobs */
  'query-block-jobs': {
    args: Record<string, never>;
    returns: BlockJobInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.query-blockstats */
  'query-blockstats': {
    args: {
      'query-nodes'?: boolean;
    };
    returns: BlockStats[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.query-chardev */
  'query-chardev': {
    args: Record<string, never>;
    returns: ChardevInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.query-chardev-backends */
  'query-chardev-backends': {
    args: Record<string, never>;
    returns: ChardevBackendInfo[];
  };
  /**
   * Build condition: `CONFIG_REPLICATION`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-colo-status
   */
  'query-colo-status': {
    args: Record<string, never>;
    returns: COLOStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.query-command-line-options */
  'query-command-line-options': {
    args: {
      option?: string;
    };
    returns: CommandLineOptionInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-control.query-commands */
  'query-commands': {
    args: Record<string, never>;
    returns: CommandInfo[];
  };
  /**
   * Build condition: `TARGET_PPC || TARGET_ARM || TARGET_I386 || TARGET_S390X || TARGET_MIPS || TARGET_LOONGARCH64 || TARGET_RISCV`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine-target.query-cpu-definitions
   */
  'query-cpu-definitions': {
    args: Record<string, never>;
    returns: CpuDefinitionInfo[];
  };
  /**
   * Build condition: `TARGET_S390X || TARGET_I386 || TARGET_ARM || TARGET_LOONGARCH64 || TARGET_RISCV`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine-target.query-cpu-model-expansion
   */
  'query-cpu-model-expansion': {
    args: {
      type: CpuModelExpansionType;
      model: CpuModelInfo;
    };
    returns: CpuModelExpansionInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-cpus-fast */
  'query-cpus-fast': {
    args: Record<string, never>;
    returns: CpuInfoFast[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-cryptodev.query-cryptodev */
  'query-cryptodev': {
    args: Record<string, never>;
    returns: QCryptodevInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-current-machine */
  'query-current-machine': {
    args: Record<string, never>;
    returns: CurrentMachineParams;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-dirty-rate */
  'query-dirty-rate': {
    args: {
      'calc-time-unit'?: TimeUnit;
    };
    returns: DirtyRateInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.query-display-options */
  'query-display-options': {
    args: Record<string, never>;
    returns: DisplayOptions;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-dump.query-dump */
  'query-dump': {
    args: Record<string, never>;
    returns: DumpQueryResult;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-dump.query-dump-guest-memory-capability */
  'query-dump-guest-memory-capability': {
    args: Record<string, never>;
    returns: DumpGuestMemoryCapability;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.query-fdsets */
  'query-fdsets': {
    args: Record<string, never>;
    returns: FdsetInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-hotpluggable-cpus */
  'query-hotpluggable-cpus': {
    args: Record<string, never>;
    returns: HotpluggableCPU[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-hv-balloon-status-report */
  'query-hv-balloon-status-report': {
    args: Record<string, never>;
    returns: HvBalloonInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.query-iothreads */
  'query-iothreads': {
    args: Record<string, never>;
    returns: IOThreadInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-job.query-jobs */
  'query-jobs': {
    args: Record<string, never>;
    returns: JobInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-kvm */
  'query-kvm': {
    args: Record<string, never>;
    returns: KvmInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-machines */
  'query-machines': {
    args: {
      /** @experimental QAPI feature `unstable` */
      'compat-props'?: boolean;
    };
    returns: MachineInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-memdev */
  'query-memdev': {
    args: Record<string, never>;
    returns: Memdev[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-memory-devices */
  'query-memory-devices': {
    args: Record<string, never>;
    returns: MemoryDeviceInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-memory-size-summary */
  'query-memory-size-summary': {
    args: Record<string, never>;
    returns: MemoryInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.query-mice */
  'query-mice': {
    args: Record<string, never>;
    returns: MouseInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-migrate */
  'query-migrate': {
    args: Record<string, never>;
    returns: MigrationInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-migrate-capabilities */
  'query-migrate-capabilities': {
    args: Record<string, never>;
    returns: MigrationCapabilityStatus[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-migrate-parameters */
  'query-migrate-parameters': {
    args: Record<string, never>;
    returns: MigrationParameters;
  };
  /**
   * @deprecated
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-migrationthreads
   */
  'query-migrationthreads': {
    args: Record<string, never>;
    returns: MigrationThreadInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.query-name */
  'query-name': {
    args: Record<string, never>;
    returns: NameInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.query-named-block-nodes */
  'query-named-block-nodes': {
    args: {
      flat?: boolean;
    };
    returns: BlockDeviceInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-pci.query-pci */
  'query-pci': {
    args: Record<string, never>;
    returns: PciInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block.query-pr-managers */
  'query-pr-managers': {
    args: Record<string, never>;
    returns: PRManagerInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-introspect.query-qmp-schema */
  'query-qmp-schema': {
    args: Record<string, never>;
    returns: SchemaInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-replay.query-replay */
  'query-replay': {
    args: Record<string, never>;
    returns: ReplayInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-rocker.query-rocker */
  'query-rocker': {
    args: {
      name: string;
    };
    returns: RockerSwitch;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-rocker.query-rocker-of-dpa-flows */
  'query-rocker-of-dpa-flows': {
    args: {
      name: string;
      'tbl-id'?: number;
    };
    returns: RockerOfDpaFlow[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-rocker.query-rocker-of-dpa-groups */
  'query-rocker-of-dpa-groups': {
    args: {
      name: string;
      type?: number;
    };
    returns: RockerOfDpaGroup[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-rocker.query-rocker-ports */
  'query-rocker-ports': {
    args: {
      name: string;
    };
    returns: RockerPort[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-net.query-rx-filter */
  'query-rx-filter': {
    args: {
      name?: string;
    };
    returns: RxFilterInfo[];
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sev
   */
  'query-sev': {
    args: Record<string, never>;
    returns: SevInfo;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sev-attestation-report
   */
  'query-sev-attestation-report': {
    args: {
      mnonce: string;
    };
    returns: SevAttestationReport;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sev-capabilities
   */
  'query-sev-capabilities': {
    args: Record<string, never>;
    returns: SevCapability;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sev-launch-measure
   */
  'query-sev-launch-measure': {
    args: Record<string, never>;
    returns: SevLaunchMeasureInfo;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sgx
   */
  'query-sgx': {
    args: Record<string, never>;
    returns: SGXInfo;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.query-sgx-capabilities
   */
  'query-sgx-capabilities': {
    args: Record<string, never>;
    returns: SGXInfo;
  };
  /**
   * Build condition: `CONFIG_SPICE`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.query-spice
   */
  'query-spice': {
    args: Record<string, never>;
    returns: SpiceInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-stats.query-stats */
  'query-stats': {
    args: StatsFilter;
    returns: StatsResult[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-stats.query-stats-schemas */
  'query-stats-schemas': {
    args: {
      provider?: StatsProvider;
    };
    returns: StatsSchema[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-run-state.query-status */
  'query-status': {
    args: Record<string, never>;
    returns: StatusInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-target */
  'query-target': {
    args: Record<string, never>;
    returns: TargetInfo;
  };
  /**
   * Build condition: `CONFIG_TPM`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-tpm.query-tpm
   */
  'query-tpm': {
    args: Record<string, never>;
    returns: TPMInfo[];
  };
  /**
   * Build condition: `CONFIG_TPM`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-tpm.query-tpm-models
   */
  'query-tpm-models': {
    args: Record<string, never>;
    returns: TpmModel[];
  };
  /**
   * Build condition: `CONFIG_TPM`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-tpm.query-tpm-types
   */
  'query-tpm-types': {
    args: Record<string, never>;
    returns: TpmType[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-uuid */
  'query-uuid': {
    args: Record<string, never>;
    returns: UuidInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-vcpu-dirty-limit */
  'query-vcpu-dirty-limit': {
    args: Record<string, never>;
    returns: DirtyLimitInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-control.query-version */
  'query-version': {
    args: Record<string, never>;
    returns: VersionInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.query-vm-generation-id */
  'query-vm-generation-id': {
    args: Record<string, never>;
    returns: GuidInfo;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.query-vnc
   */
  'query-vnc': {
    args: Record<string, never>;
    returns: VncInfo;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.query-vnc-servers
   */
  'query-vnc-servers': {
    args: Record<string, never>;
    returns: VncInfo2[];
  };
  /**
   * Build condition: `CONFIG_REPLICATION`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.query-xen-replication-status
   */
  'query-xen-replication-status': {
    args: Record<string, never>;
    returns: ReplicationStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-yank.query-yank */
  'query-yank': {
    args: Record<string, never>;
    returns: YankInstance[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-control.quit */
  quit: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.remove-fd */
  'remove-fd': {
    args: {
      'fdset-id': number | bigint;
      fd?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-replay.replay-break */
  'replay-break': {
    args: {
      icount: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-replay.replay-delete-break */
  'replay-delete-break': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-replay.replay-seek */
  'replay-seek': {
    args: {
      icount: number | bigint;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_EBPF`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ebpf.request-ebpf
   */
  'request-ebpf': {
    args: {
      id: EbpfProgramID;
    };
    returns: EbpfObject;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.ringbuf-read */
  'ringbuf-read': {
    args: {
      device: string;
      size: number | bigint;
      format?: DataFormat;
    };
    returns: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-char.ringbuf-write */
  'ringbuf-write': {
    args: {
      device: string;
      data: string;
      format?: DataFormat;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.rtc-reset-reinjection
   */
  'rtc-reset-reinjection': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_PIXMAN`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.screendump
   */
  screendump: {
    args: {
      filename: string;
      device?: string;
      head?: number | bigint;
      format?: ImageFormat;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.send-key */
  'send-key': {
    args: {
      keys: KeyValue[];
      'hold-time'?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-run-state.set-action */
  'set-action': {
    args: {
      reboot?: RebootAction;
      shutdown?: ShutdownAction;
      panic?: PanicAction;
      watchdog?: WatchdogAction;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.set-numa-node */
  'set-numa-node': {
    args: NumaOptions;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.set-vcpu-dirty-limit */
  'set-vcpu-dirty-limit': {
    args: {
      'cpu-index'?: number | bigint;
      'dirty-rate': number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-net.set_link */
  set_link: {
    args: {
      name: string;
      up: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-ui.set_password */
  set_password: {
    args: SetPasswordOptions;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.sev-inject-launch-secret
   */
  'sev-inject-launch-secret': {
    args: {
      'packet-header': string;
      secret: string;
      gpa?: number | bigint;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.snapshot-delete */
  'snapshot-delete': {
    args: {
      'job-id': string;
      tag: string;
      devices: string[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.snapshot-load */
  'snapshot-load': {
    args: {
      'job-id': string;
      tag: string;
      vmstate: string;
      devices: string[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.snapshot-save */
  'snapshot-save': {
    args: {
      'job-id': string;
      tag: string;
      vmstate: string;
      devices: string[];
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.stop */
  stop: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.system_powerdown */
  system_powerdown: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.system_reset */
  system_reset: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.system_wakeup */
  system_wakeup: {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-trace.trace-event-get-state */
  'trace-event-get-state': {
    args: {
      name: string;
    };
    returns: TraceEventInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-trace.trace-event-set-state */
  'trace-event-set-state': {
    args: {
      name: string;
      enable: boolean;
      'ignore-unavailable'?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-transaction.transaction */
  transaction: {
    args: {
      actions: TransactionAction[];
      properties?: TransactionProperties;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-run-state.watchdog-set-action */
  'watchdog-set-action': {
    args: {
      action: WatchdogAction;
    };
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.x-blockdev-amend
   */
  'x-blockdev-amend': {
    args: {
      'job-id': string;
      'node-name': string;
      options: BlockdevAmendOptions;
      force?: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.x-blockdev-change
   */
  'x-blockdev-change': {
    args: {
      parent: string;
      child?: string;
      node?: string;
    };
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.x-blockdev-set-iothread
   */
  'x-blockdev-set-iothread': {
    args: {
      'node-name': string;
      iothread: StrOrNull;
      force?: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_REPLICATION`
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.x-colo-lost-heartbeat
   */
  'x-colo-lost-heartbeat': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.x-debug-block-dirty-bitmap-sha256
   */
  'x-debug-block-dirty-bitmap-sha256': {
    args: BlockDirtyBitmap;
    returns: BlockDirtyBitmapSha256;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-block-core.x-debug-query-block-graph
   */
  'x-debug-query-block-graph': {
    args: Record<string, never>;
    returns: XDbgBlockGraph;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc.x-exit-preconfig
   */
  'x-exit-preconfig': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-interrupt-controllers
   */
  'x-query-interrupt-controllers': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-irq
   */
  'x-query-irq': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * Build condition: `CONFIG_TCG`
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-jit
   */
  'x-query-jit': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-numa
   */
  'x-query-numa': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * Build condition: `CONFIG_TCG`
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-opcount
   */
  'x-query-opcount': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-ramblock
   */
  'x-query-ramblock': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-roms
   */
  'x-query-roms': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-machine.x-query-usb
   */
  'x-query-usb': {
    args: Record<string, never>;
    returns: HumanReadableText;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-virtio.x-query-virtio
   */
  'x-query-virtio': {
    args: Record<string, never>;
    returns: VirtioInfo[];
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-virtio.x-query-virtio-queue-element
   */
  'x-query-virtio-queue-element': {
    args: {
      path: string;
      queue: number;
      index?: number;
    };
    returns: VirtioQueueElement;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-virtio.x-query-virtio-queue-status
   */
  'x-query-virtio-queue-status': {
    args: {
      path: string;
      queue: number;
    };
    returns: VirtQueueStatus;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-virtio.x-query-virtio-status
   */
  'x-query-virtio-status': {
    args: {
      path: string;
    };
    returns: VirtioStatus;
  };
  /**
   * @experimental QAPI feature `unstable`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-virtio.x-query-virtio-vhost-queue-status
   */
  'x-query-virtio-vhost-queue-status': {
    args: {
      path: string;
      queue: number;
    };
    returns: VirtVhostQueueStatus;
  };
  /**
   * Build condition: `CONFIG_REPLICATION`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.xen-colo-do-checkpoint
   */
  'xen-colo-do-checkpoint': {
    args: Record<string, never>;
    returns: Record<string, never>;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.xen-event-inject
   */
  'xen-event-inject': {
    args: {
      port: number;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `TARGET_I386`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-misc-target.xen-event-list
   */
  'xen-event-list': {
    args: Record<string, never>;
    returns: EvtchnInfo[];
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.xen-load-devices-state */
  'xen-load-devices-state': {
    args: {
      filename: string;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.xen-save-devices-state */
  'xen-save-devices-state': {
    args: {
      filename: string;
      live?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.xen-set-global-dirty-log */
  'xen-set-global-dirty-log': {
    args: {
      enable: boolean;
    };
    returns: Record<string, never>;
  };
  /**
   * Build condition: `CONFIG_REPLICATION`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-migration.xen-set-replication
   */
  'xen-set-replication': {
    args: {
      enable: boolean;
      primary: boolean;
      failover?: boolean;
    };
    returns: Record<string, never>;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#command-QMP-yank.yank */
  yank: {
    args: {
      instances: YankInstance[];
    };
    returns: Record<string, never>;
  };
}

export type QmpCommandName = keyof QmpCommandMap;

export const qmpCommandNames = [
  'add-fd',
  'add_client',
  'announce-self',
  'balloon',
  'block-commit',
  'block-dirty-bitmap-add',
  'block-dirty-bitmap-clear',
  'block-dirty-bitmap-disable',
  'block-dirty-bitmap-enable',
  'block-dirty-bitmap-merge',
  'block-dirty-bitmap-remove',
  'block-export-add',
  'block-export-del',
  'block-job-cancel',
  'block-job-change',
  'block-job-complete',
  'block-job-dismiss',
  'block-job-finalize',
  'block-job-pause',
  'block-job-resume',
  'block-job-set-speed',
  'block-latency-histogram-set',
  'block-set-write-threshold',
  'block-stream',
  'block_resize',
  'block_set_io_throttle',
  'blockdev-add',
  'blockdev-backup',
  'blockdev-change-medium',
  'blockdev-close-tray',
  'blockdev-create',
  'blockdev-del',
  'blockdev-insert-medium',
  'blockdev-mirror',
  'blockdev-open-tray',
  'blockdev-remove-medium',
  'blockdev-reopen',
  'blockdev-set-active',
  'blockdev-snapshot',
  'blockdev-snapshot-delete-internal-sync',
  'blockdev-snapshot-internal-sync',
  'blockdev-snapshot-sync',
  'calc-dirty-rate',
  'cancel-vcpu-dirty-limit',
  'change-backing-file',
  'change-vnc-password',
  'chardev-add',
  'chardev-change',
  'chardev-remove',
  'chardev-send-break',
  'client_migrate_info',
  'closefd',
  'cont',
  'cxl-add-dynamic-capacity',
  'cxl-inject-correctable-error',
  'cxl-inject-dram-event',
  'cxl-inject-general-media-event',
  'cxl-inject-memory-module-event',
  'cxl-inject-poison',
  'cxl-inject-uncorrectable-errors',
  'cxl-release-dynamic-capacity',
  'device-list-properties',
  'device-sync-config',
  'device_add',
  'device_del',
  'display-reload',
  'display-update',
  'drive-backup',
  'drive-mirror',
  'dump-guest-memory',
  'dumpdtb',
  'eject',
  'expire_password',
  'getfd',
  'human-monitor-command',
  'inject-nmi',
  'input-send-event',
  'job-cancel',
  'job-complete',
  'job-dismiss',
  'job-finalize',
  'job-pause',
  'job-resume',
  'memsave',
  'migrate',
  'migrate-continue',
  'migrate-incoming',
  'migrate-pause',
  'migrate-recover',
  'migrate-set-capabilities',
  'migrate-set-parameters',
  'migrate-start-postcopy',
  'migrate_cancel',
  'nbd-server-add',
  'nbd-server-remove',
  'nbd-server-start',
  'nbd-server-stop',
  'netdev_add',
  'netdev_del',
  'object-add',
  'object-del',
  'pmemsave',
  'qmp_capabilities',
  'qom-get',
  'qom-list',
  'qom-list-properties',
  'qom-list-types',
  'qom-set',
  'query-acpi-ospm-status',
  'query-audiodevs',
  'query-balloon',
  'query-block',
  'query-block-exports',
  'query-block-jobs',
  'query-blockstats',
  'query-chardev',
  'query-chardev-backends',
  'query-colo-status',
  'query-command-line-options',
  'query-commands',
  'query-cpu-definitions',
  'query-cpu-model-expansion',
  'query-cpus-fast',
  'query-cryptodev',
  'query-current-machine',
  'query-dirty-rate',
  'query-display-options',
  'query-dump',
  'query-dump-guest-memory-capability',
  'query-fdsets',
  'query-hotpluggable-cpus',
  'query-hv-balloon-status-report',
  'query-iothreads',
  'query-jobs',
  'query-kvm',
  'query-machines',
  'query-memdev',
  'query-memory-devices',
  'query-memory-size-summary',
  'query-mice',
  'query-migrate',
  'query-migrate-capabilities',
  'query-migrate-parameters',
  'query-migrationthreads',
  'query-name',
  'query-named-block-nodes',
  'query-pci',
  'query-pr-managers',
  'query-qmp-schema',
  'query-replay',
  'query-rocker',
  'query-rocker-of-dpa-flows',
  'query-rocker-of-dpa-groups',
  'query-rocker-ports',
  'query-rx-filter',
  'query-sev',
  'query-sev-attestation-report',
  'query-sev-capabilities',
  'query-sev-launch-measure',
  'query-sgx',
  'query-sgx-capabilities',
  'query-spice',
  'query-stats',
  'query-stats-schemas',
  'query-status',
  'query-target',
  'query-tpm',
  'query-tpm-models',
  'query-tpm-types',
  'query-uuid',
  'query-vcpu-dirty-limit',
  'query-version',
  'query-vm-generation-id',
  'query-vnc',
  'query-vnc-servers',
  'query-xen-replication-status',
  'query-yank',
  'quit',
  'remove-fd',
  'replay-break',
  'replay-delete-break',
  'replay-seek',
  'request-ebpf',
  'ringbuf-read',
  'ringbuf-write',
  'rtc-reset-reinjection',
  'screendump',
  'send-key',
  'set-action',
  'set-numa-node',
  'set-vcpu-dirty-limit',
  'set_link',
  'set_password',
  'sev-inject-launch-secret',
  'snapshot-delete',
  'snapshot-load',
  'snapshot-save',
  'stop',
  'system_powerdown',
  'system_reset',
  'system_wakeup',
  'trace-event-get-state',
  'trace-event-set-state',
  'transaction',
  'watchdog-set-action',
  'x-blockdev-amend',
  'x-blockdev-change',
  'x-blockdev-set-iothread',
  'x-colo-lost-heartbeat',
  'x-debug-block-dirty-bitmap-sha256',
  'x-debug-query-block-graph',
  'x-exit-preconfig',
  'x-query-interrupt-controllers',
  'x-query-irq',
  'x-query-jit',
  'x-query-numa',
  'x-query-opcount',
  'x-query-ramblock',
  'x-query-roms',
  'x-query-usb',
  'x-query-virtio',
  'x-query-virtio-queue-element',
  'x-query-virtio-queue-status',
  'x-query-virtio-status',
  'x-query-virtio-vhost-queue-status',
  'xen-colo-do-checkpoint',
  'xen-event-inject',
  'xen-event-list',
  'xen-load-devices-state',
  'xen-save-devices-state',
  'xen-set-global-dirty-log',
  'xen-set-replication',
  'yank',
] as const satisfies readonly QmpCommandName[];

export const qmpCommandMetadata: { readonly [Name in QmpCommandName]: CommandMetadata } = {
  'add-fd': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  add_client: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'announce-self': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  balloon: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-commit': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-add': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-clear': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-disable': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-enable': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-merge': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-dirty-bitmap-remove': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-export-add': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-export-del': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-cancel': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-change': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-complete': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-dismiss': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-finalize': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-pause': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-resume': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-job-set-speed': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-latency-histogram-set': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-set-write-threshold': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'block-stream': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  block_resize: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  block_set_io_throttle: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-add': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-backup': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-change-medium': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-close-tray': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-create': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-del': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-insert-medium': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-mirror': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-open-tray': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-remove-medium': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-reopen': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-set-active': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-snapshot': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-snapshot-delete-internal-sync': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-snapshot-internal-sync': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'blockdev-snapshot-sync': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'calc-dirty-rate': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cancel-vcpu-dirty-limit': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'change-backing-file': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'change-vnc-password': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'chardev-add': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'chardev-change': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'chardev-remove': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'chardev-send-break': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  client_migrate_info: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  closefd: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  cont: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-add-dynamic-capacity': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'cxl-inject-correctable-error': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-inject-dram-event': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-inject-general-media-event': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-inject-memory-module-event': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-inject-poison': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-inject-uncorrectable-errors': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'cxl-release-dynamic-capacity': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'device-list-properties': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'device-sync-config': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  device_add: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  device_del: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'display-reload': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'display-update': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'drive-backup': { allowOob: false, successResponse: true, deprecated: true, unstable: false },
  'drive-mirror': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'dump-guest-memory': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  dumpdtb: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  eject: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  expire_password: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  getfd: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'human-monitor-command': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'inject-nmi': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'input-send-event': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-cancel': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-complete': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-dismiss': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-finalize': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-pause': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'job-resume': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  memsave: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  migrate: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'migrate-continue': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'migrate-incoming': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'migrate-pause': { allowOob: true, successResponse: true, deprecated: false, unstable: false },
  'migrate-recover': { allowOob: true, successResponse: true, deprecated: false, unstable: false },
  'migrate-set-capabilities': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'migrate-set-parameters': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'migrate-start-postcopy': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  migrate_cancel: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'nbd-server-add': { allowOob: false, successResponse: true, deprecated: true, unstable: false },
  'nbd-server-remove': { allowOob: false, successResponse: true, deprecated: true, unstable: false },
  'nbd-server-start': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'nbd-server-stop': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  netdev_add: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  netdev_del: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'object-add': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'object-del': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  pmemsave: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  qmp_capabilities: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'qom-get': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'qom-list': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'qom-list-properties': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'qom-list-types': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'qom-set': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-acpi-ospm-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-audiodevs': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-balloon': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-block': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-block-exports': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-block-jobs': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-blockstats': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-chardev': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-chardev-backends': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-colo-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-command-line-options': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-commands': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-cpu-definitions': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-cpu-model-expansion': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-cpus-fast': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-cryptodev': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-current-machine': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-dirty-rate': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-display-options': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-dump': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-dump-guest-memory-capability': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-fdsets': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-hotpluggable-cpus': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-hv-balloon-status-report': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-iothreads': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-jobs': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-kvm': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-machines': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-memdev': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-memory-devices': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-memory-size-summary': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-mice': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-migrate': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-migrate-capabilities': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-migrate-parameters': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-migrationthreads': { allowOob: false, successResponse: true, deprecated: true, unstable: false },
  'query-name': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-named-block-nodes': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-pci': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-pr-managers': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-qmp-schema': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-replay': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-rocker': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-rocker-of-dpa-flows': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-rocker-of-dpa-groups': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-rocker-ports': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-rx-filter': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sev': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sev-attestation-report': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sev-capabilities': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sev-launch-measure': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sgx': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-sgx-capabilities': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-spice': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-stats': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-stats-schemas': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-target': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-tpm': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-tpm-models': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-tpm-types': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-uuid': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-vcpu-dirty-limit': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-version': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-vm-generation-id': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-vnc': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-vnc-servers': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-xen-replication-status': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'query-yank': { allowOob: true, successResponse: true, deprecated: false, unstable: false },
  quit: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'remove-fd': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'replay-break': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'replay-delete-break': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'replay-seek': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'request-ebpf': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'ringbuf-read': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'ringbuf-write': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'rtc-reset-reinjection': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  screendump: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'send-key': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'set-action': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'set-numa-node': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'set-vcpu-dirty-limit': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  set_link: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  set_password: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'sev-inject-launch-secret': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'snapshot-delete': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'snapshot-load': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'snapshot-save': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  stop: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  system_powerdown: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  system_reset: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  system_wakeup: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'trace-event-get-state': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'trace-event-set-state': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  transaction: { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'watchdog-set-action': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'x-blockdev-amend': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-blockdev-change': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-blockdev-set-iothread': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-colo-lost-heartbeat': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-debug-block-dirty-bitmap-sha256': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-debug-query-block-graph': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-exit-preconfig': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-interrupt-controllers': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-irq': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-jit': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-numa': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-opcount': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-ramblock': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-roms': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-usb': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-virtio': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-virtio-queue-element': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-virtio-queue-status': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-virtio-status': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'x-query-virtio-vhost-queue-status': { allowOob: false, successResponse: true, deprecated: false, unstable: true },
  'xen-colo-do-checkpoint': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-event-inject': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-event-list': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-load-devices-state': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-save-devices-state': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-set-global-dirty-log': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  'xen-set-replication': { allowOob: false, successResponse: true, deprecated: false, unstable: false },
  yank: { allowOob: true, successResponse: true, deprecated: false, unstable: false },
};

// ---- events ----

/** Every event and its `data` (`Record<string, never>` when it has none). */
export interface QmpEventMap {
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-acpi.ACPI_DEVICE_OST */
  ACPI_DEVICE_OST: {
    info: ACPIOSTInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-machine.BALLOON_CHANGE */
  BALLOON_CHANGE: {
    actual: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-export.BLOCK_EXPORT_DELETED */
  BLOCK_EXPORT_DELETED: {
    id: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_IMAGE_CORRUPTED */
  BLOCK_IMAGE_CORRUPTED: {
    device: string;
    'node-name'?: string;
    msg: string;
    offset?: number | bigint;
    size?: number | bigint;
    fatal: boolean;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_IO_ERROR */
  BLOCK_IO_ERROR: {
    'qom-path': string;
    device: string;
    'node-name'?: string;
    operation: IoOperationType;
    action: BlockErrorAction;
    nospace?: boolean;
    reason: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_JOB_CANCELLED */
  BLOCK_JOB_CANCELLED: {
    type: JobType;
    device: string;
    len: number | bigint;
    offset: number | bigint;
    speed: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_JOB_COMPLETED */
  BLOCK_JOB_COMPLETED: {
    type: JobType;
    device: string;
    len: number | bigint;
    offset: number | bigint;
    speed: number | bigint;
    error?: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_JOB_ERROR */
  BLOCK_JOB_ERROR: {
    device: string;
    operation: IoOperationType;
    action: BlockErrorAction;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_JOB_PENDING */
  BLOCK_JOB_PENDING: {
    type: JobType;
    id: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_JOB_READY */
  BLOCK_JOB_READY: {
    type: JobType;
    device: string;
    len: number | bigint;
    offset: number | bigint;
    speed: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.BLOCK_WRITE_THRESHOLD */
  BLOCK_WRITE_THRESHOLD: {
    'node-name': string;
    'amount-exceeded': number | bigint;
    'write-threshold': number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-migration.COLO_EXIT */
  COLO_EXIT: {
    mode: COLOMode;
    reason: COLOExitReason;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-qdev.DEVICE_DELETED */
  DEVICE_DELETED: {
    device?: string;
    path: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block.DEVICE_TRAY_MOVED */
  DEVICE_TRAY_MOVED: {
    device: string;
    id: string;
    'tray-open': boolean;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-qdev.DEVICE_UNPLUG_GUEST_ERROR */
  DEVICE_UNPLUG_GUEST_ERROR: {
    device?: string;
    path: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-dump.DUMP_COMPLETED */
  DUMP_COMPLETED: {
    result: DumpQueryResult;
    error?: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.FAILOVER_NEGOTIATED */
  FAILOVER_NEGOTIATED: {
    'device-id': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.GUEST_CRASHLOADED */
  GUEST_CRASHLOADED: {
    action: GuestPanicAction;
    info?: GuestPanicInformation;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.GUEST_PANICKED */
  GUEST_PANICKED: {
    action: GuestPanicAction;
    info?: GuestPanicInformation;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.GUEST_PVSHUTDOWN */
  GUEST_PVSHUTDOWN: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-machine.HV_BALLOON_STATUS_REPORT */
  HV_BALLOON_STATUS_REPORT: HvBalloonInfo;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-job.JOB_STATUS_CHANGE */
  JOB_STATUS_CHANGE: {
    id: string;
    status: JobStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-machine.MEMORY_DEVICE_SIZE_CHANGE */
  MEMORY_DEVICE_SIZE_CHANGE: {
    id?: string;
    size: number | bigint;
    'qom-path': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.MEMORY_FAILURE */
  MEMORY_FAILURE: {
    recipient: MemoryFailureRecipient;
    action: MemoryFailureAction;
    flags: MemoryFailureFlags;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-migration.MIGRATION */
  MIGRATION: {
    status: MigrationStatus;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-migration.MIGRATION_PASS */
  MIGRATION_PASS: {
    pass: number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.NETDEV_STREAM_CONNECTED */
  NETDEV_STREAM_CONNECTED: {
    'netdev-id': string;
    addr: SocketAddress;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.NETDEV_STREAM_DISCONNECTED */
  NETDEV_STREAM_DISCONNECTED: {
    'netdev-id': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.NETDEV_VHOST_USER_CONNECTED */
  NETDEV_VHOST_USER_CONNECTED: {
    'netdev-id': string;
    'chardev-id': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.NETDEV_VHOST_USER_DISCONNECTED */
  NETDEV_VHOST_USER_DISCONNECTED: {
    'netdev-id': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-net.NIC_RX_FILTER_CHANGED */
  NIC_RX_FILTER_CHANGED: {
    name?: string;
    path: string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.POWERDOWN */
  POWERDOWN: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block.PR_MANAGER_STATUS_CHANGED */
  PR_MANAGER_STATUS_CHANGED: {
    id: string;
    connected: boolean;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.QUORUM_FAILURE */
  QUORUM_FAILURE: {
    reference: string;
    'sector-num': number | bigint;
    'sectors-count': number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-block-core.QUORUM_REPORT_BAD */
  QUORUM_REPORT_BAD: {
    type: QuorumOpType;
    error?: string;
    'node-name': string;
    'sector-num': number | bigint;
    'sectors-count': number | bigint;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.RESET */
  RESET: {
    guest: boolean;
    reason: ShutdownCause;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.RESUME */
  RESUME: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-misc.RTC_CHANGE */
  RTC_CHANGE: {
    offset: number | bigint;
    'qom-path': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.SHUTDOWN */
  SHUTDOWN: {
    guest: boolean;
    reason: ShutdownCause;
  };
  /**
   * Build condition: `CONFIG_SPICE`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.SPICE_CONNECTED
   */
  SPICE_CONNECTED: {
    server: SpiceBasicInfo;
    client: SpiceBasicInfo;
  };
  /**
   * Build condition: `CONFIG_SPICE`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.SPICE_DISCONNECTED
   */
  SPICE_DISCONNECTED: {
    server: SpiceBasicInfo;
    client: SpiceBasicInfo;
  };
  /**
   * Build condition: `CONFIG_SPICE`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.SPICE_INITIALIZED
   */
  SPICE_INITIALIZED: {
    server: SpiceServerInfo;
    client: SpiceChannel;
  };
  /**
   * Build condition: `CONFIG_SPICE`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.SPICE_MIGRATE_COMPLETED
   */
  SPICE_MIGRATE_COMPLETED: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.STOP */
  STOP: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.SUSPEND */
  SUSPEND: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.SUSPEND_DISK */
  SUSPEND_DISK: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-migration.UNPLUG_PRIMARY */
  UNPLUG_PRIMARY: {
    'device-id': string;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-vfio.VFIO_MIGRATION */
  VFIO_MIGRATION: {
    'device-id': string;
    'qom-path': string;
    'device-state': QapiVfioMigrationState;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-misc.VFU_CLIENT_HANGUP */
  VFU_CLIENT_HANGUP: {
    'vfu-id': string;
    'vfu-qom-path': string;
    'dev-id': string;
    'dev-qom-path': string;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.VNC_CONNECTED
   */
  VNC_CONNECTED: {
    server: VncServerInfo;
    client: VncBasicInfo;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.VNC_DISCONNECTED
   */
  VNC_DISCONNECTED: {
    server: VncServerInfo;
    client: VncClientInfo;
  };
  /**
   * Build condition: `CONFIG_VNC`
   * @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-ui.VNC_INITIALIZED
   */
  VNC_INITIALIZED: {
    server: VncServerInfo;
    client: VncClientInfo;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-char.VSERPORT_CHANGE */
  VSERPORT_CHANGE: {
    id: string;
    open: boolean;
  };
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.WAKEUP */
  WAKEUP: Record<string, never>;
  /** @see https://www.qemu.org/docs/master/interop/qemu-qmp-ref.html#event-QMP-run-state.WATCHDOG */
  WATCHDOG: {
    action: WatchdogAction;
  };
}

export type QmpEventName = keyof QmpEventMap;

export const qmpEventNames = [
  'ACPI_DEVICE_OST',
  'BALLOON_CHANGE',
  'BLOCK_EXPORT_DELETED',
  'BLOCK_IMAGE_CORRUPTED',
  'BLOCK_IO_ERROR',
  'BLOCK_JOB_CANCELLED',
  'BLOCK_JOB_COMPLETED',
  'BLOCK_JOB_ERROR',
  'BLOCK_JOB_PENDING',
  'BLOCK_JOB_READY',
  'BLOCK_WRITE_THRESHOLD',
  'COLO_EXIT',
  'DEVICE_DELETED',
  'DEVICE_TRAY_MOVED',
  'DEVICE_UNPLUG_GUEST_ERROR',
  'DUMP_COMPLETED',
  'FAILOVER_NEGOTIATED',
  'GUEST_CRASHLOADED',
  'GUEST_PANICKED',
  'GUEST_PVSHUTDOWN',
  'HV_BALLOON_STATUS_REPORT',
  'JOB_STATUS_CHANGE',
  'MEMORY_DEVICE_SIZE_CHANGE',
  'MEMORY_FAILURE',
  'MIGRATION',
  'MIGRATION_PASS',
  'NETDEV_STREAM_CONNECTED',
  'NETDEV_STREAM_DISCONNECTED',
  'NETDEV_VHOST_USER_CONNECTED',
  'NETDEV_VHOST_USER_DISCONNECTED',
  'NIC_RX_FILTER_CHANGED',
  'POWERDOWN',
  'PR_MANAGER_STATUS_CHANGED',
  'QUORUM_FAILURE',
  'QUORUM_REPORT_BAD',
  'RESET',
  'RESUME',
  'RTC_CHANGE',
  'SHUTDOWN',
  'SPICE_CONNECTED',
  'SPICE_DISCONNECTED',
  'SPICE_INITIALIZED',
  'SPICE_MIGRATE_COMPLETED',
  'STOP',
  'SUSPEND',
  'SUSPEND_DISK',
  'UNPLUG_PRIMARY',
  'VFIO_MIGRATION',
  'VFU_CLIENT_HANGUP',
  'VNC_CONNECTED',
  'VNC_DISCONNECTED',
  'VNC_INITIALIZED',
  'VSERPORT_CHANGE',
  'WAKEUP',
  'WATCHDOG',
] as const satisfies readonly QmpEventName[];
