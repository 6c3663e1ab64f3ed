/**
 * One running VM as the daemon holds it: QEMU's monitor through a multiplexer
 * in this process (so the daemon's calls and any `qmon` verb share it), the
 * `Vm` supervisor connected through that mux, the guest agent, opened on
 * first use and shared by all callers (the agent client serialises them), and
 * what its consoles share: the serial console, the VNC password, screenshots.
 */

import { HmpHelpCompleter } from '../../hmp/help-completion.js';
import type { RuntimePaths } from '../../launch/runtime-dir.js';
import { Vm, type VmState } from '../../launch/vm.js';
import { type MuxHandle, startMux } from '../../mux/mux.js';
import { QgaClient } from '../../qga/qga-client.js';
import type { QmpEvent } from '../../qmp/event-hub.js';
import { Screenshots } from '../streams/screenshots.js';
import { SerialHub } from '../streams/serial-hub.js';
import { VncPassword } from '../streams/vnc-password.js';

export interface ManagedVmHooks {
  onEvent(event: QmpEvent): void;
  onState(state: VmState): void;
  log(message: string): void;
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

  private constructor(
    readonly vm: Vm,
    private readonly mux: MuxHandle,
  ) {
    this.vncPassword = new VncPassword(vm.qmp);
    this.screenshots = new Screenshots(vm);
  }

  /** Takes over a running QEMU by its runtime folder: mux on its monitor, then the supervisor. */
  static async adopt(paths: RuntimePaths, hooks: ManagedVmHooks): Promise<ManagedVm> {
    const mux = await startMux({
      upstream: `unix:${paths.qmp}`,
      listen: [{ address: `unix:${paths.mux}`, name: 'daemon', allowQuit: true }],
      log: hooks.log,
    });
    try {
      const vm = await Vm.attach(paths.dir);
      const managed = new ManagedVm(vm, mux);
      vm.qmp.onAnyEvent((event) => hooks.onEvent(event as QmpEvent));
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
      this.agent = QgaClient.connect(this.vm.paths.qga, { syncTimeout: timeout });
      this.agent.catch(() => {
        this.agent = undefined;
      });
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

  /** Lets go of QEMU without stopping it (the daemon is stopping). */
  async detach(): Promise<void> {
    await this.vm.detach();
    await this.release();
  }

  private async release(): Promise<void> {
    const agent = this.agent;
    this.agent = undefined;
    await agent?.then((client) => client.close()).catch(() => {});
    const serial = this.serial;
    this.serial = undefined;
    await serial?.then((hub) => hub?.close()).catch(() => {});
    await this.mux.close();
  }
}
