// Private URLs: `/p/<token>/` on the default vhost, proxied to an app without a domain. The
// token is the secret (256 random bits); basic auth is optional on top. Every change renders
// the whole default server again and applies it like any vhost (nginx -t, restore on failure).
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import type { VhostFiles } from "./apply.ts";
import { Mutex } from "./nginx.ts";
import { DEFAULT_FILE, renderDefault } from "./render-default.ts";
import type { PrivateUrlRow, PrivateUrlsRepo } from "./repo.ts";
import type { AppSummary } from "./service.ts";

export const basicAuthSchema = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, '.', '_' and '-' (no ':' or spaces)"),
    password: z.string().min(8).max(128).regex(/^[^\r\n\u0000]*$/, "no line breaks"),
  })
  .strict();

export interface PrivateUrlInput {
  appId: number;
  port?: number;
  basicAuth?: z.infer<typeof basicAuthSchema>;
}

export interface PublicPrivateUrl {
  id: number;
  appId: number;
  token: string;
  path: string;
  /** http://<server address>[:port]/p/<token>/ when the server's address is known. */
  url: string | null;
  port: number;
  basicAuthUser: string | null;
  createdAt: string;
}

export interface PrivateUrlsDeps {
  repo: PrivateUrlsRepo;
  files: VhostFiles;
  app(id: number): Promise<AppSummary>;
  address(serverId: string): Promise<string | null>;
  settings: { httpPort: number; logDir: string; acmeWebroot: string; authDir: string };
}

/** SHA-512 crypt ($6$), which nginx checks through the system's crypt(); made by openssl, not by us. */
async function cryptHash(password: string): Promise<string> {
  const proc = Bun.spawn(["openssl", "passwd", "-6", "-stdin"], { stdin: new Blob([`${password}\n`]), stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0 || !out.startsWith("$6$")) throw new Error(`openssl passwd failed: ${err.trim() || code}`);
  return out.trim();
}

export class PrivateUrls {
  private readonly mutex = new Mutex();

  constructor(private readonly d: PrivateUrlsDeps) {}

  private authFile = (id: number) => join(this.d.settings.authDir, `private-${id}.htpasswd`);

  async toPublic(row: PrivateUrlRow): Promise<PublicPrivateUrl> {
    const path = `/p/${row.token}/`;
    const address = await this.d.address(row.serverId).catch(() => null);
    const host = address ? (address.includes(":") ? `[${address}]` : address) : null;
    const port = this.d.settings.httpPort === 80 ? "" : `:${this.d.settings.httpPort}`;
    return {
      id: row.id,
      appId: row.appId,
      token: row.token,
      path,
      url: host ? `http://${host}${port}${path}` : null,
      port: row.port,
      basicAuthUser: row.basicAuthUser,
      createdAt: iso(row.createdAt)!,
    };
  }

  list = (appId?: number) => this.d.repo.list(appId);

  create(input: PrivateUrlInput): Promise<PrivateUrlRow> {
    return this.mutex.run(async () => {
      const app = await this.d.app(input.appId);
      if (app.serverId !== "local") throw invalid("remote_proxy_unsupported", "Private URLs are only supported on the local server for now.");
      const port = input.port ?? app.hostPorts[0];
      if (port === undefined) throw invalid("no_upstream_port", `"${app.name}" publishes no port; give the port to proxy to.`);
      const auth = input.basicAuth ? basicAuthSchema.parse(input.basicAuth) : undefined;
      const row = await this.d.repo.insert({
        serverId: app.serverId,
        appId: app.id,
        token: randomBytes(32).toString("base64url"),
        port,
        basicAuthUser: auth?.username ?? null,
        basicAuthHash: auth ? await cryptHash(auth.password) : null,
        createdAt: Date.now(),
      });
      try {
        if (auth) this.writeAuth(row);
        await this.applyFor(app.serverId);
      } catch (err) {
        await this.d.repo.delete(row.id);
        rmSync(this.authFile(row.id), { force: true });
        throw err;
      }
      return row;
    });
  }

  revoke(id: number): Promise<PrivateUrlRow> {
    return this.mutex.run(async () => {
      const row = await this.d.repo.get(id);
      if (!row) throw notFound("private_url_not_found", "No such private URL.");
      await this.d.repo.delete(id);
      try {
        await this.applyFor(row.serverId);
      } catch (err) {
        // nginx refused the config without it: keep the URL rather than pretend it is gone.
        await this.d.repo.insert(row);
        throw err;
      }
      rmSync(this.authFile(id), { force: true });
      return row;
    });
  }

  async removeForApp(appId: number): Promise<void> {
    for (const row of await this.d.repo.list(appId)) await this.revoke(row.id);
  }

  private writeAuth(row: PrivateUrlRow): void {
    mkdirSync(this.d.settings.authDir, { recursive: true, mode: 0o755 });
    // nginx workers read it at request time; it holds a salted hash, not the password.
    writeFileSync(this.authFile(row.id), `${row.basicAuthUser}:${row.basicAuthHash}\n`, { mode: 0o644 });
  }

  private async applyFor(serverId: string): Promise<void> {
    const rows = await this.d.repo.onServer(serverId);
    if (rows.length === 0) return this.d.files.apply(DEFAULT_FILE, null);
    const s = this.d.settings;
    const locations = await Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        token: r.token,
        port: r.port,
        appName: (await this.d.app(r.appId).catch(() => ({ name: "?" }))).name,
        authFile: r.basicAuthUser ? this.authFile(r.id) : null,
      })),
    );
    await this.d.files.apply(DEFAULT_FILE, renderDefault({ listen: s.httpPort, logDir: s.logDir, acmeWebroot: s.acmeWebroot, locations }));
  }
}
