/**
 * Console streams across hosts. A viewer's WebSocket may reach any daemon of
 * the fleet; the VM's host runs the stream (serial, HMP, QMP, VNC) as for a
 * viewer of its own, on a stand-in for the WebSocket whose frames travel over
 * NATS: `qmon.console.VIEWER_HOST.STREAM.out` to the viewer's daemon, and
 * `qmon.console.VM_HOST.STREAM.in` back, so each host listens only under its
 * own id. STREAM is a random id, made per stream by the viewer's daemon.
 *
 * Every message is one frame: a type byte, then its payload. The viewer's
 * daemon acknowledges the bytes it handed to the viewer's socket, and the
 * stand-in counts the rest as buffered, so each stream's own bounds hold as
 * they do locally (QEMU's VNC socket paused behind a slow viewer, a serial
 * viewer too far behind dropped). Both ends beat every few seconds; an end
 * that hears nothing for three beats closes (the other daemon died).
 */
import { EventEmitter } from 'node:events';
import type { WebSocket } from '@fastify/websocket';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';

const FRAME = {
  binary: 1,
  text: 2,
  ack: 3,
  close: 4,
  pause: 5,
  resume: 6,
  beat: 7,
} as const;

/** NATS refuses messages past its max_payload (1 MiB by default): data goes in pieces. */
const MAX_PIECE_BYTES = 256 * 1024;
export const BEAT_MS = 5_000;
/** An end that hears nothing for this many beats closes. */
const SILENT_BEATS = 3;
/** WebSocket close codes: the other end went silent. */
const GONE = 1001;

/** Where a stream's frames go: `out` to the viewer's host, `in` to the VM's host. */
export interface RelayRoute {
  stream: string;
  viewerHost: string;
  vmHost: string;
}

const outSubject = (route: RelayRoute) => `qmon.console.${route.viewerHost}.${route.stream}.out`;
const inSubject = (route: RelayRoute) => `qmon.console.${route.vmHost}.${route.stream}.in`;

function frame(type: number, payload: Uint8Array | string = ''): Uint8Array {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const message = new Uint8Array(bytes.length + 1);
  message[0] = type;
  message.set(bytes, 1);
  return message;
}

/** One end of a relayed stream: its subscription, its beats and its silence check. */
class RelayEnd {
  private readonly subscription: Subscription;
  private readonly beats: NodeJS.Timeout;
  private lastHeard = Date.now();
  closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly sendTo: string,
    listenOn: string,
    onFrame: (type: number, payload: Buffer) => void,
    onSilence: () => void,
    beatMs: number,
  ) {
    this.subscription = nc.subscribe(listenOn, {
      callback: (error, message) => {
        if (error || this.closed) return;
        this.lastHeard = Date.now();
        const data = Buffer.from(message.data);
        if (data.length > 0 && data[0] !== FRAME.beat) onFrame(data[0]!, data.subarray(1));
      },
    });
    this.beats = setInterval(() => {
      if (Date.now() - this.lastHeard > SILENT_BEATS * beatMs) onSilence();
      else this.publish(FRAME.beat);
    }, beatMs);
    this.beats.unref();
  }

  publish(type: number, payload?: Uint8Array | string): void {
    if (this.closed) return;
    try {
      this.nc.publish(this.sendTo, frame(type, payload));
    } catch {
      // The connection is closing: the silence check ends both sides.
    }
  }

  publishData(binary: boolean, bytes: Buffer): void {
    const type = binary ? FRAME.binary : FRAME.text;
    if (bytes.length === 0) this.publish(type, bytes);
    for (let at = 0; at < bytes.length; at += MAX_PIECE_BYTES)
      this.publish(type, bytes.subarray(at, at + MAX_PIECE_BYTES));
  }

  end(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.beats);
    this.subscription.unsubscribe();
  }
}

/**
 * On the VM's host: what a stream attacher takes for the viewer's WebSocket
 * (the part of `ws`'s WebSocket the attachers use).
 */
export class StandInSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  private readonly end: RelayEnd;
  private sent = 0;
  private acked = 0;
  private readonly whenAcked: { upTo: number; callback: () => void }[] = [];

  constructor(nc: NatsConnection, route: RelayRoute, beatMs = BEAT_MS) {
    super();
    this.end = new RelayEnd(
      nc,
      outSubject(route),
      inSubject(route),
      (type, payload) => this.received(type, payload),
      () => this.finish(GONE, 'the viewer went silent'),
      beatMs,
    );
  }

  /** Bytes sent that the viewer's daemon has not yet handed to the viewer. */
  get bufferedAmount(): number {
    return this.sent - this.acked;
  }

  send(data: Buffer | string, options?: { binary?: boolean }, callback?: () => void): void {
    if (this.readyState !== this.OPEN) return;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.end.publishData(options?.binary ?? typeof data !== 'string', bytes);
    this.sent += bytes.length;
    if (callback) this.whenAcked.push({ upTo: this.sent, callback });
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState !== this.OPEN) return;
    this.end.publish(FRAME.close, JSON.stringify({ code, reason }));
    this.finish(code, reason);
  }

  /** Stops the viewer's input (its daemon stops reading the viewer's socket). */
  pause(): void {
    this.end.publish(FRAME.pause);
  }

  resume(): void {
    this.end.publish(FRAME.resume);
  }

  private received(type: number, payload: Buffer): void {
    if (type === FRAME.binary || type === FRAME.text)
      this.emit('message', payload, type === FRAME.binary);
    else if (type === FRAME.ack) {
      this.acked = Number(payload.toString());
      while (this.whenAcked.length && this.whenAcked[0]!.upTo <= this.acked)
        this.whenAcked.shift()!.callback();
    } else if (type === FRAME.close) {
      const { code, reason } = JSON.parse(payload.toString()) as { code: number; reason: string };
      this.finish(code, reason);
    }
  }

  private finish(code: number, reason: string): void {
    if (this.readyState !== this.OPEN) return;
    this.readyState = 3;
    this.end.end();
    this.whenAcked.length = 0;
    this.emit('close', code, Buffer.from(reason));
  }
}

/**
 * On the viewer's daemon: listens before the stream is asked for (the host
 * may send at once), keeps what arrives until the viewer's WebSocket is open,
 * then relays both ways.
 */
export class ViewerRelay {
  private readonly end: RelayEnd;
  private socket: WebSocket | undefined;
  private early: [number, Buffer][] = [];
  private delivered = 0;

  constructor(nc: NatsConnection, route: RelayRoute, beatMs = BEAT_MS) {
    this.end = new RelayEnd(
      nc,
      inSubject(route),
      outSubject(route),
      (type, payload) => {
        if (this.socket) this.toViewer(this.socket, type, payload);
        else this.early.push([type, payload]);
      },
      () => {
        this.socket?.close(GONE, "the VM's host went silent");
        this.end.end();
      },
      beatMs,
    );
  }

  attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data: Buffer, isBinary: boolean) => this.end.publishData(isBinary, data));
    socket.on('close', (code: number, reason: Buffer) => {
      this.end.publish(FRAME.close, JSON.stringify({ code, reason: reason.toString() }));
      this.end.end();
    });
    for (const [type, payload] of this.early) this.toViewer(socket, type, payload);
    this.early = [];
  }

  /** The stream was refused: stop listening. */
  dispose(): void {
    this.end.end();
  }

  private toViewer(socket: WebSocket, type: number, payload: Buffer): void {
    if (socket.readyState !== socket.OPEN) return;
    if (type === FRAME.binary || type === FRAME.text) {
      socket.send(payload, { binary: type === FRAME.binary }, () => {
        this.delivered += payload.length;
        this.end.publish(FRAME.ack, String(this.delivered));
      });
    } else if (type === FRAME.close) {
      const { code, reason } = JSON.parse(payload.toString()) as { code: number; reason: string };
      this.end.end();
      socket.close(code, reason);
    } else if (type === FRAME.pause) socket.pause();
    else if (type === FRAME.resume) socket.resume();
  }
}
