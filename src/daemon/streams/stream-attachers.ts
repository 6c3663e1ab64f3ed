import type { ConsoleKind, StreamAttacher } from './console-session.js';
import { attachHmpStream } from './hmp-stream.js';
import { attachQmpStream } from './qmp-stream.js';
import { attachSerialStream } from './serial-stream.js';

/** The attacher of each console kind. */
export const STREAM_ATTACHERS: Partial<Record<ConsoleKind, StreamAttacher>> = {
  serial: attachSerialStream,
  hmp: attachHmpStream,
  qmp: attachQmpStream,
};
