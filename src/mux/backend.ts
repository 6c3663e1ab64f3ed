import type { QmpRequest } from './qmp-request.js';

/** Where one command's reply goes, in the client's order. */
export interface ReplySlot {
  readonly idText: string | undefined;
  readonly command: string;
  readonly oob: boolean;
  text: string | undefined;
}

/** What a backend sees of a client connection, QMP or HMP. */
export interface ClientSession {
  readonly id: string;
  readonly isGone: boolean;
  /** Delivers the reply of `slot`: a complete QMP reply carrying the client's id. */
  resolve(slot: ReplySlot, text: string, isError: boolean): void;
  /** Passes an event on, unchanged. */
  sendEvent(text: string): void;
  /** Fails every command still waiting with `desc`, sends `farewell` (an event), and closes. */
  abort(desc: string, farewell: string): void;
}

/** What serves clients' commands: the mux (QEMU behind it) or the replay server. */
export interface CommandBackend {
  /** Runs a command that passed negotiation and policy; answers through `client.resolve`. */
  submit(client: ClientSession, request: QmpRequest, slot: ReplySlot): void;
  /** A QMP client finished capability negotiation (its reply is out). */
  negotiated?(client: ClientSession): void;
}
