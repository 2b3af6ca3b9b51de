// End-to-end harness: run the compiled `serverkit` binary as a child process
// on a random loopback port with a fresh data dir, and talk to it over HTTP.
//
//   const panel = await startPanel();
//   const owner = await setupOwner(panel);
//   const res = await owner.fetch("/api/v1/servers/local");
//   const token = await createToken(owner);
//   const api = withToken(panel, token);
//   await panel.kill("SIGKILL"); await panel.restart();   // same port, same data
//   await panel.stop();                                    // also removes the temp dir
//
// The binary is dist/serverkit (built by scripts/test.sh) unless SERVERKIT_BIN
// says otherwise. SERVERKIT_TEST_VERBOSE=1 echoes the panel's output live;
// SERVERKIT_TEST_KEEP=1 keeps temp dirs for inspection.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "./ports";

export const REPO_ROOT = resolve(import.meta.dir, "../..");
export const API = "/api/v1";

/** Path of the binary under test. */
export function serverkitBin(): string {
  return process.env.SERVERKIT_BIN ?? join(REPO_ROOT, "dist/serverkit");
}

export interface StartPanelOptions {
  /** Binary to run (default: SERVERKIT_BIN or dist/serverkit). */
  bin?: string;
  /** Port to listen on (default: a free random one). */
  port?: number;
  /** Use this data dir instead of a fresh temp one; it is never removed. */
  dataDir?: string;
  /** YAML written to the config file passed with --config (default "{}"). */
  config?: string;
  /** Extra environment (undefined removes a variable). SERVERKIT_* from the caller's env are not inherited. */
  env?: Record<string, string | undefined>;
  /** Extra arguments appended after `serve ...`. */
  args?: string[];
  /** How long to wait for /api/v1/health (default 10 000 ms). */
  timeoutMs?: number;
  /** Health poll interval (default 20 ms). */
  pollMs?: number;
  /** SERVERKIT_LOG_LEVEL for the child (default SERVERKIT_TEST_LOG_LEVEL or "info"). */
  logLevel?: string;
  /** Keep the temp dir after stop() (default: SERVERKIT_TEST_KEEP=1). */
  keep?: boolean;
}

export interface Panel {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Temp root holding data/ and config.yaml (or the data dir's parent when given). */
  readonly root: string;
  readonly configPath: string;
  /** The current child process (a new one after restart()). */
  readonly proc: Subprocess<"ignore", "pipe", "pipe">;
  readonly pid: number;
  readonly running: boolean;
  /** Milliseconds from spawn to the first healthy /health answer, for the latest start. */
  readonly startupMs: number;
  /** Unauthenticated fetch; `path` is relative to url ("/api/v1/health"). */
  fetch(path: string, init?: ClientInit): Promise<Response>;
  /** SIGTERM, wait up to 5 s, then SIGKILL; removes the temp dir. Idempotent. */
  stop(): Promise<void>;
  /** Send a signal; for terminating signals wait for the exit and return its code. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stop the process if it runs (SIGTERM unless told), start again on the same port and data dir. */
  restart(opts?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<void>;
  /** Everything the process wrote to stdout and stderr, across restarts. */
  logs(): string;
  /** The JSON log lines parsed (non-JSON lines are skipped). */
  logLines(): Record<string, unknown>[];
}

export type ClientInit = RequestInit & {
  /** Sent as a JSON body with content-type application/json. */
  json?: unknown;
};

export interface Client {
  cookie?: string;
  csrf?: string;
  token?: string;
  user?: unknown;
  username?: string;
  password?: string;
  fetch(path: string, init?: ClientInit): Promise<Response>;
  /** fetch + parsed JSON body (null when the body is empty or not JSON). */
  json<T = any>(path: string, init?: ClientInit): Promise<{ status: number; body: T; res: Response }>;
}

const TERMINATING: ReadonlySet<string> = new Set(["SIGKILL", "SIGTERM", "SIGINT", "SIGQUIT"]);
const MAX_LOG_CHARS = 4 * 1024 * 1024;
const live = new Set<PanelImpl>();

// Safety net: never leave a panel running or a temp dir behind, even when a
// test forgot stop() or threw before reaching it.
process.on("exit", () => {
  for (const panel of live) panel.emergencyCleanup();
});

function childEnv(port: number, dataDir: string, configPath: string, opts: StartPanelOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("SERVERKIT_")) env[key] = value;
  }
  env.SERVERKIT_LOG_LEVEL = opts.logLevel ?? process.env.SERVERKIT_TEST_LOG_LEVEL ?? "info";
  env.SERVERKIT_PORT = String(port);
  env.SERVERKIT_HOST = "127.0.0.1";
  env.SERVERKIT_DATA_DIR = dataDir;
  env.SERVERKIT_CONFIG = configPath;
  env.NO_COLOR = "1";
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function withBody(init: ClientInit | undefined, headers: Headers): RequestInit {
  const { json, ...rest } = init ?? {};
  if (json !== undefined) {
    headers.set("content-type", "application/json");
    return { ...rest, headers, body: JSON.stringify(json) };
  }
  return { ...rest, headers };
}

class PanelImpl implements Panel {
  readonly url: string;
  readonly dataDir: string;
  readonly root: string;
  readonly configPath: string;
  startupMs = 0;
  private child!: Subprocess<"ignore", "pipe", "pipe">;
  private output = "";
  private pumps: Promise<void>[] = [];
  private stopped = false;
  private readonly ownsRoot: boolean;
  private readonly keep: boolean;

  constructor(
    readonly port: number,
    private readonly opts: StartPanelOptions,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.keep = opts.keep ?? process.env.SERVERKIT_TEST_KEEP === "1";
    if (opts.dataDir) {
      this.ownsRoot = false;
      this.dataDir = resolve(opts.dataDir);
      this.root = resolve(this.dataDir, "..");
      mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
      this.configPath = join(this.dataDir, "harness-config.yaml");
    } else {
      this.ownsRoot = true;
      this.root = mkdtempSync(join(tmpdir(), "sk-panel-"));
      this.dataDir = join(this.root, "data");
      mkdirSync(this.dataDir, { mode: 0o700 });
      this.configPath = join(this.root, "config.yaml");
    }
    if (opts.config !== undefined || !existsSync(this.configPath)) {
      writeFileSync(this.configPath, opts.config ?? "# written by test/harness/panel.ts\n{}\n");
    }
  }

  get proc() {
    return this.child;
  }
  get pid() {
    return this.child.pid;
  }
  get running() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  command(): string[] {
    return [
      this.opts.bin ?? serverkitBin(),
      "serve",
      "--port",
      String(this.port),
      "--host",
      "127.0.0.1",
      "--data-dir",
      this.dataDir,
      "--config",
      this.configPath,
      ...(this.opts.args ?? []),
    ];
  }

  private append(text: string) {
    this.output += text;
    if (this.output.length > MAX_LOG_CHARS) this.output = this.output.slice(-MAX_LOG_CHARS / 2);
    if (process.env.SERVERKIT_TEST_VERBOSE === "1") process.stderr.write(text);
  }

  private async pump(stream: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of stream) this.append(decoder.decode(chunk, { stream: true }));
      this.append(decoder.decode());
    } catch {
      // stream closed under us: the process is gone
    }
  }

  /** Spawn and wait for health. Throws with the output when it does not come up. */
  async start(timeoutMs = this.opts.timeoutMs ?? 10_000): Promise<void> {
    if (this.stopped) throw new Error("panel was stopped; start a new one");
    const cmd = this.command();
    const spawnedAt = performance.now();
    this.child = Bun.spawn(cmd, {
      cwd: this.root,
      env: childEnv(this.port, this.dataDir, this.configPath, this.opts),
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    live.add(this);
    this.pumps = [this.pump(this.child.stdout), this.pump(this.child.stderr)];

    const pollMs = this.opts.pollMs ?? 20;
    const deadline = spawnedAt + timeoutMs;
    let lastError = "";
    for (;;) {
      if (!this.running) {
        await Promise.race([Promise.all(this.pumps), Bun.sleep(500)]);
        throw new PanelStartError(
          `serverkit exited during start (code ${this.child.exitCode}, signal ${this.child.signalCode})`,
          cmd,
          this.logs(),
        );
      }
      try {
        const res = await fetch(`${this.url}${API}/health`, { signal: AbortSignal.timeout(1000) });
        const body = (await res.json().catch(() => null)) as { status?: string } | null;
        if (res.ok && body?.status === "ok") {
          this.startupMs = performance.now() - spawnedAt;
          return;
        }
        lastError = `health answered ${res.status} ${JSON.stringify(body)}`;
      } catch (err) {
        lastError = String(err);
      }
      if (performance.now() > deadline) {
        this.child.kill("SIGKILL");
        await this.child.exited;
        await Promise.race([Promise.all(this.pumps), Bun.sleep(500)]);
        throw new PanelStartError(
          `serverkit did not become healthy within ${timeoutMs} ms (last: ${lastError})`,
          cmd,
          this.logs(),
        );
      }
      await Bun.sleep(pollMs);
    }
  }

  fetch(path: string, init?: ClientInit): Promise<Response> {
    const headers = new Headers(init?.headers);
    return fetch(this.resolve(path), withBody(init, headers));
  }

  resolve(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.url}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    if (!TERMINATING.has(signal)) return null;
    const code = await this.child.exited;
    await Promise.race([Promise.all(this.pumps), Bun.sleep(500)]);
    return code;
  }

  private async terminate(signal: NodeJS.Signals = "SIGTERM", graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child.kill(signal);
    const exited = await Promise.race([this.child.exited.then(() => true), Bun.sleep(graceMs).then(() => false)]);
    if (!exited) {
      this.append(`\n[harness] no exit ${graceMs} ms after ${signal}; sending SIGKILL\n`);
      this.child.kill("SIGKILL");
      await this.child.exited;
    }
    await Promise.race([Promise.all(this.pumps), Bun.sleep(500)]);
  }

  async restart(opts: { signal?: NodeJS.Signals; timeoutMs?: number } = {}): Promise<void> {
    await this.terminate(opts.signal ?? "SIGTERM");
    this.append(`\n[harness] restart\n`);
    await this.start(opts.timeoutMs);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    await this.terminate("SIGTERM");
    this.stopped = true;
    live.delete(this);
    this.removeRoot();
  }

  private removeRoot() {
    if (this.keep) return;
    if (this.ownsRoot) rmSync(this.root, { recursive: true, force: true });
    else rmSync(this.configPath, { force: true });
  }

  emergencyCleanup() {
    try {
      if (this.running) this.child.kill("SIGKILL");
    } catch {}
    try {
      this.removeRoot();
    } catch {}
  }

  logs(): string {
    return this.output;
  }

  logLines(): Record<string, unknown>[] {
    const lines: Record<string, unknown>[] = [];
    for (const line of this.output.split("\n")) {
      const trimmed = line.trim();
      if (!trimmed.startsWith("{")) continue;
      try {
        lines.push(JSON.parse(trimmed));
      } catch {}
    }
    return lines;
  }
}

export class PanelStartError extends Error {
  constructor(
    message: string,
    readonly command: string[],
    readonly output: string,
  ) {
    const tail = output.length > 8000 ? `...${output.slice(-8000)}` : output;
    super(`${message}\ncommand: ${command.join(" ")}\n--- panel output ---\n${tail || "(none)"}\n--- end ---`);
    this.name = "PanelStartError";
  }
}

const ADDRESS_IN_USE = /EADDRINUSE|address already in use|port .*in use/i;

/** Start the compiled panel on a free port with a fresh data dir; resolves once /health says ok. */
export async function startPanel(opts: StartPanelOptions = {}): Promise<Panel> {
  const bin = opts.bin ?? serverkitBin();
  if (!existsSync(bin)) {
    throw new Error(`serverkit binary not found at ${bin}: run \`bun scripts/build.ts\` (or set SERVERKIT_BIN)`);
  }
  const attempts = opts.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const panel = new PanelImpl(opts.port ?? freePort(), opts);
    try {
      await panel.start();
      return panel;
    } catch (err) {
      await panel.stop().catch(() => {});
      if (attempt < attempts && err instanceof PanelStartError && ADDRESS_IN_USE.test(err.output)) continue;
      throw err;
    }
  }
}

function sessionCookie(res: Response): string | undefined | null {
  for (const header of res.headers.getSetCookie()) {
    const [pair = "", ...attrs] = header.split(";");
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== "sk_session") continue;
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
    return value === "" || expired ? null : `sk_session=${value}`;
  }
  return undefined; // not mentioned
}

function makeClient(panel: Panel, state: Omit<Client, "fetch" | "json">): Client {
  const client: Client = {
    ...state,
    async fetch(path, init) {
      const headers = new Headers(init?.headers);
      if (client.cookie && !headers.has("cookie")) headers.set("cookie", client.cookie);
      if (client.csrf && !headers.has("x-csrf-token")) headers.set("x-csrf-token", client.csrf);
      if (client.token && !headers.has("authorization")) headers.set("authorization", `Bearer ${client.token}`);
      const res = await fetch((panel as PanelImpl).resolve(path), withBody(init, headers));
      // follow session rotation and logout
      const cookie = sessionCookie(res);
      if (cookie !== undefined && client.token === undefined) client.cookie = cookie ?? undefined;
      return res;
    },
    async json(path, init) {
      const res = await client.fetch(path, init);
      const text = await res.text();
      let body: any = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: res.status, body, res };
    },
  };
  return client;
}

async function expectStatus(res: Response, want: number, what: string): Promise<any> {
  const text = await res.text();
  if (res.status !== want) throw new Error(`${what}: expected ${want}, got ${res.status}: ${text.slice(0, 2000)}`);
  return text ? JSON.parse(text) : null;
}

export const DEFAULT_OWNER = { username: "owner", password: "Correct-Horse-Battery-9" } as const;

/** POST /api/v1/setup; returns a cookie client for the new owner (cookie + X-CSRF-Token added). */
export async function setupOwner(
  panel: Panel,
  creds: { username?: string; password?: string } = {},
): Promise<Client> {
  const username = creds.username ?? DEFAULT_OWNER.username;
  const password = creds.password ?? DEFAULT_OWNER.password;
  const res = await panel.fetch(`${API}/setup`, { method: "POST", json: { username, password } });
  const cookie = sessionCookie(res);
  const body = await expectStatus(res, 201, "POST /setup");
  if (!cookie) throw new Error("POST /setup: no sk_session cookie in the answer");
  if (!body?.csrfToken) throw new Error(`POST /setup: no csrfToken in ${JSON.stringify(body)}`);
  return makeClient(panel, { cookie, csrf: body.csrfToken, user: body.user, username, password });
}

/** POST /api/v1/auth/login with a password (no 2FA step); returns a cookie client. */
export async function login(panel: Panel, username: string, password: string): Promise<Client> {
  const res = await panel.fetch(`${API}/auth/login`, { method: "POST", json: { username, password } });
  const cookie = sessionCookie(res);
  const body = await expectStatus(res, 200, "POST /auth/login");
  if (!cookie) throw new Error(`POST /auth/login: no sk_session cookie (2FA pending?): ${JSON.stringify(body)}`);
  return makeClient(panel, { cookie, csrf: body?.csrfToken, user: body?.user, username, password });
}

/** POST /api/v1/tokens as `client`; returns the token secret (shown once). */
export async function createToken(
  client: Client,
  opts: { name?: string; scope?: "read" | "write"; expiresAt?: string } = {},
): Promise<string> {
  const res = await client.fetch(`${API}/tokens`, {
    method: "POST",
    json: { name: opts.name ?? `test-${Date.now()}`, scope: opts.scope ?? "write", ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}) },
  });
  const text = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST /tokens: ${res.status}: ${text.slice(0, 2000)}`);
  const body = JSON.parse(text);
  if (typeof body?.token !== "string") throw new Error(`POST /tokens: no token in ${text.slice(0, 500)}`);
  return body.token;
}

/** A client that authenticates with `Authorization: Bearer <token>`. */
export function withToken(panel: Panel, token: string): Client {
  return makeClient(panel, { token });
}

/** A client with no credentials at all (for 401 checks). */
export function anonymous(panel: Panel): Client {
  return makeClient(panel, {});
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Run a `serverkit` subcommand (user, migrate, version, ...) to completion.
 * With `dataDir` (or a panel), `--data-dir` is appended, so `user create`
 * works on the same database as a running panel.
 */
export async function runCli(
  args: string[],
  opts: { dataDir?: string; panel?: Panel; env?: Record<string, string | undefined>; timeoutMs?: number; bin?: string } = {},
): Promise<CliResult> {
  const dataDir = opts.dataDir ?? opts.panel?.dataDir;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("SERVERKIT_")) env[key] = value;
  }
  if (opts.panel) env.SERVERKIT_CONFIG = opts.panel.configPath;
  for (const [key, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const proc = Bun.spawn([opts.bin ?? serverkitBin(), ...args, ...(dataDir ? ["--data-dir", dataDir] : [])], {
    env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs ?? 15_000);
  try {
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ]);
    return { exitCode, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
