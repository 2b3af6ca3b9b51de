// Which database an app's data lives in, and how the panel reaches it as admin: a database
// linked to the app (the databases domain knows its server), or else a database server in
// the app's own compose file (the WordPress template's `db`), reached at its container's
// address with the root credentials that service is given.
import type { Target } from "../docker/index.ts";
import type { ContainerRef } from "../databases/container-exec.ts";
import type { Conn, EngineId } from "../databases/engines/types.ts";
import { parseCompose } from "../apps/compose-model.ts";
import { DomainError, invalid } from "../lib/errors.ts";

export interface AppDatabase {
  kind: "linked" | "embedded";
  engine: EngineId;
  dialect: "mariadb" | "postgres";
  /** Admin connection (no database selected). */
  conn: Conn;
  database: string;
  databaseServerId: number | null;
  /** Where the engine's own tools run (container servers and embedded databases). */
  container?: ContainerRef;
  /** For people: "wordpress on main-mariadb", "wordpress (db service of wp-prod)". */
  label: string;
}

/** What resolving needs; the apps and databases facades (and the servers' targets) fit it as they are. */
export interface AppDatabaseDeps {
  apps: {
    summary(id: number): Promise<{ name: string; serverId: string }>;
    compose(id: number): Promise<string>;
    env(id: number): Promise<{ key: string; value: string }[]>;
  };
  databases: {
    sources: {
      forApp(appId: number): Promise<{ engine: EngineId; conn: Conn; database: string; databaseServerId: number; container?: ContainerRef }[]>;
    };
    servers: { get(id: number): Promise<{ name: string }> };
  };
  target(serverId: string): Promise<Target>;
}

const DIALECT: Partial<Record<EngineId, AppDatabase["dialect"]>> = { mariadb: "mariadb", mysql: "mariadb", postgres: "postgres" };

export async function resolveAppDatabase(deps: AppDatabaseDeps, appId: number): Promise<AppDatabase> {
  for (const s of await deps.databases.sources.forApp(appId)) {
    const dialect = DIALECT[s.engine];
    if (!dialect) continue; // Redis, MongoDB: nothing a sync copies
    const server = await deps.databases.servers.get(s.databaseServerId);
    return {
      kind: "linked",
      engine: s.engine,
      dialect,
      conn: { ...s.conn, database: undefined },
      database: s.database,
      databaseServerId: s.databaseServerId,
      ...(s.container && { container: s.container }),
      label: `${s.database} on ${server.name}`,
    };
  }
  const app = await deps.apps.summary(appId);
  const env = Object.fromEntries((await deps.apps.env(appId)).map((e) => [e.key, e.value]));
  const found = embeddedService(await deps.apps.compose(appId), env);
  if (!found) {
    throw invalid("sync_no_database", `${app.name} has no linked database and no MariaDB, MySQL or PostgreSQL service in its compose file.`);
  }
  if (app.serverId !== "local") {
    throw new DomainError("unavailable", "sync_embedded_remote", `The database of ${app.name} runs inside the app on another server; the panel reaches such databases on its own server only.`);
  }
  const target = await deps.target(app.serverId);
  const container = (await target.call("compose.ps", { app: app.name })).find((c) => c.service === found.service && c.state === "running");
  if (!container) {
    throw new DomainError("unavailable", "database_container_down", `The ${found.service} container of ${app.name} is not running; start the app first.`);
  }
  const { details } = await target.call("containers.inspect", { id: container.id });
  const network = details.networks.find((n) => n.name === `${app.name}_default` && n.ipAddress) ?? details.networks.find((n) => n.ipAddress);
  if (!network) throw new DomainError("unavailable", "database_container_down", `The ${found.service} container of ${app.name} has no network address.`);
  return {
    kind: "embedded",
    engine: found.engine,
    dialect: DIALECT[found.engine]!,
    conn: { host: network.ipAddress, port: found.port, user: found.user, password: found.password },
    database: found.database,
    databaseServerId: null,
    container: { target, container: container.id },
    label: `${found.database} (${found.service} service of ${app.name})`,
  };
}

export interface EmbeddedService {
  service: string;
  engine: EngineId;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** mariadb, mysql or postgres, whatever the registry, namespace, tag or digest. */
export function imageEngine(image: string): EngineId | undefined {
  const name = image.split("@")[0]!.split("/").pop()!.split(":")[0]!;
  return name === "mariadb" ? "mariadb" : name === "mysql" ? "mysql" : name === "postgres" ? "postgres" : undefined;
}

/** The first database service of a compose file and its admin credentials, `${VAR}`s read from the app's env. */
export function embeddedService(composeText: string, env: Record<string, string>): EmbeddedService | undefined {
  const compose = parseCompose(composeText);
  for (const [service, svc] of Object.entries(compose.services)) {
    const engine = typeof svc.image === "string" ? imageEngine(interpolate(svc.image, env)) : undefined;
    if (!engine) continue;
    const vars = serviceEnv(svc.environment, env);
    if (engine === "postgres") {
      const user = vars.POSTGRES_USER || "postgres";
      if (!vars.POSTGRES_PASSWORD) continue;
      return { service, engine, port: 5432, user, password: vars.POSTGRES_PASSWORD, database: vars.POSTGRES_DB || user };
    }
    const rootPassword = vars.MARIADB_ROOT_PASSWORD || vars.MYSQL_ROOT_PASSWORD;
    const database = vars.MARIADB_DATABASE || vars.MYSQL_DATABASE;
    if (!rootPassword || !database) continue;
    return { service, engine, port: 3306, user: "root", password: rootPassword, database };
  }
  return undefined;
}

/** A service's `environment:` (mapping or KEY=value list), interpolated. */
function serviceEnv(raw: unknown, env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const entry of raw) {
      const s = String(entry);
      const eq = s.indexOf("=");
      if (eq > 0) out[s.slice(0, eq)] = interpolate(s.slice(eq + 1), env);
      else if (env[s] !== undefined) out[s] = env[s]!; // a bare KEY passes the value through
    }
  } else if (raw && typeof raw === "object") {
    for (const [k, v] of Object.entries(raw)) if (v !== null && v !== undefined) out[k] = interpolate(String(v), env);
  }
  return out;
}

/** Compose's interpolation: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` (and `?` forms: no default). */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$(?:\$|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?+])([^}]*))?\})/g, (m, bare?: string, name?: string, colon?: string, op?: string, arg?: string) => {
    if (m === "$$") return "$";
    const key = (bare ?? name)!;
    const v = env[key];
    const unset = v === undefined || (colon === ":" && v === "");
    if (op === "-") return unset ? (arg ?? "") : v!;
    if (op === "+") return unset ? "" : (arg ?? "");
    return v ?? "";
  });
}
