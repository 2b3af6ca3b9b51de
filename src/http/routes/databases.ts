// Database servers, their databases and users, and database links of apps. Creating and
// listing are immediate; dropping a database is a job (a safety dump comes first).
import { z } from "zod";
import { idParam, param, type Router } from "../route.ts";
import type { Services } from "../services.ts";

const engine = z.enum(["mariadb", "mysql", "postgres", "redis", "mongodb"]);
// Loose on purpose: the domain validates names with its own, clearer messages.
const dbName = z.string().min(1).max(200);

export function databaseRoutes(r: Router, s: Services): void {
  const { databases } = s;

  r.add({ method: "get", path: "/database-servers", summary: "Registered database servers.", access: "databases:read", handler: async (c) => c.json({ items: await databases.servers.list() }) });

  r.add({
    method: "post",
    path: "/database-servers",
    summary: "Register a MariaDB/PostgreSQL server by its admin account (the connection is tested first).",
    access: "databases:servers",
    audit: "database_servers.create",
    body: z
      .object({
        engine,
        name: z.string().min(1).max(40),
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65535).optional(),
        adminUser: z.string().min(1).max(80),
        adminPassword: z.string().min(1).max(500),
        appHost: z.string().min(1).max(253).optional(),
        appPort: z.number().int().min(1).max(65535).optional(),
      })
      .strict(),
    handler: async (c, { body }) => {
      c.get("audit").details = { name: body.name, engine: body.engine, host: body.host };
      return c.json({ databaseServer: await databases.servers.register(body) }, 201);
    },
  });

  r.add({
    method: "get",
    path: "/database-engines",
    summary: "Database engines and their capabilities (databases, users, host install, link variables).",
    access: "databases:read",
    handler: async (c) => c.json({ items: databases.engines() }),
  });

  r.add({
    method: "post",
    path: "/database-servers/containers",
    summary: "Run a database server in a container from the engine's template (a job: deploy, wait until it answers, register).",
    access: "databases:servers",
    audit: "database_servers.create_container",
    body: z.object({ engine, name: z.string().min(1).max(40) }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").details = { name: body.name, engine: body.engine };
      return c.json({ job: await databases.servers.createContainer(principal, body) }, 202);
    },
  });

  r.add({
    method: "post",
    path: "/database-servers/:id/remove-container",
    summary: "Forget a container database server and remove its app with its data (type the server's name to confirm).",
    access: "databases:servers",
    audit: "database_servers.remove_container",
    body: z.object({ confirm: z.string().max(100) }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `database_server:${idParam(c)}`;
      return c.json({ databaseServer: await databases.servers.remove(idParam(c), { actor: principal, removeApp: true, confirm: body.confirm }) });
    },
  });

  r.add({
    method: "post",
    path: "/database-servers/discover",
    summary: "Find MariaDB/PostgreSQL installed on this host and register them (creates a serverkit_admin account).",
    access: "databases:servers",
    audit: "database_servers.discover",
    handler: async (c) => c.json({ items: await databases.servers.discover() }),
  });

  r.add({ method: "get", path: "/database-servers/:id", summary: "One database server.", access: "databases:read", handler: async (c) => c.json({ databaseServer: await databases.servers.get(idParam(c)) }) });

  r.add({
    method: "delete",
    path: "/database-servers/:id",
    summary: "Forget a database server (nothing on it is dropped). Refused while apps link its databases.",
    access: "databases:servers",
    audit: "database_servers.remove",
    handler: async (c) => {
      c.get("audit").target = `database_server:${idParam(c)}`;
      return c.json({ databaseServer: await databases.servers.remove(idParam(c)) });
    },
  });

  r.add({
    method: "get",
    path: "/database-servers/:id/databases",
    summary: "Databases on the server with size, tables and the apps linking them.",
    access: "databases:read",
    handler: async (c) => c.json({ items: await databases.databases.list(idParam(c)) }),
  });

  r.add({
    method: "post",
    path: "/database-servers/:id/databases",
    summary: "Create a database (utf8mb4 / UTF8).",
    access: "databases:manage",
    audit: "databases.create",
    body: z.object({ name: dbName }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `database_server:${idParam(c)}`;
      c.get("audit").details = { name: body.name.slice(0, 80) };
      return c.json({ database: await databases.databases.create(idParam(c), body.name) }, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/database-servers/:id/databases/:name",
    summary: "Drop a database after a safety dump (a job). The body repeats the name to confirm.",
    access: "databases:manage",
    audit: "databases.drop",
    body: z.object({ confirm: z.string().max(200) }).strict(),
    handler: async (c, { body, principal }) => {
      const name = param(c, "name");
      c.get("audit").target = `database:${name}`;
      return c.json({ job: await databases.databases.drop(principal, idParam(c), name, body.confirm) }, 202);
    },
  });

  r.add({
    method: "get",
    path: "/database-servers/:id/users",
    summary: "Users the panel created on the server (no passwords).",
    access: "databases:read",
    handler: async (c) => c.json({ items: await databases.users.list(idParam(c)) }),
  });

  r.add({
    method: "post",
    path: "/database-servers/:id/users",
    summary: "Create a user with a generated password, optionally with all privileges on one database.",
    access: "databases:manage",
    audit: "database_users.create",
    body: z.object({ username: dbName, database: dbName.optional() }).strict(),
    handler: async (c, { body }) => {
      c.get("audit").target = `database_server:${idParam(c)}`;
      c.get("audit").details = { username: body.username.slice(0, 80), database: body.database?.slice(0, 80) ?? null };
      return c.json({ user: await databases.users.create(idParam(c), body.username, body.database) }, 201);
    },
  });

  r.add({
    method: "delete",
    path: "/database-users/:id",
    summary: "Drop a database user.",
    access: "databases:manage",
    audit: "database_users.drop",
    handler: async (c) => {
      c.get("audit").target = `database_user:${idParam(c)}`;
      return c.json({ user: await databases.users.drop(idParam(c)) });
    },
  });

  // POST, not GET: revealing a password is an action, and every action is in the audit log.
  r.add({
    method: "post",
    path: "/database-users/:id/credentials",
    summary: "Reveal a user's password and connection URL (audit-logged).",
    access: "databases:manage",
    audit: "database_users.reveal",
    handler: async (c) => {
      c.get("audit").target = `database_user:${idParam(c)}`;
      return c.json({ credentials: await databases.users.credentials(idParam(c)) });
    },
  });

  r.add({
    method: "get",
    path: "/apps/:id/databases",
    summary: "Databases linked into an app and the variables they set.",
    access: "apps:read",
    handler: async (c) => c.json({ items: await databases.links.forApp(idParam(c)) }),
  });

  r.add({
    method: "post",
    path: "/apps/:id/databases",
    summary: "Link a database: create it (unless it exists) and a user, set DB_* and DATABASE_URL in the app's env, redeploy.",
    access: "databases:manage",
    audit: "databases.link",
    body: z.object({ databaseServerId: z.number().int().positive(), database: dbName.optional(), prefix: z.string().max(31).optional() }).strict(),
    handler: async (c, { body, principal }) => {
      c.get("audit").target = `app:${idParam(c)}`;
      const { link, job } = await databases.links.link(principal, idParam(c), body);
      return c.json({ link: { id: link.id, prefix: link.envPrefix }, job }, 202);
    },
  });

  r.add({
    method: "delete",
    path: "/apps/:id/databases/:linkId",
    summary: "Unlink: remove the variables, redeploy, drop the link's user. The database and its data stay.",
    access: "databases:manage",
    audit: "databases.unlink",
    handler: async (c, { principal }) => {
      c.get("audit").target = `app:${idParam(c)}`;
      const { job } = await databases.links.unlink(principal, idParam(c), idParam(c, "linkId"));
      return c.json({ job }, 202);
    },
  });
}
