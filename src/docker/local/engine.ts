// The Docker Engine API over its unix socket with Bun's fetch. No client library: nothing to
// load while the panel idles, and a container list costs one request with no extra layers
// (the bench compares the panel's list with a raw socket request).
import { DomainError } from "../../lib/errors.ts";

/** Error codes per HTTP status for one kind of resource, e.g. { 404: "volume_not_found" }. */
export type StatusCodes = Partial<Record<number, string>>;

export interface EngineRequest {
  body?: unknown;
  /** Streams pass the caller's signal and run as long as it wants. */
  signal?: AbortSignal;
  codes?: StatusCodes;
  /** Calls without a signal give up after this long (a hung engine must not hang the panel). */
  timeoutMs?: number;
}

export const CALL_TIMEOUT_MS = 30_000;

const KIND_BY_STATUS: Record<number, DomainError["kind"]> = { 400: "invalid", 403: "conflict", 404: "not_found", 409: "conflict" };
const CODE_BY_STATUS: Record<number, string> = { 400: "docker_bad_request", 403: "docker_conflict", 404: "not_found", 409: "docker_conflict" };

/** Path segment: ids and names are validated by the protocol, but references carry "/" and ":". */
export const seg = (s: string) => encodeURIComponent(s);

export class Engine {
  constructor(readonly socket: string) {}

  /** Raw response for 2xx and 304 (Docker's "already started/stopped"); a DomainError otherwise. */
  async request(method: string, path: string, opts: EngineRequest = {}): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`http://docker${path}`, {
        method,
        unix: this.socket,
        signal: opts.signal ?? AbortSignal.timeout(opts.timeoutMs ?? CALL_TIMEOUT_MS),
        ...(opts.body !== undefined && { body: JSON.stringify(opts.body), headers: { "content-type": "application/json" } }),
      } as RequestInit);
    } catch (err) {
      throw this.failure(err, opts);
    }
    if (res.ok || res.status === 304) return res;
    const text = await res.text().catch(() => "");
    let message = text.trim();
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      // plain-text error body
    }
    const code = opts.codes?.[res.status] ?? CODE_BY_STATUS[res.status] ?? "docker_error";
    throw new DomainError(KIND_BY_STATUS[res.status] ?? "unavailable", code, message || `Docker answered ${res.status}.`);
  }

  async json<T>(method: string, path: string, opts: EngineRequest = {}): Promise<T> {
    const res = await this.request(method, path, opts);
    const text = await res.text().catch((err) => Promise.reject(this.failure(err, opts)));
    return (text ? JSON.parse(text) : null) as T;
  }

  get = <T>(path: string, opts?: EngineRequest) => this.json<T>("GET", path, opts);

  /** For actions whose answer is empty (204) or irrelevant. */
  async send(method: string, path: string, opts: EngineRequest = {}): Promise<void> {
    await (await this.request(method, path, opts)).arrayBuffer().catch((err) => Promise.reject(this.failure(err, opts)));
  }

  private failure(err: unknown, opts: EngineRequest): unknown {
    if (opts.signal?.aborted) return err; // the caller stopped it: not the engine's fault
    if ((err as Error).name === "TimeoutError") {
      return new DomainError("unavailable", "docker_timeout", `The Docker engine did not answer within ${(opts.timeoutMs ?? CALL_TIMEOUT_MS) / 1000} s.`);
    }
    return new DomainError("unavailable", "docker_unavailable", `The Docker engine does not answer on ${this.socket}: ${(err as Error).message}`);
  }
}

/** Longest line we keep from a JSON-lines stream; a longer one is a broken stream, not data. */
const MAX_JSON_LINE = 1 << 20;

/** Docker's streaming answers (events, stats, pull progress) are JSON objects, one per line. */
export async function* jsonLines(body: ReadableStream<Uint8Array> | null): AsyncIterable<unknown> {
  if (!body) return;
  const decoder = new TextDecoder();
  let pending = "";
  for await (const chunk of body) {
    pending += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl).trim();
      pending = pending.slice(nl + 1);
      if (line) yield JSON.parse(line);
    }
    if (pending.length > MAX_JSON_LINE) throw new DomainError("unavailable", "docker_stream_broken", "Docker sent an over-long line.");
  }
  const last = (pending + decoder.decode()).trim();
  if (last) yield JSON.parse(last);
}

/** Docker's filters query parameter: {"label": ["a=b"]} -> JSON in the URL. */
export const filters = (f: Record<string, string[]>) => `filters=${encodeURIComponent(JSON.stringify(f))}`;
