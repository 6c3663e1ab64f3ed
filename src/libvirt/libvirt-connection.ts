/**
 * A connection to libvirt for one URI: authentication, CONNECT_OPEN,
 * keepalive, and the domain calls qmon uses. Every generated procedure is
 * also reachable, typed, through `rpc.call()`.
 */
import { LibvirtAuthError } from './errors.js';
import {
  type QemuDomainMonitorEventMsg,
  RemoteAuthType,
  type RemoteDomainEventCallbackLifecycleMsg,
  type RemoteNonnullDomain,
} from './generated/protocol.js';
import { type CallOptions, LibvirtRpcClient } from './rpc-client.js';
import type { LibvirtStream } from './rpc-stream.js';
import { defaultLibvirtUri, parseLibvirtUri } from './uri.js';

export type LibvirtDomain = RemoteNonnullDomain;

export interface LibvirtConnectOptions {
  /** A libvirt URI (default: LIBVIRT_DEFAULT_URI, else qemu:///system for root, qemu:///session for others). */
  uri?: string;
  /** Milliseconds to connect and open (10 s). */
  timeout?: number;
  /** Default call timeout in milliseconds (60 s). */
  callTimeout?: number;
  signal?: AbortSignal;
  /** Keepalive interval in milliseconds (5 s; 0 disables). */
  keepaliveInterval?: number;
}

/** `virDomainState`: the numbers DOMAIN_GET_STATE and DOMAIN_GET_INFO return. */
export const DOMAIN_STATES = [
  'nostate',
  'running',
  'blocked',
  'paused',
  'shutdown',
  'shutoff',
  'crashed',
  'pmsuspended',
] as const;

/** Flags of DOMAIN_CREATE_XML: VIR_DOMAIN_START_PAUSED, VIR_DOMAIN_START_AUTODESTROY. */
export const DomainStartFlags = { PAUSED: 1, AUTODESTROY: 2 } as const;

/** The seconds a QEMU agent command waits: libvirt's `timeout` values. */
export const AgentTimeout = { BLOCK: -2, DEFAULT: -1, NOWAIT: 0 } as const;

export class LibvirtConnection {
  private constructor(
    readonly rpc: LibvirtRpcClient,
    readonly uri: string,
  ) {}

  static async connect(options: LibvirtConnectOptions = {}): Promise<LibvirtConnection> {
    const endpoint = parseLibvirtUri(options.uri ?? defaultLibvirtUri());
    const timeout = options.timeout ?? 10_000;
    const rpc = await LibvirtRpcClient.connect(endpoint.socket, {
      connectTimeout: timeout,
      ...(options.callTimeout === undefined ? {} : { callTimeout: options.callTimeout }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const call = { timeout, ...(options.signal ? { signal: options.signal } : {}) };
    try {
      const { types } = await rpc.call('AUTH_LIST', undefined, call);
      if (
        types.includes(RemoteAuthType.REMOTE_AUTH_POLKIT) &&
        !types.includes(RemoteAuthType.REMOTE_AUTH_NONE)
      )
        await rpc.call('AUTH_POLKIT', undefined, call);
      else if (types.length > 0 && !types.includes(RemoteAuthType.REMOTE_AUTH_NONE))
        throw new LibvirtAuthError(types);
      await rpc.call('CONNECT_OPEN', { name: endpoint.openName, flags: 0 }, call);
      if (options.keepaliveInterval !== 0)
        await rpc.startKeepalive(options.keepaliveInterval ?? 5000);
    } catch (error) {
      await rpc.close({ graceful: false });
      throw error;
    }
    return new LibvirtConnection(rpc, endpoint.uri);
  }

  get closed() {
    return this.rpc.closed;
  }

  close(): Promise<void> {
    return this.rpc.close();
  }

  async lookupDomain(name: string, options?: CallOptions): Promise<LibvirtDomain> {
    return (await this.rpc.call('DOMAIN_LOOKUP_BY_NAME', { name }, options)).dom;
  }

  /** Every domain (running and defined); `flags` as virConnectListAllDomains takes them. */
  async listDomains(flags = 0, options?: CallOptions): Promise<LibvirtDomain[]> {
    return (await this.rpc.call('CONNECT_LIST_ALL_DOMAINS', { need_results: 1, flags }, options))
      .domains;
  }

  async domainState(
    dom: LibvirtDomain,
    options?: CallOptions,
  ): Promise<{ state: (typeof DOMAIN_STATES)[number]; reason: number }> {
    const { state, reason } = await this.rpc.call('DOMAIN_GET_STATE', { dom, flags: 0 }, options);
    return { state: DOMAIN_STATES[state] ?? 'nostate', reason };
  }

  /** Starts a domain from XML; AUTODESTROY ties its life to this connection. */
  async createDomain(xml: string, flags = 0, options?: CallOptions): Promise<LibvirtDomain> {
    return (await this.rpc.call('DOMAIN_CREATE_XML', { xml_desc: xml, flags }, options)).dom;
  }

  destroyDomain(dom: LibvirtDomain, options?: CallOptions): Promise<void> {
    return this.rpc.call('DOMAIN_DESTROY', { dom }, options);
  }

  /** Runs a QMP command (JSON text), or an HMP command line with `hmp`; resolves with QEMU's reply text. */
  async monitorCommand(
    dom: LibvirtDomain,
    cmd: string,
    options: CallOptions & { hmp?: boolean } = {},
  ): Promise<string> {
    return (
      await this.rpc.call(
        'QEMU_DOMAIN_MONITOR_COMMAND',
        { dom, cmd, flags: options.hmp ? 1 : 0 },
        options,
      )
    ).result;
  }

  /** Runs a guest agent command (JSON text); `agentTimeout` in seconds or an AgentTimeout value. */
  async agentCommand(
    dom: LibvirtDomain,
    cmd: string,
    options: CallOptions & { agentTimeout?: number } = {},
  ): Promise<string | null> {
    const { result } = await this.rpc.call(
      'QEMU_DOMAIN_AGENT_COMMAND',
      { dom, cmd, timeout: options.agentTimeout ?? AgentTimeout.DEFAULT, flags: 0 },
      options,
    );
    return result;
  }

  /**
   * Subscribes to the QMP events of one domain (or all with `null`); the
   * listener gets QEMU's timestamp and the event's data as JSON text. Resolves
   * with a function that unsubscribes.
   */
  async onMonitorEvents(
    dom: LibvirtDomain | null,
    listener: (event: QemuDomainMonitorEventMsg) => void,
    options?: CallOptions,
  ): Promise<() => Promise<void>> {
    const { callbackID } = await this.rpc.call(
      'QEMU_CONNECT_DOMAIN_MONITOR_EVENT_REGISTER',
      { dom, event: null, flags: 0 },
      options,
    );
    const off = this.rpc.on('QEMU_DOMAIN_MONITOR_EVENT', (event) => {
      if (event.callbackID === callbackID) listener(event);
    });
    return async () => {
      off();
      if (!this.rpc.isClosed)
        await this.rpc.call(
          'QEMU_CONNECT_DOMAIN_MONITOR_EVENT_DEREGISTER',
          { callbackID },
          options,
        );
    };
  }

  /** Subscribes to lifecycle events (started, stopped, ...) of one domain or all. */
  async onLifecycle(
    dom: LibvirtDomain | null,
    listener: (event: RemoteDomainEventCallbackLifecycleMsg['msg']) => void,
    options?: CallOptions,
  ): Promise<() => Promise<void>> {
    // VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0
    const { callbackID } = await this.rpc.call(
      'CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY',
      { eventID: 0, dom },
      options,
    );
    const off = this.rpc.on('DOMAIN_EVENT_CALLBACK_LIFECYCLE', (event) => {
      if (event.callbackID === callbackID) listener(event.msg);
    });
    return async () => {
      off();
      if (!this.rpc.isClosed)
        await this.rpc.call(
          'CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY',
          { callbackID },
          options,
        );
    };
  }

  /** Opens the domain's console (its first serial port, or `device`) as a byte stream. */
  async openConsole(
    dom: LibvirtDomain,
    options: CallOptions & { device?: string; force?: boolean } = {},
  ): Promise<LibvirtStream> {
    // VIR_DOMAIN_CONSOLE_FORCE = 1, VIR_DOMAIN_CONSOLE_SAFE = 2
    const flags = options.force ? 1 : 2;
    return (
      await this.rpc.callWithStream(
        'DOMAIN_OPEN_CONSOLE',
        { dom, dev_name: options.device ?? null, flags },
        options,
      )
    ).stream;
  }

  /** Takes a screenshot of `screen`; resolves with libvirt's MIME type and the image bytes. */
  async screenshot(
    dom: LibvirtDomain,
    options: CallOptions & { screen?: number } = {},
  ): Promise<{ mime: string; data: Buffer }> {
    const { ret, stream } = await this.rpc.callWithStream(
      'DOMAIN_SCREENSHOT',
      { dom, screen: options.screen ?? 0, flags: 0 },
      options,
    );
    const chunks: Buffer[] = [];
    const timeout = options.timeout ?? 60_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => stream.destroy(new Error(`screenshot: no end of data within ${timeout} ms`)),
        timeout,
      );
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', resolve);
      stream.once('error', reject);
      stream.once('close', () => clearTimeout(timer));
    });
    stream.end();
    return { mime: ret.mime ?? 'application/octet-stream', data: Buffer.concat(chunks) };
  }
}
