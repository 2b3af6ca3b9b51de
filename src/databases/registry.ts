// Database servers the panel administers: registered by hand (host, port, admin account; the
// connection is tested before anything is stored) or found on this host (Debian packages).
import { conflict, invalid, notFound } from "../lib/errors.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { discoverHostEngines } from "./discover.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import type { DatabaseServerRow, DatabasesRepo } from "./repo.ts";

export interface RegisterInput {
  engine: EngineId;
  name: string;
  host: string;
  port?: number;
  adminUser: string;
  adminPassword: string;
  /** How apps' containers reach it; default host.docker.internal (the host's gateway). */
  appHost?: string;
  appPort?: number;
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
// Hostnames or IPv4/IPv6 literals: these go into URLs and .env files. "_" too: Compose v1
// names containers <project>_<service>_1, and Docker's DNS answers for those names.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?|\[?[0-9A-Fa-f:.]+\]?)$/;

export class DatabaseServers {
  constructor(
    private readonly repo: DatabasesRepo,
    private readonly box: SecretBox,
  ) {}

  async get(id: number): Promise<DatabaseServerRow> {
    const row = await this.repo.server(id);
    if (!row) throw notFound("database_server_not_found", "No such database server.");
    return row;
  }

  /** Admin connection to a registered server, password opened. */
  conn(row: DatabaseServerRow, database?: string): Conn {
    return { host: row.host, port: row.port, user: row.adminUser, password: this.box.decrypt(row.adminPasswordEnc), database };
  }

  /** `probe` asks the version another way (a container's own tools) where the panel has no client. */
  async register(input: RegisterInput, kind: "host" | "container" = "host", appId: number | null = null, probe?: () => Promise<string>): Promise<DatabaseServerRow> {
    if (!NAME.test(input.name)) throw invalid("invalid_name", "A database server name is lowercase letters, digits and hyphens (up to 40).");
    for (const [label, h] of [["host", input.host], ["appHost", input.appHost ?? "host.docker.internal"]] as const) {
      if (!HOST.test(h)) throw invalid("invalid_host", `${label} must be a hostname or an IP address.`);
    }
    const engine = engineOf(input.engine);
    const port = input.port ?? engine.defaultPort;
    const conn = { host: input.host, port, user: input.adminUser, password: input.adminPassword };
    if (kind === "host" && !engine.capabilities.host) throw invalid("engine_container_only", `${engine.label} runs as a container here; add it with "Run in a container".`);
    const version = await (probe ? probe() : engine.version(conn)); // refuses wrong credentials or an unreachable server before storing anything
    if ((await this.repo.servers()).some((s) => s.serverId === "local" && s.name === input.name)) {
      throw conflict("database_server_exists", `A database server named "${input.name}" is already registered.`);
    }
    return this.repo.insertServer({
      serverId: "local",
      engine: input.engine,
      kind,
      name: input.name,
      host: input.host,
      port,
      adminUser: input.adminUser,
      adminPasswordEnc: this.box.encrypt(input.adminPassword),
      appHost: input.appHost ?? "host.docker.internal",
      appPort: input.appPort ?? port,
      appId,
      version,
      createdAt: Date.now(),
    });
  }

  /** Finds MariaDB/PostgreSQL installed on this host and registers the ones not yet known. */
  async discover(): Promise<DatabaseServerRow[]> {
    const found = await discoverHostEngines();
    const known = await this.repo.servers();
    const added: DatabaseServerRow[] = [];
    for (const f of found) {
      const existing = known.find((k) => k.engine === f.engine && k.host === f.conn.host && k.port === f.conn.port);
      if (existing) {
        // The admin password was just reset by discovery: keep the stored one in step.
        await this.repo.updateServer(existing.id, { adminUser: f.conn.user, adminPasswordEnc: this.box.encrypt(f.conn.password), version: f.version });
        continue;
      }
      const name = known.some((k) => k.name === `${f.engine}-host`) ? `${f.engine}-host-${f.conn.port}` : `${f.engine}-host`;
      added.push(await this.register({ engine: f.engine, name, host: f.conn.host, port: f.conn.port, adminUser: f.conn.user, adminPassword: f.conn.password }));
    }
    return added;
  }

  async remove(id: number, linked: number): Promise<DatabaseServerRow> {
    const row = await this.get(id);
    if (linked > 0) throw conflict("database_server_in_use", `${linked} app link(s) use databases on "${row.name}"; unlink them first.`);
    await this.repo.deleteServer(id);
    return row;
  }
}
