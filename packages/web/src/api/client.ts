// Typed client of the Candor HTTP API (docs/api.md). Holds the session token in memory only.
import type {
  LoginResponse, Problem, Purpose, Registry, ReviewRequest, SearchRequest, SearchResponse, User,
} from './types.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
    this.name = 'ApiError';
  }
  /** True when the request never reached the server (offline, DNS, connection refused). */
  get isNetwork(): boolean { return this.status === 0; }
}

export interface ApiClientOptions { baseUrl?: string; fetch?: typeof fetch }

export class ApiClient {
  private token: string | null = null;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get signedIn(): boolean { return this.token !== null; }

  /** `newPassword` is required when the password is a one-time one (401/403 PASSWORD_CHANGE_REQUIRED). */
  async login(username: string, password: string, totp?: string, newPassword?: string): Promise<LoginResponse> {
    const body: Record<string, string> = { username, password };
    if (totp) body.totp = totp;
    if (newPassword) body.newPassword = newPassword;
    const res = await this.request<LoginResponse>('POST', '/v1/auth/login', body, false);
    this.token = res.token;
    return res;
  }

  async logout(): Promise<void> {
    try { await this.request<void>('POST', '/v1/auth/logout'); } finally { this.token = null; }
  }

  me(): Promise<User> { return this.request('GET', '/v1/me'); }
  purposes(): Promise<Purpose[]> { return this.request('GET', '/v1/purposes'); }
  registries(): Promise<Registry[]> { return this.request('GET', '/v1/registries'); }
  search(body: SearchRequest): Promise<SearchResponse> { return this.request('POST', '/v1/search', body); }
  review(searchId: string, rank: number, body: ReviewRequest): Promise<unknown> {
    return this.request('POST', `/v1/searches/${encodeURIComponent(searchId)}/candidates/${rank}/review`, body);
  }

  private async request<T>(method: string, path: string, body?: unknown, auth = true): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth && this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(this.baseUrl + path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'No connection to the server.');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const data: unknown = text ? safeJson(text) : undefined;
    if (!res.ok) {
      const p = (data ?? {}) as Partial<Problem>;
      if (res.status === 401 && p.code !== 'TOTP_REQUIRED' && auth) this.token = null;
      throw new ApiError(res.status, p.code, p.detail ?? p.title ?? `Request failed (${res.status})`);
    }
    return data as T;
  }
}

function safeJson(text: string): unknown {
  try { return JSON.parse(text); } catch { return undefined; }
}
