// Where an app's database is: read from compose files (pure), then against a real Docker engine
// and real servers: a PostgreSQL service inside the app (the test image under the official
// image's name) is reached at its container's address with the service's own credentials; a
// stopped one is said to be down; a database linked to the app wins over it.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { withClient } from "../databases/engines/client.ts";
import { postgresTestImage } from "../databases/container-testing.ts";
import { sharedMariaDb, type TestMariaDb } from "../databases/testing.ts";
import { DomainError } from "../lib/errors.ts";
import { createTestApp, docker, waitJob, type TestClient } from "../http/testing.ts";
import { embeddedService, imageEngine, interpolate, resolveAppDatabase, type AppDatabase, type AppDatabaseDeps } from "./app-database.ts";

const WORDPRESS = `
services:
  wordpress:
    image: wordpress:6-apache
    environment:
      WORDPRESS_DB_HOST: db:3306
      WORDPRESS_DB_PASSWORD: \${DB_PASSWORD}
  db:
    image: mariadb:11
    environment:
      MARIADB_DATABASE: wordpress
      MARIADB_USER: wordpress
      MARIADB_PASSWORD: \${DB_PASSWORD}
      MARIADB_ROOT_PASSWORD: \${DB_ROOT_PASSWORD}
`;

describe("reading the database service out of a compose file", () => {
  test("the WordPress template's db: root with the password from the app's env", () => {
    expect(embeddedService(WORDPRESS, { DB_PASSWORD: "user-pw", DB_ROOT_PASSWORD: "r00t$pw" })).toEqual({ service: "db", engine: "mariadb", port: 3306, user: "root", password: "r00t$pw", database: "wordpress" });
  });

  test("MySQL with a KEY=value list; PostgreSQL with its defaults; registries, tags and digests", () => {
    const mysql = `services:\n  app: {image: "nginx:1"}\n  sql:\n    image: registry.example.com:5000/library/mysql:8.4@sha256:${"a".repeat(64)}\n    environment:\n      - MYSQL_ROOT_PASSWORD=\${ROOT:-fallback}\n      - MYSQL_DATABASE=shop\n`;
    expect(embeddedService(mysql, {})).toEqual({ service: "sql", engine: "mysql", port: 3306, user: "root", password: "fallback", database: "shop" });
    const pg = `services:\n  pg:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: $PGPW\n`;
    expect(embeddedService(pg, { PGPW: "x" })).toEqual({ service: "pg", engine: "postgres", port: 5432, user: "postgres", password: "x", database: "postgres" });
  });

  test("services without usable credentials, or no database image at all, give nothing", () => {
    expect(embeddedService(`services:\n  db:\n    image: mariadb:11\n    environment: {MARIADB_RANDOM_ROOT_PASSWORD: "1", MARIADB_DATABASE: x}\n`, {})).toBeUndefined();
    expect(embeddedService(WORDPRESS, {})).toBeUndefined(); // the root password variable is unset
    expect(embeddedService(`services:\n  web: {image: "bitnami/postgresql-repmgr:16"}\n  cache: {image: "redis:7"}\n`, {})).toBeUndefined();
  });

  test("image names and compose interpolation", () => {
    expect(["mariadb", "docker.io/library/mariadb:11.4", "mysql:8", "postgres:17-alpine", "ghcr.io/x/postgres@sha256:00", "mariadb-backup", "postgrest/postgrest", "bitnami/mysql"].map(imageEngine)).toEqual(["mariadb", "mariadb", "mysql", "postgres", "postgres", undefined, undefined, "mysql"]);
    const env = { A: "1", E: "" };
    expect(interpolate("$A ${A} ${B:-d} ${E:-d} ${E-d} ${A:+set} ${B+set} $$A ${B}", env)).toBe("1 1 d d  set  $A ");
  });
});

describe("resolveAppDatabase with real containers", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestClient;
  let maria: TestMariaDb;
  let deps: AppDatabaseDeps;
  const APP = `h1-appdb-${process.pid}`;
  const BARE = `h1-bare-${process.pid}`;
  const apps: number[] = [];
  let appId = 0;

  const COMPOSE = `services:
  db:
    image: postgres:17-alpine
    environment:
      POSTGRES_USER: \${PG_USER:-sk_admin}
      POSTGRES_PASSWORD: \${PG_PASSWORD}
      POSTGRES_DB: shop
    volumes: ["pgdata:/var/lib/postgresql/data"]
    stop_grace_period: 2s
  web:
    image: local/busybox:test
    command: ["sh", "-c", "while true; do sleep 1; done"]
    stop_grace_period: 1s
volumes:
  pgdata: {}
`;

  const create = async (name: string, compose: string, env: Record<string, string>) => {
    const { app, job } = await t.services.apps.create(undefined, { server: "local", name, compose, env });
    apps.push(app.id);
    expect(await waitJob(owner, job.id, 180_000)).toMatchObject({ status: "succeeded" });
    return app.id;
  };
  /** Runs `fn` on the database as the resolved admin, retrying while the server is still starting. */
  const query = async <T>(d: AppDatabase, q: string, ms = 90_000): Promise<T[]> => {
    const end = Date.now() + ms;
    for (;;) {
      try {
        return await withClient(d.dialect, { ...d.conn, database: d.database }, () => undefined, (sql) => sql.unsafe(q));
      } catch (err) {
        if (Date.now() > end) throw err;
        await Bun.sleep(500);
      }
    }
  };

  beforeAll(async () => {
    await postgresTestImage();
    maria = await sharedMariaDb();
    t = await createTestApp("bun-sqlite", "ports:\n  min: 19360\n  max: 19369\n");
    owner = await t.owner();
    deps = { apps: t.services.apps, databases: t.services.databases, target: (id) => t.services.servers.target(id) };
  }, 240_000);

  afterAll(async () => {
    for (const name of [APP, BARE]) {
      const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${name}`]).catch(() => "")).split("\n").filter(Boolean);
      if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
      await docker(["volume", "rm", `${name}_pgdata`]).catch(() => undefined);
      await docker(["network", "rm", `${name}_default`]).catch(() => undefined);
    }
    await t?.close();
    await maria?.stop();
  }, 120_000);

  test("a PostgreSQL service of the app: its container's address, the service's superuser and database", async () => {
    appId = await create(APP, COMPOSE, { PG_PASSWORD: "pg-Secret-1" });
    const d = await resolveAppDatabase(deps, appId);
    const containerId = (await docker(["ps", "-q", "--no-trunc", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=db"])).trim();
    const ip = (await docker(["inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", containerId])).trim().split(" ");
    expect(d).toMatchObject({ kind: "embedded", engine: "postgres", dialect: "postgres", database: "shop", databaseServerId: null, label: `shop (db service of ${APP})` });
    expect(d.conn).toEqual({ host: expect.any(String), port: 5432, user: "sk_admin", password: "pg-Secret-1" });
    expect(ip).toContain(d.conn.host);
    expect(d.container?.container).toBe(containerId);
    // The connection is the real thing: the superuser, in the app's database.
    const [row] = await query<{ db: string; su: boolean }>(d, "SELECT current_database() AS db, usesuper AS su FROM pg_user WHERE usename = current_user");
    expect(row).toEqual({ db: "shop", su: true });
  }, 240_000);

  test("a stopped database container is reported as down", async () => {
    const job = await t.services.apps.action(undefined, appId, "stop");
    expect(await waitJob(owner, job.id, 120_000)).toMatchObject({ status: "succeeded" });
    const err = (await resolveAppDatabase(deps, appId).catch((e) => e)) as DomainError;
    expect(err).toBeInstanceOf(DomainError);
    expect(err.code).toBe("database_container_down");
  }, 180_000);

  test("a database linked to the app wins over the one in its compose", async () => {
    const server = await t.services.databases.servers.register({ engine: "mariadb", name: `h1-maria-${process.pid}`, host: maria.conn.host, port: maria.conn.port, adminUser: maria.conn.user, adminPassword: maria.conn.password });
    const { job } = await t.services.databases.links.link(undefined, appId, { databaseServerId: server.id, database: "h1_linked" });
    expect(await waitJob(owner, job.id, 180_000)).toMatchObject({ status: "succeeded" });
    const d = await resolveAppDatabase(deps, appId);
    expect(d).toEqual({ kind: "linked", engine: "mariadb", dialect: "mariadb", conn: { ...maria.conn, database: undefined }, database: "h1_linked", databaseServerId: server.id, label: `h1_linked on h1-maria-${process.pid}` });
    const [row] = await query<{ db: string }>(d, "SELECT DATABASE() AS db");
    expect(row).toEqual({ db: "h1_linked" });
  }, 240_000);

  test("an app with neither: sync_no_database", async () => {
    const bare = await create(BARE, `services:\n  web:\n    image: local/busybox:test\n    command: ["sh", "-c", "while true; do sleep 1; done"]\n    stop_grace_period: 1s\n`, {});
    const err = (await resolveAppDatabase(deps, bare).catch((e) => e)) as DomainError;
    expect(err.code).toBe("sync_no_database");
    expect(err.kind).toBe("invalid");
  }, 180_000);
});
