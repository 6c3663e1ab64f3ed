export type { Daemon, DaemonOptions } from './daemon.js';
export { DEFAULT_LISTEN, startDaemon } from './daemon.js';
export * from './errors.js';
export { defaultStateDir } from './state-dir.js';
export { Store } from './store/database.js';
