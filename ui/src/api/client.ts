/**
 * The one place that knows the API base URL, how we authenticate (session cookie + CSRF header)
 * and the error shape. Everything else calls the typed functions in ./index.ts.
 */

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Plain-words message for any thrown value (never a stack trace). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Something went wrong. Please try again.";
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For the few requests made outside http() (streamed uploads with progress). */
export const currentCsrfToken = (): string | null => csrfToken;

/** Called on any 401 outside the login/setup calls (session expired, logged out elsewhere...). */
export function onUnauthorized(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

type Query = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Don't trigger the global 401 redirect (login, setup, 2FA calls: a 401 there is a user error). */
  noAuthRedirect?: boolean;
  signal?: AbortSignal;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function buildUrl(path: string, query?: Query): string {
  let url = API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += "?" + qs;
  }
  return url;
}

async function parseError(res: Response): Promise<ApiError> {
  let code = "http_" + res.status;
  let message = defaultMessage(res.status);
  let details: unknown;
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body && typeof body.error === "object" && body.error) {
      if (typeof body.error.code === "string") code = body.error.code;
      if (typeof body.error.message === "string" && body.error.message) message = body.error.message;
      details = body.error.details;
    }
  } catch {
    // Not JSON (proxy error page...): keep the generic message.
  }
  return new ApiError(res.status, code, message, details);
}

function defaultMessage(status: number): string {
  if (status === 401) return "Your session has ended. Please sign in again.";
  if (status === 403) return "You don't have permission to do that.";
  if (status === 404) return "Not found.";
  if (status === 429) return "Too many requests. Please wait a moment and try again.";
  if (status >= 500) return "The server hit an error. Please try again.";
  return `Request failed (HTTP ${status}).`;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (WRITE_METHODS.has(method) && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  const send = () =>
    fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  let res: Response;
  try {
    res = await send().catch(async (e: unknown) => {
      // A GET changes nothing, so one quiet retry covers a blip (Chrome aborts requests in
      // flight when the machine's interfaces change, e.g. Docker adding a bridge on deploy).
      if (method !== "GET" || (e instanceof DOMException && e.name === "AbortError")) throw e;
      await new Promise((r) => setTimeout(r, 300));
      return send();
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network_error", "Can't reach the ServerKit server. Check your connection and try again.");
  }

  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && !opts.noAuthRedirect) unauthorizedHandler?.();
    throw err;
  }
  if (res.status === 204 || res.headers.get("Content-Length") === "0") return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>("GET", path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("POST", path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("PUT", path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("PATCH", path, { ...opts, body }),
  del: <T = void>(path: string, opts?: RequestOptions) => request<T>("DELETE", path, opts),
};
