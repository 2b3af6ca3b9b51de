// What the panel needs to know about a database engine, as data plus a handful of
// operations. One generic service and one routes file serve every engine through this
// shape; adding an engine means adding one file beside mariadb.ts and postgres.ts.
export type EngineId = "mariadb" | "postgres";

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

export interface Engine {
  id: EngineId;
  label: string;
  defaultPort: number;
  /** For database servers run as containers (apps from templates/<templateId>.yaml). */
  container: {
    templateId: string;
    image: string;
    containerPort: number;
    /** The template's superuser (its default, when `userVar` lets the template choose it). */
    adminUser: string;
    /** Template variables: the superuser's name (postgres only), its password, the host port. */
    userVar?: string;
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
  listDatabases(conn: Conn): Promise<DbInfo[]>;
  /** Login accounts, excluding system accounts and the admin account `conn` itself. */
  listUsers(conn: Conn): Promise<string[]>;
  createDatabase(conn: Conn, name: string): Promise<void>;
  dropDatabase(conn: Conn, name: string): Promise<void>;
  createUser(conn: Conn, user: string, password: string): Promise<void>;
  dropUser(conn: Conn, user: string): Promise<void>;
  grantAll(conn: Conn, database: string, user: string): Promise<void>;
  url(conn: Conn & { database: string }): string;

  /** The engine's dump tool: writes the dump of `database` to stdout. */
  dumpCommand(conn: Conn, database: string, excludeTables: string[]): ToolCommand;
  /** The engine's restore tool for `format` (after any gunzip): reads stdin into `database`. May ask the server who owns it. */
  restoreCommand(conn: Conn, database: string, format: "sql" | "pg-custom"): Promise<ToolCommand>;
}
