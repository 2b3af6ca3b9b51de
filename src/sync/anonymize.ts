// anonymize_users: a copy of production for development keeps its structure but not its
// people. For every WordPress installation found (a `<prefix>users` table with user_login and
// user_email), each user except the kept ones gets fakes derived from their ID, a password
// hash nobody knows the password of, no personal meta; sessions go for everyone; comments
// lose their authors' addresses, and the sites' admin address (unless a kept user's) goes
// too. One transaction: all of it or none of it.
import type { SQL } from "bun";
import { num } from "../databases/engines/client.ts";
import { randomId } from "../lib/ids.ts";
import { column, listTables, quote, tableIdent, withTarget, type CatalogTable } from "./catalog.ts";
import { anonymizeComments, anonymizeOptions, count, Query, type Ctx } from "./anonymize-parts.ts";
import type { DbTarget } from "./search-replace.ts";

export interface AnonymizeReport {
  /** The (first) WordPress table prefix found; null when there is none. */
  tablePrefix: string | null;
  /** Users given fakes. */
  users: number;
  /** Users left as they were (matched `keep`). */
  kept: number;
  /** Personal usermeta rows removed. */
  metaRemoved: number;
  /** session_tokens rows removed (everyone's). */
  sessionsRemoved: number;
  commentsAnonymized: number;
}

export interface AnonymizeOptions {
  /** Logins or emails (case-insensitive) of users to leave untouched. */
  keep: string[];
  /** Count what would change, change nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

/** Meta keys removed for users not kept (besides the billing_/shipping_ families below). */
const PERSONAL_META = [
  "first_name", "last_name", "description", "aim", "yim", "jabber", "facebook", "twitter", "instagram", "linkedin",
  "myspace", "pinterest", "soundcloud", "tumblr", "youtube", "wikipedia", "community-events-location", "wc_last_active",
];
const PERSONAL_META_PREFIXES = ["billing_", "shipping_", "_woocommerce_persistent_cart"];

interface Install {
  prefix: string;
  users: CatalogTable;
  usermeta: CatalogTable | undefined;
}

function installs(tables: CatalogTable[]): Install[] {
  const own = tables.filter((t) => t.schema === null || t.schema === "public");
  return own
    .filter((t) => t.table.endsWith("users") && column(t, "ID") && column(t, "user_login") && column(t, "user_email"))
    .map((users) => {
      const prefix = users.table.slice(0, -"users".length);
      const usermeta = own.find((t) => t.table === `${prefix}usermeta` && column(t, "user_id") && column(t, "meta_key"));
      return { prefix, users, usermeta };
    })
    .sort((a, b) => a.prefix.length - b.prefix.length || a.prefix.localeCompare(b.prefix));
}

export async function anonymizeUsers(t: DbTarget, o: AnonymizeOptions): Promise<AnonymizeReport> {
  const log = o.log ?? (() => {});
  const report: AnonymizeReport = { tablePrefix: null, users: 0, kept: 0, metaRemoved: 0, sessionsRemoved: 0, commentsAnonymized: 0 };
  const keepLogins = new Set(o.keep);
  const keepEmails = new Set(o.keep.map((k) => k.toLowerCase()));
  return withTarget(t, async (sql) => {
    const tables = await listTables(sql, t.engine);
    const found = installs(tables);
    if (found.length === 0) {
      log("Anonymize: no WordPress users table, nothing to anonymize");
      return report;
    }
    report.tablePrefix = found[0]!.prefix;
    // Random per run and never stored: the fake hashes match no password anyone knows.
    const secret = randomId(32);
    const work = async (q: SQL) => {
      for (const inst of found) {
        const ctx: Ctx = { sql: q, engine: t.engine, dryRun: o.dryRun ?? false, log };
        const kept = await keptUsers(ctx, inst.users, keepLogins, keepEmails);
        const r = await anonymizeInstall(ctx, inst, kept.ids, secret);
        const comments = await anonymizeComments(ctx, tables, inst.prefix, found.map((f) => f.prefix), kept);
        await anonymizeOptions(ctx, tables, inst.prefix, found.map((f) => f.prefix), kept.emails);
        report.users += r.users;
        report.kept += kept.ids.length;
        report.metaRemoved += r.metaRemoved;
        report.sessionsRemoved += r.sessionsRemoved;
        report.commentsAnonymized += comments;
        const verb = o.dryRun ? "would get" : "got";
        log(`Anonymize (${inst.prefix}): ${r.users} users ${verb} fakes, ${kept.ids.length} kept, ${r.metaRemoved} personal meta and ${r.sessionsRemoved} sessions ${o.dryRun ? "would be " : ""}removed, ${comments} comments ${o.dryRun ? "would be " : ""}anonymized`);
      }
    };
    if (o.dryRun) await work(sql);
    else await sql.begin(work);
    return report;
  });
}

async function keptUsers(ctx: Ctx, users: CatalogTable, logins: Set<string>, emails: Set<string>) {
  const id = quote(ctx.engine, column(users, "ID")!);
  const login = quote(ctx.engine, column(users, "user_login")!);
  const email = quote(ctx.engine, column(users, "user_email")!);
  const rows: { id: unknown; login: string; email: string }[] = await ctx.sql.unsafe(`SELECT ${id} AS id, ${login} AS login, ${email} AS email FROM ${tableIdent(ctx.engine, users)}`);
  const kept = rows.filter((r) => logins.has(String(r.login)) || emails.has(String(r.email).toLowerCase()));
  return { ids: kept.map((r) => num(r.id)), emails: kept.map((r) => String(r.email).toLowerCase()) };
}

async function anonymizeInstall(ctx: Ctx, inst: Install, keptIds: number[], secret: string) {
  const { engine } = ctx;
  const u = inst.users;
  const col = (name: string) => {
    const c = column(u, name);
    return c === undefined ? undefined : quote(engine, c);
  };
  const id = col("ID")!;
  const usersTable = tableIdent(engine, u);

  const cq = new Query(engine);
  const users = await count(ctx, usersTable, cq.notIn(id, keptIds), cq);
  if (!ctx.dryRun && users > 0) {
    const q = new Query(engine);
    const fake: [string, string][] = [
      ["user_login", `CONCAT('user', ${id})`],
      ["user_nicename", `CONCAT('user', ${id})`],
      ["display_name", `CONCAT('User ', ${id})`],
      ["user_email", `CONCAT('user', ${id}, '@example.invalid')`],
      ["user_url", "''"],
      ["user_activation_key", "''"],
      // A well-formed portable hash ($P$B + 30 of its alphabet) over a secret nobody keeps.
      ["user_pass", `CONCAT('$P$B', LEFT(MD5(CONCAT(${q.text(secret)}, ${id})), 30))`],
    ];
    const sets = fake.flatMap(([name, expr]) => (col(name) ? [`${col(name)} = ${expr}`] : []));
    await ctx.sql.unsafe(`UPDATE ${usersTable} SET ${sets.join(", ")} WHERE ${q.notIn(id, keptIds)}`, q.values);
  }

  let metaRemoved = 0;
  let sessionsRemoved = 0;
  if (inst.usermeta) {
    const m = inst.usermeta;
    const table = tableIdent(engine, m);
    const userId = quote(engine, column(m, "user_id")!);
    const key = quote(engine, column(m, "meta_key")!);
    const value = column(m, "meta_value");

    const sessions = (q: Query) => `${key} = ${q.p("session_tokens")}`;
    const sq = new Query(engine);
    sessionsRemoved = await count(ctx, table, sessions(sq), sq);
    if (!ctx.dryRun && sessionsRemoved > 0) {
      const q = new Query(engine);
      await ctx.sql.unsafe(`DELETE FROM ${table} WHERE ${sessions(q)}`, q.values);
    }

    const personal = (q: Query) => {
      const keyTest = [`${key} IN (${PERSONAL_META.map((k) => q.p(k)).join(", ")})`, ...PERSONAL_META_PREFIXES.map((pre) => `LEFT(${key}, ${pre.length}) = ${q.p(pre)}`)];
      return `(${keyTest.join(" OR ")}) AND ${q.notIn(userId, keptIds)}`;
    };
    const pq = new Query(engine);
    metaRemoved = await count(ctx, table, personal(pq), pq);
    if (!ctx.dryRun && metaRemoved > 0) {
      const q = new Query(engine);
      await ctx.sql.unsafe(`DELETE FROM ${table} WHERE ${personal(q)}`, q.values);
    }

    if (value && !ctx.dryRun) {
      const q = new Query(engine);
      const nick = `${key} = ${q.p("nickname")} AND ${q.notIn(userId, keptIds)}`;
      await ctx.sql.unsafe(`UPDATE ${table} SET ${quote(engine, value)} = CONCAT('user', ${userId}) WHERE ${nick}`, q.values);
    }
  }
  return { users, metaRemoved, sessionsRemoved };
}
