export type { ArgvOptions } from './argv.js';
export { buildQemuArgv, hotplugPortId } from './argv.js';
export type { DemoGuest, EnsureDemoGuestOptions } from './demo-guest/demo-guest.js';
export {
  DemoGuestBuildError,
  demoGuestQemuArgs,
  ensureDemoGuest,
} from './demo-guest/demo-guest.js';
export { demoGuestVmSpec } from './demo-vm-spec.js';
export type { ImageLayer, InspectOptions } from './disk-image.js';
export { chainBlockdev, inspectImage } from './disk-image.js';
export {
  BackingFileNotAllowedError,
  ChannelBusyError,
  DiskImageError,
  InvalidSpecError,
  JobFailedError,
  KvmUnusableError,
  NoFreeHotplugPortError,
  QemuStartError,
  QemuUserError,
  RuntimeDirError,
  ScreendumpError,
  SocketPathTooLongError,
  VmAlreadyRunningError,
  VmExitedError,
  VmNotFoundError,
  VmStillRunningError,
  VmTimeoutError,
} from './errors.js';
export type { FindOptions } from './finder.js';
export type { HotplugDisk, HotplugOptions } from './hotplug.js';
export type { KvmProbeResult } from './kvm-probe.js';
export { probeKvm } from './kvm-probe.js';
export type { LaunchOptions } from './launcher.js';
export { DEFAULT_QEMU_BINARY, DEFAULT_START_TIMEOUT_MS } from './launcher.js';
export type { NetworkClient } from './network-info.js';
export { parseInfoNetwork } from './network-info.js';
export type { RgbImage } from './png.js';
export { encodePng, pngSize } from './png.js';
export { parsePpm } from './ppm.js';
export type { QemuBuild } from './qemu-build.js';
export { buildEnv, QemuBuildUnavailableError, qemuBuild } from './qemu-build.js';
export { checkQemuId, jsonOption, keyValueOption, optionValue } from './qemu-option.js';
export type { QemuIdentity } from './qemu-user.js';
export { DEFAULT_QEMU_USER, qemuIdentity } from './qemu-user.js';
export type { RuntimePaths } from './runtime-dir.js';
export {
  defaultRuntimeRoot,
  pathsIn,
  runtimePaths,
  UNIX_SOCKET_PATH_MAX,
} from './runtime-dir.js';
export type { ResolvedSandbox, SandboxSpec } from './sandbox.js';
export type { Screendump, ScreendumpOptions } from './screendump.js';
export { convertPpmFile, screendump } from './screendump.js';
export { BoundedLog, DEFAULT_SERIAL_LOG_MAX_BYTES } from './serial-log.js';
export type { Snapshot, SnapshotOptions } from './snapshots.js';
export type {
  Accel,
  DeviceSpec,
  DiskFormat,
  DiskSpec,
  HostForward,
  NicSpec,
  ResolvedSpec,
  VgaModel,
  VmSpec,
} from './spec.js';
export { resolveSpec } from './spec.js';
export type { VmExitRecord, VmStateRecord } from './state-file.js';
export { isOurQemu, isPidAlive, readStateFile } from './state-file.js';
export type {
  ShutdownOptions,
  VmAttachOptions,
  VmExit,
  VmStartOptions,
  VmState,
} from './vm.js';
export { Vm } from './vm.js';
