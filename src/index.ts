/**
 * qmon's root: the clients, `Vm`, the multiplexer and replay server, every
 * error, and the types their options and results use. Each layer's plumbing
 * stays in its subpath (`qmon/wire`, `qmon/transport`, `qmon/session`,
 * `qmon/qmp`, `qmon/qga`, `qmon/hmp`, `qmon/launch`, `qmon/jobs`, `qmon/libvirt`, `qmon/mux`,
 * `qmon/replay`, `qmon/schema`). test/index.test.ts pins this list.
 */

// Errors
export { QmonError, type QmonErrorCode } from './errors.js';
export type { HmpConnectOptions, HmpRunOptions } from './hmp/index.js';
export {
  HmpCommandError,
  HmpConsole,
  InvalidCommandLineError,
  NoPromptError,
  NotHmpError,
} from './hmp/index.js';
export {
  BlockJobCancelledError,
  BlockJobFailedError,
  DiskNotFoundError,
  ImageToolError,
  InvalidJobRequestError,
  JobLostError,
  JobWaitError,
  MigrationFailedError,
} from './jobs/index.js';
export type {
  Accel,
  DeviceSpec,
  DiskFormat,
  DiskSpec,
  HostForward,
  NicSpec,
  ShutdownOptions,
  VgaModel,
  VmAttachOptions,
  VmExit,
  VmSpec,
  VmStartOptions,
  VmState,
} from './launch/index.js';
export {
  BackingFileNotAllowedError,
  ChannelBusyError,
  DemoGuestBuildError,
  DiskImageError,
  InvalidSpecError,
  JobFailedError,
  KvmUnusableError,
  NoFreeHotplugPortError,
  QemuBuildUnavailableError,
  QemuStartError,
  QemuUserError,
  RuntimeDirError,
  ScreendumpError,
  SocketPathTooLongError,
  Vm,
  VmAlreadyRunningError,
  VmExitedError,
  VmNotFoundError,
  VmStillRunningError,
  VmTimeoutError,
} from './launch/index.js';
export {
  LibvirtAuthError,
  LibvirtConnection,
  LibvirtError,
  LibvirtUriError,
  XdrError,
} from './libvirt/index.js';
export type {
  MuxCommandMap,
  MuxEventMap,
  MuxHandle,
  MuxListenerOptions,
  MuxOptions,
  MuxStats,
} from './mux/index.js';
export { InvalidOptionError, MuxListenError, MuxUpstreamError, startMux } from './mux/index.js';
export type {
  CopyFromGuestOptions,
  CopyProgress,
  CopyToGuestOptions,
  ExecOptions,
  ExecResult,
  FileCopyResult,
  FreezeOptions,
  QgaConnectOptions,
  QgaNotReadyCode,
  ReadyOptions,
  UntypedCallOptions,
} from './qga/index.js';
export {
  AgentNotRespondingError,
  FileCopyError,
  FilesystemThawError,
  GuestExecAbandonedError,
  GuestInstallError,
  NotRegularFileError,
  QgaClient,
  QgaCommandDisabledError,
  QgaCommandError,
  QgaCommandNotFoundError,
  QgaNotReadyError,
} from './qga/index.js';
export type {
  ConnectionState,
  DefaultQemu,
  EventStreamOptions,
  ExecuteAndWaitOptions,
  Qemu72,
  Qemu100,
  QemuTypes,
  QemuVersion,
  QmpConnectOptions,
  QmpEvent,
  QmpEventOf,
  QmpGreeting,
  ReconnectOptions,
  SchemaCheckOptions,
  UntypedCommandMap,
  UntypedEventMap,
  WaitForEventOptions,
} from './qmp/index.js';
export {
  CommandDroppedError,
  EventOverflowError,
  NoGreetingError,
  NotQmpError,
  QmpClient,
  QmpCommandError,
  ReconnectingQmpClient,
  SchemaMismatchError,
} from './qmp/index.js';
export type { ReplayServer, ReplayServerOptions } from './replay/index.js';
export { startReplayServer } from './replay/index.js';
export { QapiSchemaError } from './schema/qapi-syntax.js';
export type {
  CallOptions,
  QapiSessionStats,
  RequestOptions,
  TrafficLogTarget,
} from './session/index.js';
export {
  CommandAbortedError,
  CommandTimeoutError,
  DisconnectedError,
  ProtocolError,
  QapiCommandError,
  ReplyTooLargeError,
} from './session/index.js';
export type { Target } from './transport/index.js';
export {
  ConnectError,
  childProcessStream,
  FdPassingError,
  FdPassingUnavailableError,
  InvalidTargetError,
} from './transport/index.js';
export { MessageTooLargeError, WireDecodeError } from './wire/index.js';
