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
  CreatedApiToken,
  GrantInfo,
  HostInfo,
  Role,
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
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    else if (this.cookie) headers.cookie = this.cookie;
    const response = await this.fetcher(`${this.base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.options.timeout ?? 30_000),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ?? false;
    const parsed = text === '' ? undefined : json ? (JSON.parse(text) as unknown) : text;
    if (!response.ok) {
      const error = (parsed as { error?: ApiErrorBody } | undefined)?.error;
      throw new ApiError(response.status, error ?? { code: 'HTTP', message: response.statusText });
    }
    return parsed as T;
  }

  // ---- auth ----
  login(name: string, password: string): Promise<WhoamiInfo> {
    return this.request('POST', '/auth/login', { name, password });
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
  streamTicket(
    idOrName: string,
    kind: 'serial' | 'hmp' | 'qmp' | 'vnc' | 'events',
  ): Promise<{ ticket: string; expiresAt: number }> {
    return this.request('POST', `/vms/${encodeURIComponent(idOrName)}/tickets`, { kind });
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

function query(page: Page): string {
  const parts: string[] = [];
  if (page.after !== undefined) parts.push(`after=${page.after}`);
  if (page.limit !== undefined) parts.push(`limit=${page.limit}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
