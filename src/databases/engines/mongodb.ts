// MongoDB as data: a container-only engine, backed up as a whole with its own tools inside its
// container (mongodump --archive --gzip; mongorestore --archive --gzip --drop). The panel carries
// no MongoDB driver, so the version and the numbers a drill compares are asked through mongosh
// in the container. Untested against a real server (no Debian package, no registry here): the
// command arrays are unit-tested.
// MongoDB's tools take a password only on the command line or in a config file; the argv here
// lives inside the container (visible to its own processes and the host's root only).
import { DomainError } from "../../lib/errors.ts";
import { dbUrl } from "./common.ts";
import type { Conn, ContainerTools, Engine, ToolCommand } from "./types.ts";
import { noDatabases } from "./whole-server.ts";

const WHOLE = "all";

function auth(conn: Conn): string[] {
  return ["--host", conn.host, "--port", String(conn.port), "--username", conn.user, "--password", conn.password, "--authenticationDatabase", "admin"];
}

export const mongoDump = (conn: Conn): ToolCommand => ({ argv: ["mongodump", ...auth(conn), "--archive", "--gzip", "--quiet"], env: {} });
export const mongoRestore = (conn: Conn, dryRun = false): ToolCommand => ({
  argv: ["mongorestore", ...auth(conn), "--archive", "--gzip", "--drop", ...(dryRun ? ["--dryRun"] : []), "--quiet"],
  env: {},
});

/** mongosh evaluating a fixed script (ours, never user text); prints one JSON value. */
export const mongoEval = (conn: Conn, script: string): ToolCommand => ({ argv: ["mongosh", "--quiet", ...auth(conn), "--eval", script], env: {} });

const COUNTS = "JSON.stringify(Object.fromEntries(db.adminCommand({ listDatabases: 1 }).databases.map((d) => [d.name, db.getSiblingDB(d.name).getCollectionNames().length])))";

async function counts(tools: ContainerTools, conn: Conn): Promise<Record<string, number>> {
  const out = (await tools.run(mongoEval(conn, COUNTS))).trim();
  try {
    return JSON.parse(out.split("\n").pop() ?? "{}") as Record<string, number>;
  } catch {
    throw new DomainError("unavailable", "db_error", `mongosh answered something unexpected: ${out.slice(0, 200)}`);
  }
}

export const mongodb: Engine = {
  id: "mongodb",
  label: "MongoDB",
  defaultPort: 27017,
  capabilities: { databases: false, users: false, host: false },
  link: { kind: "url", variable: "MONGODB_URL" },
  partFormat: "mongo-archive",
  container: { templateId: "mongodb", service: "mongo", image: "mongo:8", containerPort: 27017, adminUser: "root", userVar: "ROOT_USER", passwordVar: "ROOT_PASSWORD", portVar: "PORT" },
  systemDatabases: ["admin", "config", "local"],
  systemUsers: [],
  dumpFormat: "sql", // unused: whole-server engines dump through wholeServer
  ...noDatabases("MongoDB"),

  async version() {
    throw new DomainError("unavailable", "db_needs_container", "The panel reaches MongoDB through its container's own tools only.");
  },
  versionInContainer: async (tools, conn) => (await tools.run(mongoEval(conn, "db.version()"))).trim(),

  async listDatabases() {
    return [{ name: WHOLE, sizeBytes: 0, tables: 0 }];
  },

  url: (conn) => `${dbUrl("mongodb", { ...conn, database: "" })}?authSource=admin`,

  wholeServer: {
    name: WHOLE,
    dumpCommand: mongoDump,
    stats: counts,
    async restore(tools, conn, input) {
      await tools.run(mongoRestore(conn), input);
    },
    async drill(tools, conn, input) {
      // A dry run reads and checks the whole archive without writing; what it would restore
      // is not counted (no throwaway mongod here), so the drill compares nothing further.
      await tools.run(mongoRestore(conn, true), input);
      return {};
    },
  },
};
