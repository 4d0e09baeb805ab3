/** The console talks to the bangfu API only: JSON over fetch with the bearer token from login. */

export interface ErrorDetail {
  field: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[],
    readonly body: unknown,
  ) {
    super(message);
  }

  /** The first detail's rule (four_eyes, task_open…), if the API named one. */
  get rule(): string | undefined {
    return this.details[0]?.rule;
  }
}

let token: string | null = null;
let onUnauthorized: ((expired: boolean) => void) | null = null;

export function setToken(t: string | null): void {
  token = t;
}

export function setUnauthorizedHandler(h: ((expired: boolean) => void) | null): void {
  onUnauthorized = h;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON
  }
  const b = (body ?? {}) as { code?: string; message?: string; details?: ErrorDetail[] };
  return new ApiError(
    res.status,
    b.code ?? `HTTP_${res.status}`,
    b.message ?? res.statusText ?? `HTTP ${res.status}`,
    Array.isArray(b.details) ? b.details : [],
    body,
  );
}

export async function request(
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; form?: FormData } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(path, { method, headers, body });
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && !path.startsWith('/api/auth/login') && onUnauthorized) {
      onUnauthorized(
        err.rule === 'token_expired' || err.rule === 'token_valid' || err.rule === 'bearer_token',
      );
    }
    throw err;
  }
  return res;
}

export async function api<T>(
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; form?: FormData } = {},
): Promise<T> {
  const res = await request(method, path, opts);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const get = <T>(path: string, q?: Query) => api<T>('GET', `${path}${qs(q)}`);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, { body: body ?? {}, headers });
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, { body });

/** Downloads an export (`?format=xlsx`) with the bearer token and saves it under the server's file name. */
export async function download(path: string, q: Query, fallbackName: string): Promise<void> {
  const res = await request('GET', `${path}${qs(q)}`);
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  const name = star ? decodeURIComponent(star[1]!) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function newIdempotencyKey(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
