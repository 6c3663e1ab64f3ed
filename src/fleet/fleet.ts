/**
 * A daemon joined to the fleet: its heartbeat, the mirrors of the fleet's
 * buckets, the local copy of its own VMs, the lock of each VM it runs, its
 * VMs' states and events published for the other hosts, and the answering
 * of calls forwarded to it.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { DaemonContext } from '../daemon/context.js';
import type { StoredEvent } from '../daemon/store/event-log.js';
import { identityOf } from '../launch/process-identity.js';
import { AccountSync } from './account-sync.js';
import { connectFleet, type FleetConnectionOptions, inboxPrefix } from './connection.js';
import { FleetJoinError } from './errors.js';
import { FenceWatchdog } from './fence-watchdog.js';
import { Forwarder } from './forwarding.js';
import { HaTakeover } from './ha.js';
import { FleetAuditLog } from './history.js';
import {
  DOWN_AFTER_MS,
  fenceAfterMs,
  HEARTBEAT_MS,
  Heartbeat,
  HostDirectory,
  localHostRecord,
  watchdogGraceMs,
} from './hosts.js';
import { KvMirror } from './kv-mirror.js';
import { LocalCache } from './local-cache.js';
import { Migrations } from './migration.js';
import {
  describeEndpoint,
  type MigrationEndpoint,
  migrationEndpoint,
} from './migration-endpoint.js';
import { eventSubject, RemoteEvents } from './remote-events.js';
import { SelfFence } from './self-fence.js';
import { type FleetStore, openFleetStore } from './store.js';
import { type FleetVm, VmCatalog } from './vm-catalog.js';
import { VmLocks } from './vm-locks.js';
import { localAction } from './vm-routes.js';

export interface FleetOptions extends FleetConnectionOptions {
  /** This host's name in the fleet (the machine's hostname). */
  hostName?: string;
  /** The API URL other hosts and users see for this host. */
  advertiseUrl?: string;
  /**
   * Where other hosts send live migrations (TCP with TLS, with the TLS pair
   * above); default: the first name the certificate carries.
   */
  address?: string;
  /** Replicas of every bucket and stream (3; 1 for a single NATS server). */
  replicas?: number;
  heartbeatMs?: number;
  downAfterMs?: number;
  log?: (message: string) => void;
}

export interface VmStateRecord {
  host: string;
  state: string;
  pid: number | null;
  at: string;
}

export class Fleet {
  readonly hostId: string;
  readonly hostName: string;
  readonly directory: HostDirectory;
  readonly catalog: VmCatalog;
  readonly locks: VmLocks;
  readonly states: KvMirror<VmStateRecord>;
  readonly forwarder: Forwarder;
  readonly cache: LocalCache;
  readonly accounts: AccountSync;
  private readonly remoteEvents: RemoteEvents;
  private readonly ha = new HaTakeover(this);
  readonly migrations = new Migrations(this);
  /** Where this host takes migrations over TCP with TLS; undefined: over a unix socket only. */
  readonly migrationEndpoint: MigrationEndpoint | undefined;
  readonly heartbeat: Heartbeat;
  readonly fence: SelfFence;
  private readonly fenceWatchdog: FenceWatchdog;
  private watchdog?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  private constructor(
    readonly ctx: DaemonContext,
    readonly nc: NatsConnection,
    readonly store: FleetStore,
    readonly options: FleetOptions,
    readonly log: (message: string) => void,
    publish: (event: StoredEvent) => void,
    endpoint: MigrationEndpoint | undefined,
  ) {
    this.hostId = ctx.hostId;
    this.migrationEndpoint = endpoint;
    this.hostName = options.hostName ?? localHostRecord(ctx.hostId, undefined, 0, '', null).name;
    this.directory = new HostDirectory(store.hosts, options.downAfterMs ?? DOWN_AFTER_MS);
    this.cache = new LocalCache(ctx, log);
    this.catalog = new VmCatalog(store.vms, (vm, id) => this.onCatalogChange(vm, id));
    this.locks = new VmLocks(store.locks, this.hostId, (id) => this.nameOf(id));
    this.states = new KvMirror<VmStateRecord>(store.states);
    this.forwarder = new Forwarder(nc, this.hostId);
    this.accounts = new AccountSync(store.accounts, ctx, log);
    this.remoteEvents = new RemoteEvents(store.js, this.hostId, publish);
    ctx.audit = new FleetAuditLog(ctx.store, store.js, { id: this.hostId, name: this.hostName });
    this.fence = new SelfFence(
      {
        runningHaVms: () => this.runningHaVms(),
        kill: (id) => ctx.owner.kill(id),
        log,
        audit: (id, detail, result) =>
          ctx.audit.record({ user: null, action: 'vm.fence', target: id, detail, result }),
      },
      fenceAfterMs(this.downAfterMs),
    );
    this.heartbeat = new Heartbeat(
      store.hosts,
      () => ({
        ...localHostRecord(
          this.hostId,
          this.hostName,
          ctx.owner.runningIds().length,
          ctx.version,
          options.advertiseUrl ?? null,
        ),
        ...(endpoint ? { migrationAddress: endpoint.address } : {}),
      }),
      options.heartbeatMs ?? HEARTBEAT_MS,
      log,
      (sentAt) => this.stored(sentAt),
    );
    this.fenceWatchdog = new FenceWatchdog(ctx.owner.runtimeRoot, log);
  }

  static async join(
    ctx: DaemonContext,
    options: FleetOptions,
    publish: (event: StoredEvent) => void = () => {},
  ): Promise<Fleet> {
    const log = options.log ?? (() => {});
    // A bad --fleet-address refuses the start before anything connects.
    const migration = migrationEndpoint(options);
    log(await describeEndpoint(migration));
    const nc = await connectFleet({
      ...options,
      name: `qmon ${options.hostName ?? ctx.hostId}`,
      inboxPrefix: inboxPrefix(ctx.hostId),
    }).catch((error: unknown) => {
      throw new FleetJoinError(options.servers, error);
    });
    try {
      const store = await openFleetStore(nc, options.replicas ?? 3);
      const fleet = new Fleet(ctx, nc, store, options, log, publish, migration.endpoint);
      await fleet.start();
      return fleet;
    } catch (error) {
      await nc.close();
      if (/permissions violation/i.test(String((error as Error)?.message)))
        throw new FleetJoinError(options.servers, error, ctx.hostId);
      throw error;
    }
  }

  get downAfterMs(): number {
    return this.options.downAfterMs ?? DOWN_AFTER_MS;
  }

  nameOf(hostId: string): string {
    return this.directory.get(hostId)?.name ?? hostId;
  }

  private async start(): Promise<void> {
    const sentAt = performance.now();
    await this.heartbeat.beat();
    this.heartbeat.storingSince = Date.now();
    this.heartbeat.start();
    await Promise.all([
      this.directory.mirror.start(),
      this.catalog.mirror.start(),
      this.locks.mirror.start(),
      this.states.start(),
    ]);
    await this.accounts.start();
    await this.remoteEvents.start();
    await this.publishLocalDefinitions();
    await this.fenceRunning();
    this.stored(sentAt);
    this.unsubscribe = this.ctx.subscribe((event) => this.onLocalEvent(event));
    this.watchdog = setInterval(() => {
      void this.checkWatchers();
      void this.ha.check();
      this.restoreStates();
    }, this.options.heartbeatMs ?? HEARTBEAT_MS);
    this.watchdog.unref();
    for (const id of this.ctx.owner.runningIds()) this.putState(id);
  }

  private runningHaVms(): { id: string; name: string }[] {
    return this.ctx.owner
      .runningIds()
      .map((id) => this.catalog.find(id)?.vm)
      .filter((vm) => vm?.ha === true)
      .map((vm) => ({ id: vm!.id, name: vm!.name }));
  }

  /** A heartbeat sent at `sentAt` was stored: the self-fence moves on, and the watchdog is fed. */
  private stored(sentAt: number): void {
    const left = this.fence.stored(sentAt);
    const vms = this.runningHaVms().flatMap(({ id, name }) => {
      const pid = this.ctx.owner.pid(id);
      const identity = pid === undefined ? undefined : identityOf(pid);
      return identity ? [{ ...identity, name }] : [];
    });
    this.fenceWatchdog.feed({ vms, fenceInMs: left + watchdogGraceMs(this.downAfterMs) });
  }

  private get mirrors() {
    return [
      this.directory.mirror,
      this.catalog.mirror,
      this.locks.mirror,
      this.states,
      this.accounts.mirror,
    ];
  }

  /** Renews the watchers that stalled; a store that does not answer is left for the next round. */
  private checking = false;
  private async checkWatchers(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const mirror of this.mirrors)
        if (await mirror.renewIfStalled()) this.log('renewed a stalled watcher of the fleet store');
    } catch {
      // No quorum or no server: the heartbeat says so in the log; checked again next round.
    } finally {
      this.checking = false;
    }
  }

  /**
   * Starts the autostart VMs placed on this host, each with its lock, once the
   * host has joined: one the fleet moved elsewhere meanwhile stays where it is.
   */
  async autostart(): Promise<string[]> {
    const started: string[] = [];
    for (const def of this.ctx.definitions.list()) {
      if (!def.autostart || this.ctx.owner.managed(def.id)) continue;
      if (this.catalog.find(def.id)?.vm.host !== this.hostId) continue;
      try {
        await localAction(this, def.id, 'start');
        started.push(def.name);
      } catch (error) {
        this.log(`autostart of ${def.name} failed: ${(error as Error).message}`);
      }
    }
    return started;
  }

  /** VMs defined on this host before it joined enter the catalog, placed here. */
  private async publishLocalDefinitions(): Promise<void> {
    for (const def of this.ctx.definitions.list()) {
      const entry = this.catalog.find(def.id);
      if (entry) {
        if (entry.vm.host === this.hostId) this.cache.put(entry.vm, entry.revision);
        else this.cache.drop(def.id);
        continue;
      }
      const vm: FleetVm = {
        id: def.id,
        name: def.name,
        spec: def.spec,
        autostart: def.autostart,
        restart: def.restart,
        ha: false,
        host: this.hostId,
        createdAt: def.createdAt,
        updatedAt: def.updatedAt,
      };
      try {
        const created = await this.catalog.define(vm);
        this.cache.put(created.vm, created.revision);
      } catch (error) {
        this.log(`VM ${def.name} stays local only: ${String((error as Error).message)}`);
      }
    }
    for (const { vm, revision } of this.catalog.list())
      if (vm.host === this.hostId) this.cache.put(vm, revision);
  }

  /**
   * A QEMU that runs here while another host holds its VM's lock was taken
   * over while this daemon was away: it is killed, so the VM runs once.
   */
  private async fenceRunning(): Promise<void> {
    for (const id of this.ctx.owner.runningIds()) {
      const holder = this.locks.holder(id);
      if (holder && holder !== this.hostId) {
        this.log(`VM ${id} runs on host ${this.nameOf(holder)} now: killing its copy here`);
        await this.ctx.owner.kill(id).catch(() => {});
        this.cache.drop(id);
        continue;
      }
      await this.locks
        .acquire(id)
        .catch((error: Error) => this.log(`lock of ${id}: ${error.message}`));
    }
  }

  private onCatalogChange(vm: FleetVm | undefined, id: string): void {
    try {
      const entry = vm && this.catalog.find(id);
      if (vm && entry && vm.host === this.hostId) this.cache.put(vm, entry.revision);
      else this.cache.drop(id);
    } catch (error) {
      this.log(`local copy of VM ${id}: ${String(error)}`);
    }
  }

  private onLocalEvent(event: StoredEvent): void {
    // Another host's event, handed to this host's subscribers: not ours to publish.
    if (event.host !== undefined) return;
    const payload = JSON.stringify({ ...event, host: this.hostName });
    this.store.js.publish(eventSubject(this.hostId, event.vmId), payload).catch(() => {
      // No quorum: the event stays in this host's own log.
    });
    if (event.name !== 'STATE') return;
    this.putState(event.vmId);
    const state = (event.data as { state?: string } | null)?.state;
    // QEMU is gone (the guest powered off, or a stop): the VM may start anywhere now.
    if (state === 'exited')
      this.locks.release(event.vmId).catch((error: Error) => this.log(error.message));
  }

  private readonly statesInFlight = new Set<string>();

  /** Stores the state of a VM placed on this host (a VM leaving or arriving by migration is not, yet). */
  putState(vmId: string): void {
    const placed = this.catalog.find(vmId)?.vm.host;
    if (placed !== undefined && placed !== this.hostId) return;
    const record: VmStateRecord = {
      host: this.hostId,
      state: this.ctx.owner.state(vmId),
      pid: this.ctx.owner.pid(vmId) ?? null,
      at: new Date().toISOString(),
    };
    this.statesInFlight.add(vmId);
    this.store.states
      .put(vmId, JSON.stringify(record))
      .then((revision) => this.states.note(vmId, record, revision))
      .catch(() => {})
      .finally(() => this.statesInFlight.delete(vmId));
  }

  /**
   * A state put that failed (no quorum at that moment) would leave the fleet
   * seeing a stale state until the VM's next change: each second, the state
   * of every VM placed here that differs from what is stored is put again.
   */
  private restoreStates(): void {
    for (const { vm } of this.catalog.list()) {
      if (vm.host !== this.hostId || this.statesInFlight.has(vm.id)) continue;
      const stored = this.states.get(vm.id)?.value;
      const pid = this.ctx.owner.pid(vm.id) ?? null;
      if (!stored && pid === null) continue;
      if (
        stored?.host === this.hostId &&
        stored.state === this.ctx.owner.state(vm.id) &&
        stored.pid === pid
      )
        continue;
      this.putState(vm.id);
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.fence.stop();
    this.fenceWatchdog.close();
    await this.heartbeat.stop();
    clearInterval(this.watchdog);
    this.forwarder.stop();
    this.remoteEvents.stop();
    for (const mirror of this.mirrors) mirror.stop();
    await this.nc.close().catch(() => {});
  }
}
