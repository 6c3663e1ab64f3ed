/**
 * One running VM as the daemon holds it: QEMU's monitor through a multiplexer
 * in this process (so the daemon's calls and any `qmon` verb share it), the
 * `Vm` supervisor connected through that mux, the guest agent, opened on
 * first use and shared by all callers (the agent client serialises them), and
 * what its consoles share: the serial console, the VNC password, screenshots.
 *
 * Events are taken from the mux itself, which sees each one as soon as it
 * holds the monitor, whoever is connected to it. A VM the daemon starts has
 * the mux on its monitor from the launcher's first connection on (the
 * launcher connects through it), so no event falls between the start and the
 * hand-over.
 */

import { HmpHelpCompleter } from '../../hmp/help-completion.js';
import { type LaunchOptions, launch } from '../../launch/launcher.js';
import type { RuntimePaths } from '../../launch/runtime-dir.js';
import type { VmSpec } from '../../launch/spec.js';
import { Vm, type VmState } from '../../launch/vm.js';
import { type MuxHandle, type MuxOptions, startMux } from '../../mux/mux.js';
import { QgaClient } from '../../qga/qga-client.js';
import type { QmpEvent } from '../../qmp/event-hub.js';
import { QmpClient } from '../../qmp/qmp-client.js';
import { parseJson } from '../../wire/exact-json.js';
import { Screenshots } from '../streams/screenshots.js';
import { SerialHub } from '../streams/serial-hub.js';
import { VncPassword } from '../streams/vnc-password.js';
import { AgentProxy } from './agent-proxy.js';

export interface ManagedVmHooks {
  onEvent(event: QmpEvent): void;
  onState(state: VmState): void;
  log(message: string): void;
  /** Called once QEMU runs and before the supervisor takes over (a seam for tests). */
  afterLaunch?(paths: RuntimePaths): Promise<void>;
}

export class ManagedVm {
  private agent: Promise<QgaClient> | undefined;
  private serial: Promise<SerialHub | undefined> | undefined;
  /** HMP completion from this QEMU's own `help`, asked once. */
  readonly hmpHelp = new HmpHelpCompleter((line) => this.vm.hmp(line));
  /** The password of QEMU's VNC server, one per ticket window. */
  readonly vncPassword: VncPassword;
  /** Throttled, cached screendumps. */
  readonly screenshots: Screenshots;
  private schema: Promise<unknown> | undefined;
  private connectedAgent: QgaClient | undefined;
  private agentProxy: AgentProxy | undefined;

  private constructor(
    readonly vm: Vm,
    private readonly mux: MuxHandle,
  ) {
    this.vncPassword = new VncPassword(vm.qmp);
    this.screenshots = new Screenshots(vm);
  }

  /** Takes over a running QEMU by its runtime folder: mux on its monitor, then the supervisor. */
  static async adopt(paths: RuntimePaths, hooks: ManagedVmHooks): Promise<ManagedVm> {
    const mux = await startMux(muxOptions(paths, `unix:${paths.qmp}`, hooks));
    return ManagedVm.supervise(mux, paths, hooks);
  }

  /**
   * Starts QEMU detached (it outlives the daemon) with the mux on its monitor
   * from the first connection: the launcher itself talks through the mux.
   */
  static async launch(
    spec: VmSpec,
    paths: RuntimePaths,
    options: LaunchOptions,
    hooks: ManagedVmHooks,
  ): Promise<ManagedVm> {
    let pending: Promise<MuxHandle> | undefined;
    let mux: MuxHandle | undefined;
    try {
      const launched = await launch(spec, {
        ...options,
        detached: true,
        connectMonitor: async (qmpSocket, { timeout, signal }) => {
          if (!mux) {
            pending = startMux({
              ...muxOptions(paths, `unix:${qmpSocket}`, hooks),
              connectTimeout: timeout,
              greetingTimeout: timeout,
            });
            mux = await pending;
          }
          return QmpClient.connect(paths.mux, {
            connectTimeout: timeout,
            greetingTimeout: timeout,
            signal,
          });
        },
      });
      launched.process.release();
      await launched.qmp.close();
      await hooks.afterLaunch?.(paths);
      return await ManagedVm.supervise(await pending!, paths, hooks);
    } catch (error) {
      // Also a mux the launcher gave up waiting for: it may come up after the failure.
      await pending?.then(
        (late) => late.close(),
        () => {},
      );
      throw error;
    }
  }

  private static async supervise(
    mux: MuxHandle,
    paths: RuntimePaths,
    hooks: ManagedVmHooks,
  ): Promise<ManagedVm> {
    try {
      const vm = await Vm.attach(paths.dir);
      // Disks plugged into a confined QEMU go as fds, which only the mux itself can pass.
      vm.qmp.routeFdCommands((command, args, fds, options) =>
        mux.executeWithFds(command, args, fds, options),
      );
      const managed = new ManagedVm(vm, mux);
      // Local agent verbs by name go through the daemon's one agent client.
      managed.agentProxy = await AgentProxy.listen(paths.agent, (timeout) =>
        managed.agentClient(timeout),
      ).catch((error: unknown) => {
        hooks.log(`agent.sock: ${String(error)}`);
        return undefined;
      });
      vm.onStateChange((state) => hooks.onState(state));
      void vm.exited.then(() => managed.release());
      // Held from now on, so a viewer's scrollback and live output meet without a gap.
      managed.serialHub().catch((error) => hooks.log(`serial console: ${String(error)}`));
      return managed;
    } catch (error) {
      await mux.close();
      throw error;
    }
  }

  get state(): VmState {
    return this.vm.state;
  }

  /** The agent, connected on first use; a failed connection is tried again next time. */
  agentClient(timeout: number): Promise<QgaClient> {
    if (!this.agent) {
      const connecting = QgaClient.connect(this.vm.paths.qga, { syncTimeout: timeout });
      this.agent = connecting;
      connecting.then(
        (client) => {
          if (this.agent === connecting) this.connectedAgent = client;
        },
        () => {
          if (this.agent === connecting) this.agent = undefined;
        },
      );
    }
    return this.agent;
  }

  /** The serial console shared by all viewers, or undefined when the VM has none. */
  serialHub(): Promise<SerialHub | undefined> {
    if (!this.serial) {
      const { paths, spec } = this.vm;
      const serial = spec.serial ? SerialHub.connect(paths.serial, paths.serialLog) : undefined;
      this.serial = Promise.resolve(serial);
      this.serial.then(
        (hub) => hub?.onClose(() => (this.serial = undefined)),
        () => (this.serial = undefined),
      );
    }
    return this.serial;
  }

  /**
   * Runs a QMP command for an API caller, straight through the mux in this
   * process: the supervisor's own client (`vm.qmp`) reaches the mux over its
   * socket, a hop each API call need not pay.
   */
  qmp(command: string, args?: Record<string, unknown>): Promise<unknown> {
    return this.mux.execute(command, args);
  }

  /** This QEMU's `query-qmp-schema`, asked once. */
  qmpSchema(): Promise<unknown> {
    if (!this.schema) {
      this.schema = this.vm.qmp.executeUntyped('query-qmp-schema');
      this.schema.catch(() => {
        this.schema = undefined;
      });
    }
    return this.schema;
  }

  /**
   * The agent if it is connected; else starts connecting it (bounded by
   * `timeout`) for a later call and returns undefined. For the sampler, which
   * must neither wait for a guest that has no agent nor have a caller share a
   * connection attempt bounded by its short timeout.
   */
  agentIfConnected(timeout: number): QgaClient | undefined {
    if (!this.connectedAgent) this.agentClient(timeout).catch(() => {});
    return this.connectedAgent;
  }

  /** Lets go of QEMU without stopping it (the daemon is stopping). */
  async detach(): Promise<void> {
    await this.vm.detach();
    await this.release();
  }

  private async release(): Promise<void> {
    await this.agentProxy?.close().catch(() => {});
    this.agentProxy = undefined;
    const agent = this.agent;
    this.agent = undefined;
    this.connectedAgent = undefined;
    await agent?.then((client) => client.close()).catch(() => {});
    const serial = this.serial;
    this.serial = undefined;
    await serial?.then((hub) => hub?.close()).catch(() => {});
    await this.mux.close();
  }
}

function muxOptions(paths: RuntimePaths, upstream: string, hooks: ManagedVmHooks): MuxOptions {
  return {
    upstream,
    listen: [{ address: `unix:${paths.mux}`, name: 'daemon', allowQuit: true }],
    log: hooks.log,
    onEvent: (text) => {
      try {
        hooks.onEvent(parseJson(text) as QmpEvent);
      } catch (error) {
        hooks.log(`an event from QEMU could not be read: ${String(error)}`);
      }
    },
  };
}
