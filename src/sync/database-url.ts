// mysql://USER:PASS@HOST:PORT/DB and postgres://... into an engine and a connection, for
// `serverkit db search-replace`. Percent-encoded user, password and database are decoded.
import { invalid } from "../lib/errors.ts";
import type { DbTarget } from "./search-replace.ts";

const SCHEMES: Record<string, { engine: DbTarget["engine"]; port: number }> = {
  "mysql:": { engine: "mariadb", port: 3306 },
  "mariadb:": { engine: "mariadb", port: 3306 },
  "postgres:": { engine: "postgres", port: 5432 },
  "postgresql:": { engine: "postgres", port: 5432 },
};

export function parseDatabaseUrl(text: string): DbTarget {
  const bad = (why: string) => invalid("invalid_database_url", `Invalid database URL: ${why}. Expected mysql://USER:PASS@HOST:PORT/DB or postgres://USER:PASS@HOST:PORT/DB.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad("it does not parse");
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) throw bad(`unknown scheme "${url.protocol}"`);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database || database.includes("/")) throw bad("no database name after the host");
  if (!url.hostname) throw bad("no host");
  if (!url.username) throw bad("no user");
  const port = url.port ? Number(url.port) : scheme.port;
  return {
    engine: scheme.engine,
    conn: {
      host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port,
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database,
    },
  };
}
