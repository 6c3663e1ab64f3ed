/**
 * Every defined VM's life: starts QEMU detached from the daemon (it outlives a
 * kill -9 of the daemon), re-adopts running QEMUs at start-up without
 * restarting any, restarts crashed VMs by their policy, persists their events.
 */

import { locateRunning } from '../../launch/finder.js';
import { defaultRuntimeRoot, runtimePaths } from '../../launch/runtime-dir.js';
import { readStateFile } from '../../launch/state-file.js';
import type { VmState } from '../../launch/vm.js';
import { ConflictError } from '../errors.js';
import type { EventLog, StoredEvent } from '../store/event-log.js';
import type { VmDefinition, VmDefinitions } from '../store/vm-definitions.js';
import { ManagedVm, type ManagedVmHooks } from './managed-vm.js';

/** A VM's state as the daemon reports it: QEMU's, or `stopped` when no QEMU runs. */
export type OwnedState = VmState | 'stopped';

export interface VmOwnerOptions {
  definitions: VmDefinitions;
  events: EventLog;
  runtimeRoot?: string;
  qemuBinary?: string;
  /** Every stored event, for live subscribers. */
  publish(event: StoredEvent): void;
  /** Called once a started QEMU runs, before its supervisor takes over (a seam for tests). */
  afterLaunch?: ManagedVmHooks['afterLaunch'];
  log(message: string): void;
}

interface Crashes {
  count: number;
  timer?: NodeJS.Timeout;
}

export class VmOwner {
  private readonly running = new Map<string, ManagedVm>();
  private readonly lastState = new Map<string, OwnedState>();
  private readonly crashes = new Map<string, Crashes>();
  private readonly busy = new Map<string, Promise<unknown>>();
  private closing = false;

  constructor(private readonly options: VmOwnerOptions) {}

  state(id: string): OwnedState {
    return this.running.get(id)?.state ?? this.lastState.get(id) ?? 'stopped';
  }

  managed(id: string): ManagedVm | undefined {
    return this.running.get(id);
  }

  /** Ids of the VMs whose QEMU this daemon holds. */
  runningIds(): string[] {
    return [...this.running.keys()];
  }

  pid(id: string): number | undefined {
    return this.running.get(id)?.vm.pid;
  }

  /** At daemon start: adopt every defined VM whose QEMU runs; then start those marked autostart. */
  /**
   * Re-attaches to every defined VM whose QEMU still runs and, unless
   * `autostart` is false (a fleet starts them itself, with their locks),
   * starts the autostart ones that do not.
   */
  async recover(
    options: { autostart?: boolean } = {},
  ): Promise<{ adopted: string[]; started: string[] }> {
    const adopted: string[] = [];
    for (const def of this.options.definitions.list()) {
      const paths = runtimePaths(def.name, this.options.runtimeRoot);
      const located = await locateRunning(paths.dir).catch(() => undefined);
      if (located) {
        try {
          await this.adopt(def);
          adopted.push(def.name);
        } catch (error) {
          this.options.log(`could not re-attach ${def.name}: ${String(error)}`);
        }
      } else {
        const record = await readStateFile(paths.stateFile).catch(() => undefined);
        if (record?.exit) this.lastState.set(def.id, record.exit.expected ? 'exited' : 'crashed');
      }
    }
    return { adopted, started: options.autostart === false ? [] : await this.autostart() };
  }

  /** Starts every autostart VM that is not running; returns their names. */
  async autostart(): Promise<string[]> {
    const started: string[] = [];
    for (const def of this.options.definitions.list()) {
      if (!def.autostart || this.running.has(def.id)) continue;
      try {
        await this.start(def.id);
        started.push(def.name);
      } catch (error) {
        this.options.log(`autostart of ${def.name} failed: ${String(error)}`);
      }
    }
    return started;
  }

  /** The folder holding the runtime folders of this daemon's VMs. */
  get runtimeRoot(): string {
    return this.options.runtimeRoot ?? defaultRuntimeRoot();
  }

  start(id: string): Promise<void> {
    return this.serialised(id, async () => {
      if (this.running.has(id)) throw new ConflictError('the VM is running already');
      this.clearRestart(id);
      await this.launchAndAdopt(id);
    });
  }

  private async launchAndAdopt(id: string): Promise<void> {
    const def = this.options.definitions.get(id);
    const paths = runtimePaths(def.name, this.options.runtimeRoot);
    const options = {
      ...(this.options.runtimeRoot ? { runtimeRoot: this.options.runtimeRoot } : {}),
      ...(this.options.qemuBinary ? { qemuBinary: this.options.qemuBinary } : {}),
    };
    this.own(def, await ManagedVm.launch(def.spec, paths, options, this.hooks(def)));
  }

  /** Powerdown, then `quit`, then SIGKILL; a machine `none` has no ACPI to power down, so it quits at once. */
  stop(id: string, timeoutMs = 30_000): Promise<void> {
    return this.withRunning(id, async (managed) => {
      this.clearRestart(id);
      const acpi = managed.vm.spec.machine !== 'none';
      await managed.vm.shutdown({ timeout: acpi ? timeoutMs : 0 });
    });
  }

  kill(id: string): Promise<void> {
    return this.withRunning(id, async (managed) => {
      this.clearRestart(id);
      await managed.vm.kill();
    });
  }

  pause(id: string): Promise<void> {
    return this.withRunning(id, (managed) => managed.vm.pause());
  }

  resume(id: string): Promise<void> {
    return this.withRunning(id, (managed) => managed.vm.resume());
  }

  reset(id: string): Promise<void> {
    return this.withRunning(id, (managed) => managed.vm.reset());
  }

  /** The daemon stops: every VM keeps running, and is adopted again at the next start. */
  async detachAll(): Promise<void> {
    this.closing = true;
    for (const crashes of this.crashes.values()) clearTimeout(crashes.timer);
    await Promise.all([...this.running.values()].map((managed) => managed.detach()));
    this.running.clear();
  }

  /** The running VM, or ConflictError. */
  requireRunning(id: string): ManagedVm {
    const managed = this.running.get(id);
    if (!managed) throw new ConflictError('the VM is not running');
    return managed;
  }

  private withRunning(id: string, work: (managed: ManagedVm) => Promise<unknown>): Promise<void> {
    return this.serialised(id, async () => {
      await work(this.requireRunning(id));
    });
  }

  /** One lifecycle change per VM at a time. */
  private serialised<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.busy.get(id) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(work);
    this.busy.set(id, next);
    void next
      .finally(() => {
        if (this.busy.get(id) === next) this.busy.delete(id);
      })
      .catch(() => {});
    return next;
  }

  private async adopt(def: VmDefinition): Promise<void> {
    const paths = runtimePaths(def.name, this.options.runtimeRoot);
    this.own(def, await ManagedVm.adopt(paths, this.hooks(def)));
  }

  private hooks(def: VmDefinition): ManagedVmHooks {
    return {
      onEvent: (event) => {
        const { seconds, microseconds } = event.timestamp;
        const time = `${seconds}.${String(microseconds).padStart(6, '0')}`;
        this.note(def.id, event.event, event.data, time);
      },
      onState: (state) => {
        this.lastState.set(def.id, state);
        this.note(def.id, 'STATE', { state });
      },
      log: (message) => this.options.log(`${def.name}: ${message}`),
      ...(this.options.afterLaunch ? { afterLaunch: this.options.afterLaunch } : {}),
    };
  }

  private own(def: VmDefinition, managed: ManagedVm): void {
    this.running.set(def.id, managed);
    this.lastState.set(def.id, managed.state);
    this.note(def.id, 'STATE', { state: managed.state });
    void managed.vm.exited.then((exit) => {
      if (this.running.get(def.id) === managed) this.running.delete(def.id);
      if (!exit.expected && !this.closing) this.scheduleRestart(def.id);
    });
  }

  /** A crash: start again after `backoffMs * 2^n`, up to `maxRetries` crashes in a row. */
  private scheduleRestart(id: string): void {
    const def = this.options.definitions.find(id);
    if (def?.restart.policy !== 'on-crash') return;
    const crashes = this.crashes.get(id) ?? { count: 0 };
    this.crashes.set(id, crashes);
    const { log } = this.options;
    if (crashes.count >= def.restart.maxRetries) {
      log(`${def.name} crashed ${crashes.count + 1} times in a row: not restarted`);
      this.note(id, 'RESTART_GAVE_UP', { restarts: crashes.count });
      return;
    }
    const delay = def.restart.backoffMs * 2 ** crashes.count;
    crashes.count++;
    crashes.timer = setTimeout(() => {
      crashes.timer = undefined;
      this.serialised(id, async () => {
        if (this.running.has(id) || this.closing || this.crashes.get(id) !== crashes) return;
        this.note(id, 'RESTART', { attempt: crashes.count, delayMs: delay });
        await this.launchAndAdopt(id);
      }).catch((error) => {
        log(`restart of ${def.name} failed: ${String(error)}`);
        if (this.crashes.get(id) === crashes) this.scheduleRestart(id);
      });
    }, delay);
    crashes.timer.unref();
  }

  /**
   * Stores an event and hands it to live subscribers. Called from QMP event
   * listeners: a failure (a full disk) is logged, never thrown into QMP.
   */
  private note(vmId: string, name: string, data: unknown, qemuTime?: string): void {
    try {
      this.options.publish(this.options.events.append(vmId, name, data, qemuTime));
    } catch (error) {
      this.options.log(`event ${name} of ${vmId} not stored: ${String(error)}`);
    }
  }

  private clearRestart(id: string): void {
    const crashes = this.crashes.get(id);
    if (crashes?.timer) clearTimeout(crashes.timer);
    this.crashes.delete(id);
  }
}
