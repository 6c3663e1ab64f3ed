import type { ConsoleKind, StreamAttacher } from './console-session.js';
import { attachHmpStream } from './hmp-stream.js';
import { attachQmpStream } from './qmp-stream.js';
import { attachSerialStream } from './serial-stream.js';
import { attachVncStream } from './vnc-stream.js';

/** The attacher of each console kind. */
export const STREAM_ATTACHERS: Record<ConsoleKind, StreamAttacher> = {
  serial: attachSerialStream,
  hmp: attachHmpStream,
  qmp: attachQmpStream,
  vnc: attachVncStream,
};
