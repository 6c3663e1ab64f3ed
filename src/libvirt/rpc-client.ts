/**
 * A libvirt RPC connection over a unix socket: serials, replies matched to
 * calls, `virNetMessageError` as LibvirtError, events (MESSAGE), streams, and
 * keepalive. Every call is bounded by a timeout and takes an AbortSignal; when
 * the connection goes, every pending call rejects with DisconnectedError.
 */
import type { Socket } from 'node:net';
import { CommandAbortedError, CommandTimeoutError, DisconnectedError } from '../session/errors.js';
import { connectSocket } from '../transport/connect-socket.js';
import { LibvirtError } from './errors.js';
import { procedures, virNetMessageError } from './generated/protocol.js';
import {
  encodeMessage,
  KEEPALIVE_PROGRAM,
  KeepaliveProcedure,
  MessageStatus,
  MessageType,
  RpcFrameDecoder,
  type RpcMessage,
} from './rpc-message.js';
import { LibvirtStream } from './rpc-stream.js';
import { type Codec, decode, encode, XdrError } from './xdr.js';

export type ProcedureName = keyof typeof procedures;
type CodecValue<C> = C extends Codec<infer T> ? T : never;
export type ArgsOf<K extends ProcedureName> = CodecValue<(typeof procedures)[K]['args']>;
export type RetOf<K extends ProcedureName> = CodecValue<(typeof procedures)[K]['ret']>;
export type EventName = {
  [K in ProcedureName]: (typeof procedures)[K] extends { msg: unknown } ? K : never;
}[ProcedureName];
export type EventOf<K extends EventName> = CodecValue<
  (typeof procedures)[K] extends { msg: infer M } ? M : never
>;

export interface CallOptions {
  /** Milliseconds to wait for the reply (default: the client's, 60 s). */
  timeout?: number;
  signal?: AbortSignal;
}

export interface RpcClientOptions {
  /** Milliseconds to connect (10 s). */
  connectTimeout?: number;
  /** Default call timeout in milliseconds (60 s). */
  callTimeout?: number;
  signal?: AbortSignal;
}

interface Pending {
  procedure: string;
  ret: Codec<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

const PROGRAM_VERSION = 1;
const MAX_ABANDONED = 10_000;
const eventByKey = new Map<string, EventName>();
for (const [name, entry] of Object.entries(procedures))
  if ('msg' in entry) eventByKey.set(`${entry.program}:${entry.procedure}`, name as EventName);

export class LibvirtRpcClient {
  private serial = 0;
  private readonly pending = new Map<number, Pending>();
  /** Serials whose caller gave up: their late replies are counted, not mistaken for others'. */
  private readonly abandoned = new Set<number>();
  private readonly streams = new Map<number, LibvirtStream>();
  private readonly listeners = new Map<EventName, Set<(message: never) => void>>();
  private readonly decoder = new RpcFrameDecoder();
  private closeReason: DisconnectedError | undefined;
  private readonly closedPromise: Promise<DisconnectedError>;
  private resolveClosed!: (reason: DisconnectedError) => void;
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private lastReceived = Date.now();
  /** Replies that came for calls whose caller had given up. */
  lateReplies = 0;

  private constructor(
    private readonly socket: Socket,
    readonly name: string,
    private readonly callTimeout: number,
  ) {
    this.closedPromise = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(new DisconnectedError(undefined, error)));
    socket.on('close', () =>
      this.fail(new DisconnectedError(undefined, new Error(`${name} closed the connection`))),
    );
  }

  /** Connects to a libvirt daemon's unix socket. */
  static async connect(path: string, options: RpcClientOptions = {}): Promise<LibvirtRpcClient> {
    const socket = (await connectSocket(
      { kind: 'unix', path },
      {
        ...(options.connectTimeout === undefined ? {} : { timeout: options.connectTimeout }),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    )) as Socket;
    return new LibvirtRpcClient(socket, path, options.callTimeout ?? 60_000);
  }

  /** Settles with the reason once the connection is gone. */
  get closed(): Promise<DisconnectedError> {
    return this.closedPromise;
  }

  get isClosed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Calls a procedure and resolves with its decoded reply. */
  call<K extends ProcedureName>(
    name: K,
    args: ArgsOf<K>,
    options: CallOptions = {},
  ): Promise<RetOf<K>> {
    return this.send(name, args, options, undefined) as Promise<RetOf<K>>;
  }

  /**
   * Calls a procedure that opens a stream (console, screenshot): the stream
   * exists before the call is sent, so no data is lost; it resolves with the
   * reply and the stream.
   */
  async callWithStream<K extends ProcedureName>(
    name: K,
    args: ArgsOf<K>,
    options: CallOptions = {},
  ): Promise<{ ret: RetOf<K>; stream: LibvirtStream }> {
    const entry = procedures[name];
    const serial = this.nextSerial();
    const stream = new LibvirtStream(name, (status, body) =>
      this.write(
        {
          program: entry.program,
          procedure: entry.procedure,
          type: MessageType.STREAM,
          serial,
          status,
        },
        body,
      ),
    );
    this.streams.set(serial, stream);
    stream.once('close', () => this.streams.delete(serial));
    try {
      const ret = (await this.send(name, args, options, serial)) as RetOf<K>;
      return { ret, stream };
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  /** Listens to an event (a MESSAGE from libvirt); returns a function that stops listening. */
  on<K extends EventName>(name: K, listener: (message: EventOf<K>) => void): () => void {
    const set = this.listeners.get(name) ?? new Set();
    this.listeners.set(name, set);
    set.add(listener as (message: never) => void);
    return () => set.delete(listener as (message: never) => void);
  }

  /**
   * Asks libvirt to ping this connection and pings it too: when nothing has
   * been received for `intervalMs * count`, the connection counts as dead.
   */
  async startKeepalive(intervalMs = 5000, count = 5): Promise<void> {
    await this.call('CONNECT_SUPPORTS_FEATURE', { feature: 10 });
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = setInterval(() => {
      if (Date.now() - this.lastReceived > intervalMs * count) {
        this.fail(new DisconnectedError(undefined, new Error(`${this.name}: no keepalive answer`)));
        this.socket.destroy();
        return;
      }
      this.write({
        program: KEEPALIVE_PROGRAM,
        procedure: KeepaliveProcedure.PING,
        type: MessageType.MESSAGE,
        serial: 0,
        status: 0,
      });
    }, intervalMs);
    this.keepaliveTimer.unref();
  }

  /** Closes the connection (CONNECT_CLOSE first when `graceful`); pending calls reject. */
  async close(options: { graceful?: boolean } = {}): Promise<void> {
    if (this.closeReason) return;
    if (options.graceful !== false) {
      await this.call('CONNECT_CLOSE', undefined, { timeout: 2000 }).catch(() => {});
    }
    this.fail(new DisconnectedError(undefined, new Error('closed by the client')));
    this.socket.destroy();
  }

  private nextSerial(): number {
    this.serial = (this.serial + 1) >>> 0;
    return this.serial;
  }

  private send(
    name: ProcedureName,
    args: unknown,
    options: CallOptions,
    serial: number | undefined,
  ): Promise<unknown> {
    if (this.closeReason) return Promise.reject(new DisconnectedError(name, this.closeReason));
    if (options.signal?.aborted)
      return Promise.reject(new CommandAbortedError(name, options.signal.reason));
    const entry = procedures[name];
    let body: Buffer;
    try {
      body = encode(entry.args as Codec<unknown>, args);
    } catch (error) {
      return Promise.reject(error);
    }
    const id = serial ?? this.nextSerial();
    return new Promise((resolve, reject) => {
      const timeout = options.timeout ?? this.callTimeout;
      const timer = setTimeout(
        () => this.abandon(id, new CommandTimeoutError(name, timeout)),
        timeout,
      );
      const onAbort = () => this.abandon(id, new CommandAbortedError(name, options.signal?.reason));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        procedure: name,
        ret: entry.ret as Codec<unknown>,
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      });
      this.write(
        {
          program: entry.program,
          procedure: entry.procedure,
          type: MessageType.CALL,
          serial: id,
          status: MessageStatus.OK,
        },
        body,
      );
    });
  }

  private abandon(serial: number, error: Error): void {
    const pending = this.pending.get(serial);
    if (!pending) return;
    this.pending.delete(serial);
    pending.cleanup();
    this.abandoned.add(serial);
    // A peer that never answers must not grow the set without bound: forget the oldest.
    if (this.abandoned.size > MAX_ABANDONED)
      this.abandoned.delete(this.abandoned.values().next().value!);
    pending.reject(error);
  }

  private write(
    header: Omit<RpcMessage, 'body' | 'version'>,
    body: Uint8Array = Buffer.alloc(0),
  ): void {
    if (this.closeReason) return;
    this.socket.write(encodeMessage({ ...header, version: PROGRAM_VERSION }, body));
  }

  private onData(chunk: Buffer): void {
    this.lastReceived = Date.now();
    let messages: RpcMessage[];
    try {
      messages = this.decoder.push(chunk);
    } catch (error) {
      this.fail(new DisconnectedError(undefined, error));
      this.socket.destroy();
      return;
    }
    for (const message of messages) {
      try {
        this.dispatch(message);
      } catch (error) {
        if (!(error instanceof XdrError)) throw error;
        // A body that does not decode fails its own call; the framing is intact.
        const pending = this.pending.get(message.serial);
        if (pending && message.type === MessageType.REPLY) {
          this.pending.delete(message.serial);
          pending.cleanup();
          pending.reject(error);
        }
      }
    }
  }

  private dispatch(message: RpcMessage): void {
    if (message.program === KEEPALIVE_PROGRAM) {
      if (message.procedure === KeepaliveProcedure.PING)
        this.write({
          program: KEEPALIVE_PROGRAM,
          procedure: KeepaliveProcedure.PONG,
          type: MessageType.MESSAGE,
          serial: 0,
          status: 0,
        });
      return;
    }
    switch (message.type) {
      case MessageType.REPLY:
      case MessageType.REPLY_WITH_FDS:
        this.onReply(message);
        break;
      case MessageType.MESSAGE:
        this.onEvent(message);
        break;
      case MessageType.STREAM:
        this.onStream(message);
        break;
    }
  }

  private onReply(message: RpcMessage): void {
    const pending = this.pending.get(message.serial);
    if (!pending) {
      if (this.abandoned.delete(message.serial)) this.lateReplies++;
      return;
    }
    this.pending.delete(message.serial);
    pending.cleanup();
    if (message.status === MessageStatus.ERROR) {
      const error = new LibvirtError(pending.procedure, decode(virNetMessageError, message.body));
      this.streams.get(message.serial)?.destroy(error);
      pending.reject(error);
    } else pending.resolve(decode(pending.ret, message.body));
  }

  private onEvent(message: RpcMessage): void {
    const name = eventByKey.get(`${message.program}:${message.procedure}`);
    const set = name && this.listeners.get(name);
    if (!name || !set || set.size === 0) return;
    const codec = (procedures[name] as { msg: Codec<unknown> }).msg;
    const value = decode(codec, message.body) as never;
    for (const listener of set) listener(value);
  }

  private onStream(message: RpcMessage): void {
    const stream = this.streams.get(message.serial);
    if (!stream) return;
    if (message.status === MessageStatus.ERROR)
      stream.destroy(new LibvirtError(stream.procedure, decode(virNetMessageError, message.body)));
    // libvirt marks the end of its data with an empty CONTINUE; OK acknowledges our finish.
    else if (message.status === MessageStatus.CONTINUE && message.body.length > 0)
      stream.receive(message.body);
    else stream.receiveEnd();
  }

  private fail(reason: DisconnectedError): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    clearInterval(this.keepaliveTimer);
    for (const [serial, pending] of this.pending) {
      this.pending.delete(serial);
      pending.cleanup();
      pending.reject(new DisconnectedError(pending.procedure, reason.cause ?? reason));
    }
    for (const stream of this.streams.values())
      stream.destroy(new DisconnectedError(stream.procedure, reason.cause ?? reason));
    this.resolveClosed(reason);
  }
}
