export type { AgentCaller } from './agent-caller.js';
export {
  AgentNotRespondingError,
  FileCopyError,
  FilesystemThawError,
  GuestExecAbandonedError,
  QgaCommandDisabledError,
  QgaCommandError,
  QgaCommandNotFoundError,
  type QgaNotReadyCode,
  QgaNotReadyError,
  qgaCommandError,
} from './errors.js';
export type {
  CopyFromGuestOptions,
  CopyProgress,
  CopyToGuestOptions,
  FileCopyOptions,
  FileCopyResult,
} from './file-copy.js';
export { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE } from './file-copy.js';
export type { FreezeOptions } from './fsfreeze.js';
export type { ExecOptions, ExecResult } from './guest-exec.js';
export { GuestInstallError } from './guest-file-install.js';
export { type HostWriteOptions, NotRegularFileError } from './host-file-writer.js';
export type { QgaConnectOptions, UntypedCallOptions } from './qga-client.js';
export { DEFAULT_NO_REPLY_WINDOW_MS, DEFAULT_SYNC_TIMEOUT_MS, QgaClient } from './qga-client.js';
export { QgaCommands } from './typed-commands.js';
export type { ReadyOptions } from './wait-until-ready.js';
export { DEFAULT_READY_TIMEOUT_MS } from './wait-until-ready.js';
