import type { QmpClient } from '../qmp/qmp-client.js';
import type { QKeyCode } from '../schema/generated/qemu-10.0/qmp.js';
import type { CallOptions } from '../session/qapi-session.js';
import { VmExitedError } from './errors.js';
import { clearIfDead, type FindOptions, find, markStopRequested } from './finder.js';
import { Hotplug, type HotplugDisk, type HotplugOptions } from './hotplug.js';
import { describeExit, type Launched, type LaunchOptions, launch } from './launcher.js';
import { type NetworkClient, parseInfoNetwork } from './network-info.js';
import { type QemuExit, type QemuProcess, tailOfFile } from './qemu-process.js';
import type { RuntimePaths } from './runtime-dir.js';
import { type Screendump, type ScreendumpOptions, screendump } from './screendump.js';
import {
  deleteSnapshot,
  listSnapshots,
  loadSnapshot,
  type Snapshot,
  type SnapshotOptions,
  saveSnapshot,
} from './snapshots.js';
import type { DeviceSpec, ResolvedSpec, VmSpec } from './spec.js';
import { stopWasRequested, type VmStateRecord } from './state-file.js';
import { stateOf, type VmState, type VmStateListener, VmStateTracker } from './vm-state.js';
import { type KillOptions, killQemu, powerOff, type ShutdownOptions } from './vm-stop.js';

export type { VmState } from './vm-state.js';
export type { KillOptions, ShutdownOptions } from './vm-stop.js';

export interface VmExit extends QemuExit {
  /** False when QEMU died without being asked to (and without a SHUTDOWN event). */
  expected: boolean;
  /** The end of QEMU's stderr log. */
  stderrTail: string;
}

export type VmStartOptions = LaunchOptions;

export type VmAttachOptions = FindOptions;

/**
 * A VM's QEMU under supervision: started by `Vm.start` or found by
 * `Vm.attach`. Holds the QMP connection (QEMU serves one client per monitor),
 * follows QEMU's state, and cleans the runtime folder when QEMU is gone.
 */
export class Vm {
  /** Settles once QEMU has exited and its sockets are removed. */
  readonly exited: Promise<VmExit>;
  private readonly tracker = new VmStateTracker();
  private exit_: VmExit | undefined;
  private stopRequested = false;
  private shutdownSeen = false;
  private detached = false;
  private readonly hotplug: Hotplug;
  private readonly unsubscribe: (() => void)[] = [];

  private constructor(
    private readonly record: VmStateRecord,
    /** The QMP connection, for anything the methods here do not cover. */
    readonly qmp: QmpClient,
    private readonly process: QemuProcess,
  ) {
    this.hotplug = new Hotplug(
      qmp,
      record.spec.hotplugPorts,
      record.spec.allowedBackingPaths,
      record.pid,
    );
    this.unsubscribe.push(
      qmp.on('STOP', () => this.setState('paused')),
      qmp.on('RESUME', () => this.setState('running')),
      qmp.on('SHUTDOWN', () => {
        this.shutdownSeen = true;
        this.setState('shutdown');
      }),
    );
    this.exited = process.exited.then((exit) => this.onExit(exit));
  }

  /** Starts QEMU for `spec` and returns once QMP is negotiated; QEMU's own error text on failure. */
  static async start(spec: VmSpec, options: VmStartOptions = {}): Promise<Vm> {
    return Vm.supervise(await launch(spec, options));
  }

  /** Connects to a VM started earlier, by name or runtime folder. */
  static async attach(nameOrDir: string, options: VmAttachOptions = {}): Promise<Vm> {
    return Vm.supervise(await find(nameOrDir, options));
  }

  private static async supervise({ record, qmp, process }: Launched): Promise<Vm> {
    const vm = new Vm(record, qmp, process);
    await vm.refreshState();
    return vm;
  }

  get name(): string {
    return this.record.name;
  }

  get pid(): number {
    return this.record.pid;
  }

  get paths(): RuntimePaths {
    return this.record.paths;
  }

  get spec(): ResolvedSpec {
    return this.record.spec;
  }

  get qemuVersion(): string {
    return this.record.qemuVersion;
  }

  get startedAt(): Date {
    return new Date(this.record.startedAt);
  }

  /** The argv QEMU was started with (after the binary). */
  get argv(): readonly string[] {
    return this.record.argv;
  }

  get state(): VmState {
    return this.tracker.state;
  }

  /** How QEMU ended, once it has. */
  get exit(): VmExit | undefined {
    return this.exit_;
  }

  /** Calls `listener` on every state change; returns the function that unsubscribes. */
  onStateChange(listener: VmStateListener): () => void {
    return this.tracker.onChange(listener);
  }

  /**
   * Resolves once the state is one of `states`; rejects with VmTimeoutError
   * after `timeout` ms (10 s), or CommandAbortedError when `signal` aborts.
   */
  waitForState(states: VmState | readonly VmState[], options?: CallOptions): Promise<VmState> {
    return this.tracker.waitFor(states, options);
  }

  // ---- lifecycle ----

  async pause(options?: CallOptions): Promise<void> {
    await this.command('stop', () => this.qmp.execute('stop', undefined, options));
    this.setState('paused');
  }

  async resume(options?: CallOptions): Promise<void> {
    await this.command('cont', () => this.qmp.execute('cont', undefined, options));
    this.setState('running');
  }

  async reset(options?: CallOptions): Promise<void> {
    await this.command('system_reset', () => this.qmp.execute('system_reset', undefined, options));
  }

  /**
   * Stops the VM politely, then less so: `system_powerdown` and wait for
   * SHUTDOWN; on timeout `quit`; on timeout SIGKILL. Resolves once QEMU is gone.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<VmExit> {
    if (this.exit_) return this.exit_;
    this.stopRequested = true;
    await powerOff(
      { qmp: this.qmp, process: this.process, shutdownSeen: () => this.shutdownSeen },
      options,
    );
    return this.exited;
  }

  /** SIGKILL, then waits (`timeout`, 5 s) until QEMU is gone and cleaned up. */
  async kill(options: KillOptions = {}): Promise<VmExit> {
    if (this.exit_) return this.exit_;
    this.stopRequested = true;
    // Another supervisor of this QEMU (the daemon, when this is a verb) must not take it for a crash.
    await markStopRequested(this.paths, this.pid).catch(() => {});
    await killQemu(this.process, options);
    return this.exited;
  }

  /** Lets go of the VM without stopping it: closes QMP, stops watching. `Vm.attach` finds it again. */
  async detach(): Promise<void> {
    if (this.detached || this.exit_) return;
    this.detached = true;
    for (const off of this.unsubscribe) off();
    this.process.release();
    await this.qmp.close();
  }

  // ---- queries ----

  status(options?: CallOptions) {
    return this.command('query-status', () => this.qmp.execute('query-status', undefined, options));
  }

  cpus(options?: CallOptions) {
    return this.command('query-cpus-fast', () =>
      this.qmp.execute('query-cpus-fast', undefined, options),
    );
  }

  block(options?: CallOptions) {
    return this.command('query-block', () => this.qmp.execute('query-block', undefined, options));
  }

  pci(options?: CallOptions) {
    return this.command('query-pci', () => this.qmp.execute('query-pci', undefined, options));
  }

  /** NICs and their backends, from HMP `info network` (QMP has no query for it in 7.2). */
  async network(options?: CallOptions): Promise<NetworkClient[]> {
    return parseInfoNetwork(await this.hmp('info network', options));
  }

  /** Runs an HMP command line through QMP and returns its text. */
  hmp(commandLine: string, options?: CallOptions): Promise<string> {
    return this.command(commandLine, () => this.qmp.hmp(commandLine, options));
  }

  // ---- devices ----

  addDevice(device: DeviceSpec, options?: HotplugOptions): Promise<string> {
    return this.command('device_add', () => this.hotplug.addDevice(device, options));
  }

  removeDevice(id: string, options?: HotplugOptions): Promise<void> {
    return this.command('device_del', () => this.hotplug.removeDevice(id, options));
  }

  addDisk(disk: HotplugDisk, options?: HotplugOptions): Promise<string> {
    return this.command('addDisk', () => this.hotplug.addDisk(disk, options));
  }

  removeDisk(id: string, options?: HotplugOptions): Promise<void> {
    return this.command('removeDisk', () => this.hotplug.removeDisk(id, options));
  }

  /** Sets a NIC's link up or down (as the guest sees it). */
  async setLink(id: string, up: boolean, options?: CallOptions): Promise<void> {
    await this.command('set_link', () => this.qmp.execute('set_link', { name: id, up }, options));
  }

  /** Presses keys together, e.g. `['ctrl', 'alt', 'delete']`, for `holdTimeMs` (QEMU's 100 ms). */
  async sendKey(
    keys: readonly QKeyCode[],
    { holdTimeMs, ...options }: CallOptions & { holdTimeMs?: number } = {},
  ): Promise<void> {
    await this.command('send-key', () =>
      this.qmp.execute(
        'send-key',
        {
          keys: keys.map((data) => ({ type: 'qcode' as const, data })),
          ...(holdTimeMs !== undefined ? { 'hold-time': holdTimeMs } : {}),
        },
        options,
      ),
    );
  }

  /** Asks the guest's balloon driver for a memory size in bytes (needs `balloon: true`). */
  async balloon(bytes: number, options?: CallOptions): Promise<void> {
    await this.command('balloon', () => this.qmp.execute('balloon', { value: bytes }, options));
  }

  balloonInfo(options?: CallOptions) {
    return this.command('query-balloon', () =>
      this.qmp.execute('query-balloon', undefined, options),
    );
  }

  // ---- snapshots and screen ----

  saveSnapshot(tag: string, options?: SnapshotOptions): Promise<void> {
    return this.command('snapshot-save', () => saveSnapshot(this.qmp, tag, options));
  }

  loadSnapshot(tag: string, options?: SnapshotOptions): Promise<void> {
    return this.command('snapshot-load', () => loadSnapshot(this.qmp, tag, options));
  }

  deleteSnapshot(tag: string, options?: Omit<SnapshotOptions, 'vmstate'>): Promise<void> {
    return this.command('snapshot-delete', () => deleteSnapshot(this.qmp, tag, options));
  }

  listSnapshots(options?: CallOptions): Promise<Snapshot[]> {
    return this.command('listSnapshots', () => listSnapshots(this.qmp, undefined, options));
  }

  /** Saves the display as PNG. */
  screendump(path: string, options?: ScreendumpOptions): Promise<Screendump> {
    return this.command('screendump', () =>
      screendump(this.qmp, path, { scratchDir: this.paths.dir, ...options }),
    );
  }

  // ---- internals ----

  private command<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (this.exit_ || this.process.hasExited) {
      return Promise.reject(new VmExitedError(this.name, operation));
    }
    return run();
  }

  private async refreshState(): Promise<void> {
    const status = await this.qmp.execute('query-status');
    if (this.tracker.state === 'starting') this.setState(stateOf(status.status));
  }

  private setState(state: VmState): void {
    this.tracker.set(state);
  }

  private async onExit(exit: QemuExit): Promise<VmExit> {
    // A stop asked for by another process is noted in the state file (markStopRequested).
    const expected =
      this.stopRequested ||
      this.shutdownSeen ||
      (await stopWasRequested(this.paths.stateFile, this.pid));
    const stderrTail = await tailOfFile(this.paths.qemuLog);
    const result: VmExit = { ...exit, expected, stderrTail };
    for (const off of this.unsubscribe) off();
    await this.qmp.close();
    if (!this.detached) {
      // Under the folder's lock: a new start of this name may already be under way.
      await clearIfDead(this.paths, {
        code: exit.code,
        signal: exit.signal,
        expected,
        at: new Date().toISOString(),
      });
    }
    this.tracker.finish(expected ? 'exited' : 'crashed');
    this.exit_ = result;
    return result;
  }

  /** One line for logs: name, pid, state, and how it ended. */
  toString(): string {
    const end = this.exit_ ? ` (${describeExit(this.exit_)})` : '';
    return `VM ${JSON.stringify(this.name)} pid ${this.pid}: ${this.state}${end}`;
  }
}
