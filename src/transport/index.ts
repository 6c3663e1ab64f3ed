export { childProcessStream } from './child-process.js';
export type { ConnectOptions } from './connect-socket.js';
export { connectSocket, DEFAULT_CONNECT_TIMEOUT_MS } from './connect-socket.js';
export type { DirectReader } from './direct-reads.js';
export { attachDirectReader } from './direct-reads.js';
export { ConnectError, connectErrorFrom, InvalidTargetError } from './errors.js';
export type { WriteWithFdsOptions } from './fd-passing.js';
export {
  FdPassingError,
  FdPassingUnavailableError,
  fdPassingAvailable,
  writeWithFds,
} from './fd-passing.js';
export type { OpenStreamOptions } from './open-stream.js';
export { openStream } from './open-stream.js';
export type { StreamOpener } from './stream-schemes.js';
export { registerStreamScheme } from './stream-schemes.js';
export type { Target } from './target.js';
export { formatTarget, parseTarget } from './target.js';
