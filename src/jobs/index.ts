export {
  type BackupOptions,
  type BackupResult,
  type BackupTarget,
  backup,
  DEFAULT_BITMAP,
  RunningBackup,
  startBackup,
} from './backup.js';
export { BlockJob, type JobProgress, newJobId, type WaitOptions } from './block-job.js';
export { type Disk, findDisk, listDisks } from './disk-nodes.js';
export {
  commit,
  type DiskChange,
  type JobOptions,
  mirror,
  resize,
  snapshot,
  stream,
} from './disk-operations.js';
export {
  BlockJobCancelledError,
  BlockJobFailedError,
  DiskNotFoundError,
  ImageToolError,
  InvalidJobRequestError,
  JobLostError,
  JobWaitError,
  MigrationFailedError,
} from './errors.js';
export {
  acceptMigration,
  cancelMigration,
  checkMigrationUri,
  type MigrationOptions,
  type MigrationProgress,
  migrate,
  migrationProgress,
  restoreFromFile,
  saveToFile,
} from './migration.js';
export type { MigrationTls, MigrationTlsFiles } from './migration-tls.js';
