// fetch() with the session cookie and Django's CSRF token (read from its cookie).
import { requestIdOf, serverErrorMessage } from './errors';
import type { Page } from './types';

export class ApiError extends Error {
  status: number;
  body: unknown;
  requestId: string | null;
  constructor(status: number, body: unknown, requestId: string | null = null) {
    super(describe(status, body, requestId));
    this.status = status;
    this.body = body;
    this.requestId = requestId;
  }
}

function describe(status: number, body: unknown, requestId: string | null): string {
  if (status >= 500) return serverErrorMessage(status, requestId);
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.detail === 'string') return b.detail;
    if (Array.isArray(b.errors) && b.errors.length) {
      return b.errors.map((e) => (e as { message?: string }).message || String(e)).join(' ');
    }
  }
  return `The server answered ${status}.`;
}

export function csrfToken(): string {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

let apiRoot = '/api/v2/';
export function setApiRoot(root: string): void {
  apiRoot = root.endsWith('/') ? root : root + '/';
}

function url(path: string): string {
  return /^(https?:)?\//.test(path) ? path : apiRoot + path;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method || 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRFToken'] = csrfToken();
  }
  const resp = await fetch(url(path), {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (resp.status === 401 || (resp.status === 403 && resp.redirected)) {
    window.location.reload(); // session expired: the page redirects to the login
  }
  const text = await resp.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null; // not our API's answer (a proxy's page): never shown as it is
    }
  }
  if (!resp.ok) throw new ApiError(resp.status, body, requestIdOf(resp.headers.get('X-Request-ID'), body));
  return body as T;
}

// Every page of a paginated list (the catalog and inbox are small; page_size keeps it to one call).
export async function listAll<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = path + (path.includes('?') ? '&' : '?') + 'page_size=200';
  while (next) {
    const page: Page<T> = await api<Page<T>>(next);
    out.push(...page.results);
    next = page.next;
  }
  return out;
}
