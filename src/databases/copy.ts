// A clone of an app gets databases of its own: for each database the original had linked, a
// NEW database on the same server, named after the new app, with a new user (generated
// password) owning it. The backup's dump is loaded into it by the caller; then it is linked
// to the new app. Nothing here ever writes to the original's database or user.
import { randomBytes } from "node:crypto";
import { invalid } from "../lib/errors.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { engineOf } from "./engines/index.ts";
import type { Conn, EngineId } from "./engines/types.ts";
import { envKeysFor, fromAppName, linkVars } from "./links.ts";
import { assertDbName } from "./names.ts";
import type { DatabaseServers } from "./registry.ts";
import type { DatabasesRepo } from "./repo.ts";
import type { DatabasesService } from "./service.ts";

export interface DatabaseCopy {
  databaseServerId: number;
  databaseId: number;
  userId: number;
  database: string;
  username: string;
  prefix: string;
  /** The variables the new app gets (DB_HOST ... DATABASE_URL), and which of them are secret. */
  vars: Record<string, string>;
  secret: string[];
  /** The panel's admin connection, to load the dump. */
  engine: EngineId;
  conn: Conn;
}

export class DatabaseCopies {
  constructor(
    private readonly repo: DatabasesRepo,
    private readonly servers: DatabaseServers,
    private readonly service: DatabasesService,
    private readonly box: SecretBox,
  ) {}

  /** A new, empty database named after `appName` (the first free of name, name_2, ...) and its owner. */
  async create(databaseServerId: number, appName: string, prefix: string): Promise<DatabaseCopy> {
    const server = await this.servers.get(databaseServerId);
    const engine = engineOf(server.engine as EngineId);
    // Engines without users (one URL with the admin's credentials) have no database of the app's own to copy into.
    if (engine.link.kind !== "credentials") throw invalid("clone_engine_unsupported", `Restoring as a new app cannot copy ${engine.label} databases yet (only engines with users of their own: MariaDB/MySQL, PostgreSQL).`);
    const base = fromAppName(appName);
    const taken = new Set([...(await this.service.list(databaseServerId)).map((d) => d.name), ...(await this.repo.databasesOf(databaseServerId)).map((d) => d.name)]);
    let name = base;
    for (let i = 2; taken.has(name); i++) {
      if (i > 99) throw invalid("clone_db_name", `No free database name like ${base}_N on ${server.name}.`);
      name = `${base}_${i}`;
    }
    const database = await this.service.create(databaseServerId, assertDbName("database", name));
    try {
      const user = await this.service.createUser(databaseServerId, `${name.slice(0, 24)}_${randomBytes(3).toString("hex")}`, name);
      const [, , , , passK, urlK] = envKeysFor(prefix);
      return {
        databaseServerId,
        databaseId: database.id,
        userId: user.id,
        database: name,
        username: user.username,
        prefix,
        vars: linkVars(server, prefix, name, user.username, this.box.decrypt(user.passwordEnc)),
        secret: [passK!, urlK!],
        engine: server.engine as EngineId,
        conn: this.servers.conn(server),
      };
    } catch (err) {
      await this.service.drop(databaseServerId, name).catch(() => undefined);
      throw err;
    }
  }

  /** Links the copy to the new app, like a link made on the app page. */
  async attach(appId: number, copy: DatabaseCopy): Promise<void> {
    const link = await this.repo.insertLink({ appId, databaseId: copy.databaseId, userId: copy.userId, envPrefix: copy.prefix, createdAt: Date.now() });
    if (!link) throw invalid("already_linked", `${copy.database} is already linked to that app.`);
  }

  /** Undoes create() (and attach()): link, user and database go. */
  async discard(copy: DatabaseCopy): Promise<void> {
    for (const l of await this.repo.linksOfDatabase(copy.databaseId)) await this.repo.deleteLink(l.id);
    // The database first: on PostgreSQL the user owns it and cannot be dropped before it.
    await this.service.drop(copy.databaseServerId, copy.database);
    if (await this.repo.user(copy.userId)) await this.service.dropUser(copy.userId);
  }
}
