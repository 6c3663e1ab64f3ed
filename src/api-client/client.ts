/**
 * The typed client of the daemon's API, for the CLI, the dashboard and tests:
 * `fetch` only, no Node-only imports. Authenticates with a token (bearer) or
 * with the session cookie it got from `login` (kept here, since Node's fetch
 * has no cookie jar; a browser's own cookie is used when there is none).
 */
import type {
  ApiAuditEntry,
  ApiEvent,
  ApiTokenInfo,
  BulkActionResult,
  ConsoleKind,
  CreatedApiToken,
  DiskImageInfo,
  FleetHostInfo,
  GrantInfo,
  HostInfo,
  MigrationProgressInfo,
  NewDiskInput,
  NewNicInput,
  Role,
  SnapshotInfo,
  StreamKind,
  StreamTicket,
  TemplateInput,
  UserInfo,
  VmAction,
  VmDefinitionInput,
  VmInfo,
  VmMetricsInfo,
  VmSummaryInfo,
  WhoamiInfo,
} from './types.js';

export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** A refusal or failure reported by the daemon: HTTP status, the daemon's code, the field at fault. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(
    readonly status: number,
    body: ApiErrorBody,
  ) {
    super(`${status} ${body.code}: ${body.message}`);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
  }
}

export interface ApiClientOptions {
  /** The daemon, e.g. `http://127.0.0.1:8480`. */
  baseUrl: string;
  /** An API token (`qmon_...`). */
  token?: string;
  /** Milliseconds per request (30 s). */
  timeout?: number;
  fetch?: typeof fetch;
}

export interface Page {
  after?: number;
  limit?: number;
}

export class ApiClient {
  private readonly base: string;
  private readonly fetcher: typeof fetch;
  private cookie: string | undefined;

  constructor(private readonly options: ApiClientOptions) {
    this.base = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
    this.fetcher = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Any route, for what the methods below do not cover. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, {
      ...(body !== undefined
        ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    return (text === '' ? undefined : json ? (JSON.parse(text) as unknown) : text) as T;
  }

  /** Sends a request with this client's credentials; a response that is not 2xx becomes ApiError. */
  private async send(
    method: string,
    path: string,
    init: { body?: RequestBody; headers?: Record<string, string>; timeout?: number } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    else if (this.cookie) headers.cookie = this.cookie;
    const response = await this.fetcher(`${this.base}${path}`, {
      method,
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
      // A streamed body needs half duplex (Node's fetch insists; browsers accept it).
      ...(isStream(init.body) ? { duplex: 'half' } : {}),
      signal: AbortSignal.timeout(init.timeout ?? this.options.timeout ?? 30_000),
    } as RequestInit);
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    if (!response.ok) {
      const text = await response.text();
      let error: ApiErrorBody | undefined;
      try {
        error = (JSON.parse(text) as { error?: ApiErrorBody }).error;
      } catch {}
      throw new ApiError(response.status, error ?? { code: 'HTTP', message: response.statusText });
    }
    return response;
  }

  // ---- auth ----
  login(name: string, password: string): Promise<WhoamiInfo> {
    return this.request('POST', '/auth/login', { name, password });
  }
  /** Spends a one-time login link's secret (the part after `#login=`) for a session. */
  loginWithLink(secret: string): Promise<WhoamiInfo> {
    return this.request('POST', '/auth/login-link', { secret });
  }
  async logout(): Promise<void> {
    await this.request('POST', '/auth/logout');
    this.cookie = undefined;
  }
  whoami(): Promise<WhoamiInfo> {
    return this.request('GET', '/auth/whoami');
  }
  listTokens(): Promise<ApiTokenInfo[]> {
    return this.request('GET', '/tokens');
  }
  createToken(name: string): Promise<CreatedApiToken> {
    return this.request('POST', '/tokens', { name });
  }
  async deleteToken(id: string): Promise<void> {
    await this.request('DELETE', `/tokens/${encodeURIComponent(id)}`);
  }
  listUsers(): Promise<UserInfo[]> {
    return this.request('GET', '/users');
  }
  createUser(name: string, password: string, role: Role): Promise<UserInfo> {
    return this.request('POST', '/users', { name, password, role });
  }
  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', `/users/${encodeURIComponent(id)}`);
  }
  /** Every per-VM grant, or one user's (by id or name). */
  listGrants(user?: string): Promise<GrantInfo[]> {
    return this.request(
      'GET',
      user === undefined ? '/grants' : `/users/${encodeURIComponent(user)}/grants`,
    );
  }
  /** Gives a user (id or name) `role` on one VM (id or name). */
  grant(user: string, vm: string, role: Role): Promise<GrantInfo> {
    return this.request(
      'PUT',
      `/users/${encodeURIComponent(user)}/grants/${encodeURIComponent(vm)}`,
      {
        role,
      },
    );
  }
  async revokeGrant(user: string, vm: string): Promise<void> {
    await this.request(
      'DELETE',
      `/users/${encodeURIComponent(user)}/grants/${encodeURIComponent(vm)}`,
    );
  }
  host(): Promise<HostInfo> {
    return this.request('GET', '/host');
  }

  // ---- the fleet (a daemon started with --fleet; others answer 404) ----
  /** Every host of the fleet: up or down, when last heard, capacity. */
  listHosts(): Promise<FleetHostInfo[]> {
    return this.request('GET', '/hosts');
  }
  /** Live-migrates a running VM to another host (by name or id); resolves once it is done. */
  async migrateVm(
    idOrName: string,
    to: string,
    timeoutMs = MIGRATE_TIMEOUT_MS,
  ): Promise<MigrationProgressInfo> {
    const response = await this.send('POST', `${vmPath(idOrName)}/migrate`, {
      body: JSON.stringify({ to }),
      headers: { 'content-type': 'application/json' },
      timeout: timeoutMs,
    });
    return (await response.json()) as MigrationProgressInfo;
  }
  /** The VM's outgoing migration in progress, or null when there is none. */
  async migration(idOrName: string): Promise<MigrationProgressInfo | null> {
    return (
      await this.request<{ progress: MigrationProgressInfo | null }>(
        'GET',
        `${vmPath(idOrName)}/migration`,
      )
    ).progress;
  }
  /** Cancels the VM's outgoing migration (it keeps running where it was); false when none ran. */
  async cancelMigration(idOrName: string): Promise<boolean> {
    return (await this.request<{ cancelled: boolean }>('DELETE', `${vmPath(idOrName)}/migration`))
      .cancelled;
  }

  // ---- VMs (by id or name) ----
  listVms(): Promise<VmInfo[]> {
    return this.request('GET', '/vms');
  }
  getVm(idOrName: string): Promise<VmInfo> {
    return this.request('GET', `/vms/${encodeURIComponent(idOrName)}`);
  }
  defineVm(definition: VmDefinitionInput): Promise<VmInfo> {
    return this.request('POST', '/vms', definition);
  }
  updateVm(idOrName: string, definition: VmDefinitionInput): Promise<VmInfo> {
    return this.request('PUT', `/vms/${encodeURIComponent(idOrName)}`, definition);
  }
  async undefineVm(idOrName: string): Promise<void> {
    await this.request('DELETE', `/vms/${encodeURIComponent(idOrName)}`);
  }
  vmAction(idOrName: string, action: VmAction): Promise<VmInfo> {
    return this.request('POST', `/vms/${encodeURIComponent(idOrName)}/${action}`);
  }
  bulkAction(action: VmAction, ids: string[]): Promise<BulkActionResult> {
    return this.request('POST', '/vm-actions', { action, ids });
  }
  async qmp(idOrName: string, execute: string, args?: Record<string, unknown>): Promise<unknown> {
    const body = { execute, ...(args ? { arguments: args } : {}) };
    const reply = await this.request<{ return: unknown }>(
      'POST',
      `/vms/${encodeURIComponent(idOrName)}/qmp`,
      body,
    );
    return reply.return;
  }
  async hmp(idOrName: string, command: string): Promise<string> {
    const reply = await this.request<{ return: string }>(
      'POST',
      `/vms/${encodeURIComponent(idOrName)}/hmp`,
      { command },
    );
    return reply.return;
  }
  async agent(
    idOrName: string,
    execute: string,
    args?: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<unknown> {
    const body = {
      execute,
      ...(args ? { arguments: args } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    };
    const reply = await this.request<{ return: unknown }>(
      'POST',
      `/vms/${encodeURIComponent(idOrName)}/agent`,
      body,
    );
    return reply.return;
  }
  /** A single-use ticket (30 s) for a console stream; for `vnc` also its one-time VNC password. */
  streamTicket(idOrName: string, kind: StreamKind): Promise<StreamTicket> {
    return this.request('POST', `/vms/${encodeURIComponent(idOrName)}/tickets`, { kind });
  }

  /** The WebSocket URL of a console stream, authenticated by `ticket` (see `streamTicket`). */
  consoleUrl(idOrName: string, kind: ConsoleKind, ticket: string): string {
    const url = new URL(`${this.base}/vms/${encodeURIComponent(idOrName)}/console/${kind}`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('ticket', ticket);
    return url.toString();
  }

  /** A fresh ticket and the console URL it opens, in one call. */
  async consoleStream(
    idOrName: string,
    kind: ConsoleKind,
  ): Promise<StreamTicket & { url: string }> {
    const ticket = await this.streamTicket(idOrName, kind);
    return { ...ticket, url: this.consoleUrl(idOrName, kind, ticket.ticket) };
  }

  /** The URL of a VM's screenshot (for an `<img>`: the browser's session cookie authenticates it). */
  screenshotUrl(idOrName: string, options: { thumb?: boolean } = {}): string {
    const thumb = options.thumb ? '?thumb=1' : '';
    return `${this.base}/vms/${encodeURIComponent(idOrName)}/screenshot${thumb}`;
  }

  /** A VM's screen as PNG bytes (`thumb`: at most 320 pixels wide), and when it was taken. */
  async screenshot(
    idOrName: string,
    options: { thumb?: boolean } = {},
  ): Promise<{ png: Uint8Array; takenAt: number }> {
    const response = await this.fetcher(this.screenshotUrl(idOrName, options), {
      headers: this.authHeaders(),
      signal: AbortSignal.timeout(this.options.timeout ?? 30_000),
    });
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as
        | { error?: ApiErrorBody }
        | undefined;
      throw new ApiError(
        response.status,
        body?.error ?? { code: 'HTTP', message: response.statusText },
      );
    }
    return {
      png: new Uint8Array(await response.arrayBuffer()),
      takenAt: Number(response.headers.get('x-qmon-screenshot-taken')),
    };
  }

  /** The `query-qmp-schema` of a running VM's QEMU (for completion). */
  qmpSchema(idOrName: string): Promise<unknown[]> {
    return this.request('GET', `/vms/${encodeURIComponent(idOrName)}/qmp-schema`);
  }

  /** Defines a VM from a template (`demo`: qmon's small guest with the agent). */
  defineFromTemplate(input: TemplateInput): Promise<VmInfo> {
    return this.request('POST', '/vms/from-template', input);
  }

  // ---- disks, snapshots, NICs (by the VM's id or name) ----
  listDisks(vm: string): Promise<DiskImageInfo[]> {
    return this.request('GET', `${vmPath(vm)}/disks`);
  }
  createDisk(vm: string, disk: NewDiskInput): Promise<DiskImageInfo> {
    return this.request('POST', `${vmPath(vm)}/disks`, disk);
  }
  resizeDisk(vm: string, disk: string, sizeBytes: number): Promise<DiskImageInfo> {
    return this.request('POST', `${diskPath(vm, disk)}/resize`, { sizeBytes });
  }
  async deleteDisk(vm: string, disk: string): Promise<void> {
    await this.request('DELETE', diskPath(vm, disk));
  }
  /** Plugs a disk image into the running VM. */
  async attachDisk(vm: string, disk: string, options: { readOnly?: boolean } = {}): Promise<void> {
    await this.request('POST', `${diskPath(vm, disk)}/attach`, options);
  }
  /** Unplugs it; resolves once QEMU reports the device gone. */
  async detachDisk(vm: string, disk: string, timeoutMs?: number): Promise<void> {
    await this.request('POST', `${diskPath(vm, disk)}/detach`, timeoutMs ? { timeoutMs } : {});
  }
  listSnapshots(vm: string): Promise<SnapshotInfo[]> {
    return this.request('GET', `${vmPath(vm)}/snapshots`);
  }
  saveSnapshot(vm: string, tag: string, timeoutMs?: number): Promise<SnapshotInfo> {
    return this.request('POST', `${vmPath(vm)}/snapshots`, {
      tag,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }
  async revertSnapshot(vm: string, tag: string, timeoutMs?: number): Promise<void> {
    const path = `${vmPath(vm)}/snapshots/${encodeURIComponent(tag)}/revert`;
    await this.request('POST', path, timeoutMs ? { timeoutMs } : {});
  }
  async deleteSnapshot(vm: string, tag: string): Promise<void> {
    await this.request('DELETE', `${vmPath(vm)}/snapshots/${encodeURIComponent(tag)}`);
  }
  /** Plugs a user-mode NIC into the running VM; resolves with its device id. */
  async addNic(vm: string, nic: NewNicInput = {}): Promise<string> {
    return (await this.request<{ id: string }>('POST', `${vmPath(vm)}/nics`, nic)).id;
  }
  async removeNic(vm: string, nic: string, timeoutMs?: number): Promise<void> {
    const search = timeoutMs ? `?timeoutMs=${timeoutMs}` : '';
    await this.request('DELETE', `${vmPath(vm)}/nics/${encodeURIComponent(nic)}${search}`);
  }

  // ---- guest files (through the agent; progress on the event WebSocket under `transfer`) ----
  /** Uploads `data` (bytes, a Blob, or a stream) to `guestPath`, replacing the file once complete. */
  async uploadFile(
    vm: string,
    guestPath: string,
    data: RequestBody,
    options: FileTransferOptions & { mode?: number } = {},
  ): Promise<{ transfer: string; bytes: number; atomic?: boolean }> {
    const search = transferQuery(guestPath, options, options.mode);
    const response = await this.send('PUT', `${vmPath(vm)}/files?${search}`, {
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
      timeout: options.timeoutMs ?? TRANSFER_TIMEOUT_MS,
    });
    return (await response.json()) as { transfer: string; bytes: number; atomic?: boolean };
  }
  /** Downloads `guestPath`: the response, whose body streams the file's bytes. */
  downloadFile(
    vm: string,
    guestPath: string,
    options: FileTransferOptions = {},
  ): Promise<Response> {
    return this.send('GET', `${vmPath(vm)}/files?${transferQuery(guestPath, options)}`, {
      headers: { accept: 'application/octet-stream' },
      timeout: options.timeoutMs ?? TRANSFER_TIMEOUT_MS,
    });
  }

  /** A VM at a glance: size, CPU use, RSS, the guest's OS and addresses (from its agent). */
  summary(idOrName: string): Promise<VmSummaryInfo> {
    return this.request('GET', `/vms/${encodeURIComponent(idOrName)}/summary`);
  }

  // ---- metrics ----
  metrics(
    idOrName: string,
    range: 'hour' | 'day' | 'week' | 'year' = 'hour',
  ): Promise<VmMetricsInfo> {
    return this.request('GET', `/vms/${encodeURIComponent(idOrName)}/metrics?range=${range}`);
  }
  /** Every VM in the Prometheus text format. */
  prometheus(): Promise<string> {
    return this.request('GET', '/metrics');
  }

  // ---- logs ----
  events(page: Page = {}, idOrName?: string): Promise<ApiEvent[]> {
    const path = idOrName === undefined ? '/events' : `/vms/${encodeURIComponent(idOrName)}/events`;
    return this.request('GET', `${path}${query(page)}`);
  }
  audit(page: Page = {}): Promise<ApiAuditEntry[]> {
    return this.request('GET', `/audit${query(page)}`);
  }

  /** The URL of the event WebSocket (`?after=SEQ` replays stored events first). */
  eventSocketUrl(after?: number): string {
    const url = new URL(`${this.base}/ws`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (after !== undefined) url.searchParams.set('after', String(after));
    return url.toString();
  }

  /** Headers that authenticate this client (for a WebSocket outside a browser). */
  authHeaders(): Record<string, string> {
    if (this.options.token) return { authorization: `Bearer ${this.options.token}` };
    return this.cookie ? { cookie: this.cookie } : {};
  }
}

/** What fetch accepts as a body: bytes, a string, a Blob, a ReadableStream. */
export type RequestBody = NonNullable<RequestInit['body']>;

export interface FileTransferOptions {
  /** Names the transfer in the WebSocket's progress messages. */
  transfer?: string;
  /** Bound of the whole transfer (10 min). */
  timeoutMs?: number;
}

const TRANSFER_TIMEOUT_MS = 10 * 60_000;
/** As long as the daemon lets a migration run. */
const MIGRATE_TIMEOUT_MS = 10 * 60_000;

function transferQuery(path: string, options: FileTransferOptions, mode?: number): string {
  const search = new URLSearchParams({ path });
  if (options.transfer) search.set('transfer', options.transfer);
  if (options.timeoutMs) search.set('timeoutMs', String(options.timeoutMs));
  if (mode !== undefined) search.set('mode', mode.toString(8).padStart(4, '0'));
  return search.toString();
}

function isStream(body: unknown): boolean {
  return typeof ReadableStream !== 'undefined' && body instanceof ReadableStream;
}

function vmPath(vm: string): string {
  return `/vms/${encodeURIComponent(vm)}`;
}

function diskPath(vm: string, disk: string): string {
  return `${vmPath(vm)}/disks/${encodeURIComponent(disk)}`;
}

function query(page: Page): string {
  const parts: string[] = [];
  if (page.after !== undefined) parts.push(`after=${page.after}`);
  if (page.limit !== undefined) parts.push(`limit=${page.limit}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
