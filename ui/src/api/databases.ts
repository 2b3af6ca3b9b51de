/** Database servers (MariaDB/PostgreSQL), their databases and users, and app links (src/http/routes/databases.ts). */
import { http } from "./client";
import type { Job } from "./types";
import type { AppId } from "./types-apps";

const enc = (id: string | number) => encodeURIComponent(id);

export type DbEngine = "mariadb" | "mysql" | "postgres" | "redis" | "mongodb";

/** What an engine offers (GET /database-engines); the UI shows only what applies. */
export interface DbEngineInfo {
  id: DbEngine;
  label: string;
  defaultPort: number;
  capabilities: { databases: boolean; users: boolean; host: boolean };
  link: { kind: "credentials" } | { kind: "url"; variable: string };
  /** Engines backed up as a whole: the one name their plans use. */
  wholeServer: { name: string } | null;
  image: string;
}

export interface DatabaseServer {
  id: number;
  serverId: string;
  engine: DbEngine;
  /** "host": installed on the machine; "container": runs as an app. */
  kind: "host" | "container";
  name: string;
  host: string;
  port: number;
  adminUser: string;
  /** How app containers reach the server. */
  appHost: string;
  appPort: number;
  appId: number | null;
  version: string | null;
  createdAt: string;
}

export interface NewDatabaseServer {
  engine: DbEngine;
  name: string;
  host: string;
  port?: number;
  adminUser: string;
  adminPassword: string;
  appHost?: string;
  appPort?: number;
}

export interface DatabaseInfo {
  name: string;
  sizeBytes: number;
  tables: number;
  /** Created or adopted by the panel (has an id); otherwise just found on the server. */
  managed: boolean;
  id: number | null;
  /** App ids whose links use this database. */
  linkedApps: number[];
}

export interface DatabaseUser {
  id: number;
  databaseServerId: number;
  username: string;
  grants: string[];
  createdAt: string;
}

export interface DatabaseCredentials {
  username: string;
  password: string;
  host: string;
  port: number;
  appHost: string;
  appPort: number;
  database: string | null;
  url: string | null;
}

export interface AppDatabaseLink {
  id: number;
  appId: number;
  prefix: string;
  envKeys: string[];
  database: string;
  databaseId: number;
  userId: number;
  username: string;
  databaseServer: { id: number; name: string; engine: DbEngine } | null;
  createdAt: string;
}

export interface NewAppDatabaseLink {
  databaseServerId: number;
  database?: string;
  prefix?: string;
}

/** Result of a finished `databases.drop` job. */
export interface DropResult {
  dropped: string;
  safetyDump: string;
}

export const databasesApi = {
  servers: () => http.get<{ items: DatabaseServer[] }>("/database-servers"),
  server: (id: number) => http.get<{ databaseServer: DatabaseServer }>(`/database-servers/${enc(id)}`),
  register: (body: NewDatabaseServer) => http.post<{ databaseServer: DatabaseServer }>("/database-servers", body),
  /** Registers MariaDB/PostgreSQL found on this host; returns only the newly registered ones. */
  discover: () => http.post<{ items: DatabaseServer[] }>("/database-servers/discover"),
  engines: () => http.get<{ items: DbEngineInfo[] }>("/database-engines"),
  /** Deploys the engine's template as an app and registers it once it answers (a job). */
  runContainer: (body: { engine: DbEngine; name: string }) => http.post<{ job: Job }>("/database-servers/containers", body),
  /** Forgets a container server and removes its app with its data (a job). */
  removeContainer: (id: number, confirm: string) =>
    http.post<{ databaseServer: DatabaseServer & { removeJob: Job | null } }>(`/database-servers/${enc(id)}/remove-container`, { confirm }),
  /** Forget the server (nothing on it is dropped). */
  forget: (id: number) => http.del<{ databaseServer: DatabaseServer }>(`/database-servers/${enc(id)}`),

  list: (serverId: number) => http.get<{ items: DatabaseInfo[] }>(`/database-servers/${enc(serverId)}/databases`),
  create: (serverId: number, name: string) =>
    http.post<{ database: { id: number; name: string } }>(`/database-servers/${enc(serverId)}/databases`, { name }),
  /** Safety dump, then drop: a `databases.drop` job whose result is a DropResult. */
  drop: (serverId: number, name: string) =>
    http.del<{ job: Job }>(`/database-servers/${enc(serverId)}/databases/${enc(name)}`, { body: { confirm: name } }),

  users: (serverId: number) => http.get<{ items: DatabaseUser[] }>(`/database-servers/${enc(serverId)}/users`),
  createUser: (serverId: number, body: { username: string; database?: string }) =>
    http.post<{ user: DatabaseUser }>(`/database-servers/${enc(serverId)}/users`, body),
  dropUser: (id: number) => http.del<{ user: DatabaseUser }>(`/database-users/${enc(id)}`),
  /** Reveals the password (audit-logged). */
  credentials: (id: number) => http.post<{ credentials: DatabaseCredentials }>(`/database-users/${enc(id)}/credentials`),

  links: (app: AppId) => http.get<{ items: AppDatabaseLink[] }>(`/apps/${enc(app)}/databases`),
  link: (app: AppId, body: NewAppDatabaseLink) =>
    http.post<{ link: { id: number; prefix: string }; job: Job }>(`/apps/${enc(app)}/databases`, body),
  unlink: (app: AppId, linkId: number) => http.del<{ job: Job }>(`/apps/${enc(app)}/databases/${enc(linkId)}`),
};
