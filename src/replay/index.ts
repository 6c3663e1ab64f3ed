export type { RecordedExchange, Recording } from './recording.js';
export { parseRecording } from './recording.js';
export type { ReplayServer, ReplayServerOptions, ReplayStats } from './replay-server.js';
export { startReplayServer } from './replay-server.js';
