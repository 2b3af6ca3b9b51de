// Test support: the whole HTTP app in-process on a fresh database, and a tiny client that
// carries cookies and the CSRF token like a browser would.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { wireServices, type WireInput } from "../cli/wire.ts";
import { loadConfig } from "../config/index.ts";
import { schema } from "../db/index.ts";
import { freshDatabase, type DriverName } from "../db/testing.ts";
import { SecretBox } from "../lib/crypto.ts";
import { log } from "../lib/log.ts";
import { createApp } from "./app.ts";

export interface TestClient {
  cookie?: string;
  csrf?: string;
  token?: string;
  request(method: string, path: string, json?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; res: Response }>;
}

export async function createTestApp(driver: DriverName = "bun-sqlite", configYaml = "", wire: Pick<WireInput, "proxyHooks" | "agentExecutable"> = {}) {
  const db = await freshDatabase(driver);
  const configPath = join(db.dir, "config.yaml");
  writeFileSync(configPath, configYaml || "{}\n");
  const config = loadConfig({ dataDir: db.dir, config: configPath }, { SERVERKIT_TEST_JOBS: "1" });
  const box = SecretBox.fromKeyFile(join(db.dir, "secret.key"));
  const quiet = log.child({ test: true });
  const services = await wireServices({ config, db: db.db, box, log: quiet, version: "test", startedAt: Date.now(), appsSettleMs: 500, ...wire });
  const { app, routes } = await createApp(services);

  function client(init: Partial<Pick<TestClient, "cookie" | "csrf" | "token">> = {}): TestClient {
    const c: TestClient = {
      ...init,
      async request(method, path, json, extra = {}) {
        const headers: Record<string, string> = { ...extra };
        if (c.cookie) headers.cookie = c.cookie;
        if (c.csrf && method !== "GET") headers["x-csrf-token"] = c.csrf;
        if (c.token) headers.authorization = `Bearer ${c.token}`;
        if (json !== undefined) headers["content-type"] = "application/json";
        const res = await app.request(path.startsWith("/api") ? path : `/api/v1${path}`, {
          method,
          headers,
          body: json === undefined ? undefined : typeof json === "string" ? json : JSON.stringify(json),
        });
        const setCookie = res.headers.get("set-cookie");
        if (setCookie?.startsWith("sk_session=")) c.cookie = setCookie.split(";")[0];
        const text = await res.text();
        let body: any = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          body = text;
        }
        if (body?.csrfToken) c.csrf = body.csrfToken;
        return { status: res.status, body, res };
      },
    };
    return c;
  }

  /** Creates the owner through /setup and returns a signed-in client. */
  async function owner(username = "owner", password = "owner-password-1") {
    const c = client();
    const r = await c.request("POST", "/setup", { username, password });
    if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`);
    return c;
  }

  /** Creates a user with a role (via the owner) and signs them in. */
  async function userWithRole(ownerClient: TestClient, role: string, username = `${role}1`) {
    const password = `${role}-password-1`;
    const r = await ownerClient.request("POST", "/users", { username, password, role });
    if (r.status !== 201) throw new Error(`create ${role} failed: ${r.status} ${JSON.stringify(r.body)}`);
    const c = client();
    const login = await c.request("POST", "/auth/login", { username, password });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
    return c;
  }

  return {
    app,
    routes,
    services,
    db,
    client,
    owner,
    userWithRole,
    close: async () => {
      services.tls.stop();
      services.backups.stop();
      services.sync.stop();
      await services.metrics.stop();
      services.alerts.stop();
      services.notify.stop();
      services.agents.close();
      services.containers.close();
      await services.jobs.stop();
      await db.close();
    },
  };
}

/** Polls a job until it leaves queued/running; returns it as the API shows it. */
export async function waitJob(client: TestClient, id: string, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const job = (await client.request("GET", `/jobs/${id}`)).body.job;
    if (!["queued", "running"].includes(job.status)) return job;
    if (Date.now() > end) throw new Error(`job ${id} still ${job.status}`);
    await Bun.sleep(100);
  }
}

/** The docker CLI, for tests that look at containers the way a user would. */
export async function docker(args: string[]): Promise<string> {
  const p = Bun.spawn(["docker", ...args], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`docker ${args.join(" ")}: ${err.trim()}`);
  return out;
}

/** An app row holding one host port, without Docker: for proxy tests whose upstream is a stand-in server. */
export async function insertApp(t: { db: { db: Awaited<ReturnType<typeof freshDatabase>>["db"] } }, name: string, port: number): Promise<number> {
  const now = Date.now();
  const [row] = await t.db.db
    .insert(schema.apps)
    .values({ serverId: "local", name, source: "compose", compose: "services: {}", envEnc: "", status: "running", createdAt: now, updatedAt: now })
    .returning();
  await t.db.db.insert(schema.appPorts).values({ serverId: "local", port, appId: row!.id });
  return row!.id;
}
