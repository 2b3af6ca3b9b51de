// What the API shows of database servers and users. Never a password (credentials have their
// own audited call).
import { iso } from "../lib/time.ts";
import type { DatabaseServerRow, DatabaseUserRow } from "./repo.ts";

export const toPublicServer = (r: DatabaseServerRow) => ({
  id: r.id,
  serverId: r.serverId,
  engine: r.engine,
  kind: r.kind,
  name: r.name,
  host: r.host,
  port: r.port,
  adminUser: r.adminUser,
  appHost: r.appHost,
  appPort: r.appPort,
  appId: r.appId,
  version: r.version,
  createdAt: iso(r.createdAt)!,
});

export const toPublicUser = (u: DatabaseUserRow) => ({
  id: u.id,
  databaseServerId: u.databaseServerId,
  username: u.username,
  grants: JSON.parse(u.grants) as string[],
  createdAt: iso(u.createdAt)!,
});
