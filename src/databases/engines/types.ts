// What the panel needs to know about a database engine, as data plus a handful of
// operations. One generic service and one routes file serve every engine through this
// shape; adding an engine means adding one file beside mariadb.ts and postgres.ts.
export type EngineId = "mariadb" | "mysql" | "postgres" | "redis" | "mongodb";

export interface Conn {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
}

export interface DbInfo {
  name: string;
  sizeBytes: number;
  tables: number;
}

/** A child process to run: argv (never a shell string) and extra environment (passwords go here, never in argv). */
export interface ToolCommand {
  argv: string[];
  env: Record<string, string>;
  /** Written to the tool's stdin before the input (e.g. PostgreSQL's SET ROLE). */
  stdinPrefix?: string;
}

export type RestoreFormat = "sql" | "sql.gz" | "pg-custom";

/** What a backup part of this engine is stored as (backups' manifest format). */
export type PartFormat = "sql.zst" | "pg-custom" | "redis-rdb" | "mongo-archive";

/** What the engine offers; the UI and the service ask these, never the engine's id. */
export interface Capabilities {
  /** Named databases the panel lists, creates, drops, imports and exports. */
  databases: boolean;
  /** Login users with generated passwords and grants. */
  users: boolean;
  /** Runs installed on a host (registered by address, found by discovery); false: containers only. */
  host: boolean;
}

/** What linking a database into an app puts in its environment. */
export type LinkEnv =
  /** <PREFIX>_HOST/_PORT/_NAME/_USER/_PASSWORD and DATABASE_URL, with a user of the app's own. */
  | { kind: "credentials" }
  /** One URL with the server's admin credentials (engines without users), e.g. REDIS_URL. */
  | { kind: "url"; variable: string };

/** Runs the engine's tools inside its container (databases/container-exec.ts provides it). */
export interface ContainerTools {
  /** Runs to completion, feeding `input` to stdin; returns stdout. Non-zero exit throws with stderr. */
  run(cmd: ToolCommand, input?: ReadableStream<Uint8Array>): Promise<string>;
  /** Streams stdout; `done` rejects when the tool failed. */
  out(cmd: ToolCommand): { stream: ReadableStream<Uint8Array>; done: Promise<void> };
}

/** Engines backed up as a whole server (no databases to pick): dump, restore and drill in the container. */
export interface WholeServer {
  /** The one name plans and backup parts use for "everything on this server". */
  name: string;
  /** Writes the whole server's backup to stdout, inside the container. */
  dumpCommand(conn: Conn): ToolCommand;
  /** Facts recorded with the backup, that a drill compares against (e.g. keys per database). */
  stats(tools: ContainerTools, conn: Conn): Promise<Record<string, number>>;
  /** Replaces the server's data with the backup, in place. */
  restore(tools: ContainerTools, conn: Conn, input: ReadableStream<Uint8Array>): Promise<void>;
  /** Loads the backup into a throwaway instance beside the server and returns its stats. */
  drill(tools: ContainerTools, conn: Conn, input: ReadableStream<Uint8Array>): Promise<Record<string, number>>;
}

export interface Engine {
  id: EngineId;
  label: string;
  defaultPort: number;
  capabilities: Capabilities;
  link: LinkEnv;
  /** Backup part format of a database (or, for whole-server engines, of the server). */
  partFormat: PartFormat;
  /** Set for engines backed up as a whole (Redis, MongoDB). */
  wholeServer?: WholeServer;
  /** For database servers run as containers (apps from templates/<templateId>.yaml). */
  container: {
    templateId: string;
    /** The compose service that runs the server in the template. */
    service: string;
    image: string;
    containerPort: number;
    /** The template's superuser (its default, when `userVar` lets the template choose it). */
    adminUser: string;
    /** Template variables: the superuser's name (postgres, mongodb), its password, the host port. */
    userVar?: string;
    /** Fixed values for other template variables (e.g. a database the template insists on). */
    fixed?: Record<string, string>;
    passwordVar: string;
    portVar: string;
  };
  /** Names of databases the engine keeps for itself (never listed, never dropped). */
  systemDatabases: string[];
  /** Accounts the engine keeps for itself (never listed, never created or dropped through the panel). */
  systemUsers: string[];
  /** The dump's file extension, e.g. for backups: "sql" (plain SQL) or "dump" (pg custom format). */
  dumpFormat: Exclude<RestoreFormat, "sql.gz">;

  version(conn: Conn): Promise<string>;
  /** For engines the panel has no client library for (MongoDB): the version asked inside the container. */
  versionInContainer?(tools: ContainerTools, conn: Conn): Promise<string>;
  listDatabases(conn: Conn): Promise<DbInfo[]>;
  /** Login accounts, excluding system accounts and the admin account `conn` itself. */
  listUsers(conn: Conn): Promise<string[]>;
  createDatabase(conn: Conn, name: string): Promise<void>;
  dropDatabase(conn: Conn, name: string): Promise<void>;
  createUser(conn: Conn, user: string, password: string): Promise<void>;
  dropUser(conn: Conn, user: string): Promise<void>;
  grantAll(conn: Conn, database: string, user: string): Promise<void>;
  url(conn: Conn & { database: string }): string;

  /** The engine's dump tool: writes the dump of `database` to stdout; `schemaOnlyTables` keep their definition, not their rows. */
  dumpCommand(conn: Conn, database: string, excludeTables: string[], schemaOnlyTables?: string[]): ToolCommand;
  /**
   * The engine's restore tool for `format` (after any gunzip): reads stdin into `database`. May
   * ask the server (through `conn`) who owns it; `inside` is how the tool connects when it runs
   * in the server's container.
   */
  restoreCommand(conn: Conn, database: string, format: "sql" | "pg-custom", inside?: Conn): Promise<ToolCommand>;
}
