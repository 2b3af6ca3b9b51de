// Databases and users on a registered server. Names pass the engine-neutral grammar
// (names.ts) before any SQL is built; passwords are generated, sealed, and shown only on a
// request that is audited.
import { conflict, invalid, notFound } from "../lib/errors.ts";
import type { SecretBox } from "../lib/crypto.ts";
import { engineOf } from "./engines/index.ts";
import type { DbInfo, EngineId } from "./engines/types.ts";
import { assertDbName, generatePassword } from "./names.ts";
import type { DatabaseServers } from "./registry.ts";
import type { DatabaseServerRow, DatabaseUserRow, DatabasesRepo } from "./repo.ts";

export interface DatabaseView extends DbInfo {
  /** Created or adopted through the panel (has a row); others exist on the server only. */
  managed: boolean;
  id: number | null;
  linkedApps: number[];
}

export class DatabasesService {
  constructor(
    private readonly repo: DatabasesRepo,
    private readonly servers: DatabaseServers,
    private readonly box: SecretBox,
  ) {}

  private engine = (row: DatabaseServerRow) => engineOf(row.engine as EngineId);

  async list(serverId: number): Promise<DatabaseView[]> {
    const row = await this.servers.get(serverId);
    const [live, ours, links] = await Promise.all([this.engine(row).listDatabases(this.servers.conn(row)), this.repo.databasesOf(serverId), this.repo.allLinks()]);
    return live.map((d) => {
      const mine = ours.find((o) => o.name === d.name);
      return { ...d, managed: Boolean(mine), id: mine?.id ?? null, linkedApps: mine ? links.filter((l) => l.databaseId === mine.id).map((l) => l.appId) : [] };
    });
  }

  async create(serverId: number, rawName: string) {
    const row = await this.servers.get(serverId);
    const name = assertDbName("database", rawName);
    if (this.engine(row).systemDatabases.includes(name)) throw invalid("reserved_db_name", `"${name}" is reserved by ${this.engine(row).label}.`);
    await this.engine(row).createDatabase(this.servers.conn(row), name);
    return (await this.repo.insertDatabase({ databaseServerId: serverId, name, createdAt: Date.now() })) ?? (await this.repo.databaseByName(serverId, name))!;
  }

  /** Makes sure the panel has a row for an existing database (e.g. one created outside it). */
  async adopt(serverId: number, name: string) {
    const existing = await this.repo.databaseByName(serverId, name);
    if (existing) return existing;
    return (await this.repo.insertDatabase({ databaseServerId: serverId, name, createdAt: Date.now() }))!;
  }

  async assertDroppable(serverId: number, name: string, confirm: string) {
    const row = await this.servers.get(serverId);
    assertDbName("database", name);
    if (confirm !== name) throw invalid("confirm_mismatch", `Type the database's name ("${name}") to confirm.`);
    if (this.engine(row).systemDatabases.includes(name)) throw invalid("reserved_db_name", `"${name}" belongs to ${this.engine(row).label} itself.`);
    const mine = await this.repo.databaseByName(serverId, name);
    const links = mine ? await this.repo.linksOfDatabase(mine.id) : [];
    if (links.length) throw conflict("database_linked", `"${name}" is linked to ${links.length} app(s); unlink it first.`);
    if (!(await this.list(serverId)).some((d) => d.name === name)) throw notFound("database_not_found", `There is no database "${name}".`);
    return row;
  }

  async drop(serverId: number, name: string) {
    const row = await this.servers.get(serverId);
    await this.engine(row).dropDatabase(this.servers.conn(row), name);
    const mine = await this.repo.databaseByName(serverId, name);
    if (mine) await this.repo.deleteDatabase(mine.id);
  }

  users = (serverId: number) => this.repo.usersOf(serverId);

  /** Creates a user with a generated password, optionally with all privileges on one database. */
  async createUser(serverId: number, rawUser: string, database?: string): Promise<DatabaseUserRow> {
    const row = await this.servers.get(serverId);
    const username = assertDbName("user", rawUser);
    const password = generatePassword();
    const engine = this.engine(row);
    const conn = this.servers.conn(row);
    await engine.createUser(conn, username, password);
    try {
      if (database) await engine.grantAll(conn, assertDbName("database", database), username);
    } catch (err) {
      await engine.dropUser(conn, username).catch(() => undefined);
      throw err;
    }
    return this.repo.insertUser({
      databaseServerId: serverId,
      username,
      passwordEnc: this.box.encrypt(password),
      grants: JSON.stringify(database ? [database] : []),
      createdAt: Date.now(),
    });
  }

  async user(id: number): Promise<DatabaseUserRow> {
    const u = await this.repo.user(id);
    if (!u) throw notFound("database_user_not_found", "No such database user.");
    return u;
  }

  async dropUser(id: number): Promise<DatabaseUserRow> {
    const u = await this.user(id);
    const links = (await this.repo.allLinks()).filter((l) => l.userId === id);
    if (links.length) throw conflict("database_user_linked", `${u.username} is what a linked app uses to connect; unlink the database from the app instead.`);
    const row = await this.servers.get(u.databaseServerId);
    await this.engine(row).dropUser(this.servers.conn(row), u.username);
    await this.repo.deleteUser(id);
    return u;
  }

  /** The user's credentials as an app would use them (the route audits every call). */
  async credentials(id: number, database?: string) {
    const u = await this.user(id);
    const row = await this.servers.get(u.databaseServerId);
    const password = this.box.decrypt(u.passwordEnc);
    const db = database ?? (JSON.parse(u.grants) as string[])[0];
    const url = db ? this.engine(row).url({ host: row.appHost, port: row.appPort, user: u.username, password, database: db }) : null;
    return { username: u.username, password, host: row.host, port: row.port, appHost: row.appHost, appPort: row.appPort, database: db ?? null, url };
  }
}
