// Pieces of anonymize_users beyond the users tables: comments (authors' names, addresses, IPs)
// and the site's admin address, for every site of an installation (multisite: wp_2_comments).
import type { SQL } from "bun";
import { num } from "../databases/engines/client.ts";
import { column, quote, tableIdent, type CatalogTable } from "./catalog.ts";
import type { DbTarget } from "./search-replace.ts";

export interface Ctx {
  sql: SQL;
  engine: DbTarget["engine"];
  dryRun: boolean;
  log: (line: string) => void;
}

/** Bind parameters in order, spelled as the engine wants them. */
export class Query {
  readonly values: unknown[] = [];
  constructor(private readonly engine: DbTarget["engine"]) {}
  p(v: unknown): string {
    this.values.push(v);
    return this.engine === "mariadb" ? "?" : `$${this.values.length}`;
  }
  /** A parameter PostgreSQL must see as text (inside CONCAT it could not tell). */
  text(v: string): string {
    const p = this.p(v);
    return this.engine === "postgres" ? `${p}::text` : p;
  }
  /** `expr NOT IN (...)`, or always true for an empty list. */
  notIn(expr: string, values: readonly unknown[]): string {
    return values.length ? `${expr} NOT IN (${values.map((v) => this.p(v)).join(", ")})` : "1 = 1";
  }
}

export async function count(ctx: Ctx, table: string, where: string, q: Query): Promise<number> {
  const [row] = await ctx.sql.unsafe(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, q.values);
  return num((row as { n: unknown }).n);
}

/** The installation's per-site tables named `<prefix>[<n>_]<suffix>`, when `prefix` is the longest prefix that fits. */
function siteTables(tables: CatalogTable[], prefix: string, prefixes: string[], suffix: string): CatalogTable[] {
  const fits = (p: string, name: string) => name.startsWith(p) && /^(\d+_)?$/.test(name.slice(p.length, -suffix.length));
  return tables.filter((t) => {
    if ((t.schema !== null && t.schema !== "public") || !t.table.endsWith(suffix)) return false;
    const longest = prefixes.filter((p) => fits(p, t.table)).sort((a, b) => b.length - a.length)[0];
    return longest === prefix;
  });
}

export async function anonymizeComments(ctx: Ctx, tables: CatalogTable[], prefix: string, prefixes: string[], kept: { ids: number[]; emails: string[] }): Promise<number> {
  let total = 0;
  for (const t of siteTables(tables, prefix, prefixes, "comments")) {
    const c = (name: string) => {
      const actual = column(t, name);
      return actual === undefined ? undefined : quote(ctx.engine, actual);
    };
    const id = c("comment_ID");
    const email = c("comment_author_email");
    if (!id || !email) continue;
    const userId = c("user_id");
    const table = tableIdent(ctx.engine, t);
    const where = (q: Query) => {
      const keep: string[] = [];
      if (userId && kept.ids.length) keep.push(`${userId} IN (${kept.ids.map((k) => q.p(k)).join(", ")})`);
      if (kept.emails.length) keep.push(`LOWER(${email}) IN (${kept.emails.map((e) => q.p(e)).join(", ")})`);
      return keep.length ? `NOT (${keep.join(" OR ")})` : "1 = 1";
    };
    const cq = new Query(ctx.engine);
    const n = await count(ctx, table, where(cq), cq);
    total += n;
    if (ctx.dryRun || n === 0) continue;
    // A registered author's comments carry the same fake as their user row; visitors get the comment's ID.
    const who = (user: string, visitor: string) => (userId ? `CASE WHEN ${userId} > 0 THEN ${user} ELSE ${visitor} END` : visitor);
    const sets = [`${email} = ${who(`CONCAT('user', ${userId}, '@example.invalid')`, `CONCAT('comment', ${id}, '@example.invalid')`)}`];
    const author = c("comment_author");
    if (author) sets.push(`${author} = ${who(`CONCAT('User ', ${userId})`, `CONCAT('Visitor ', ${id})`)}`);
    for (const blank of ["comment_author_url", "comment_author_IP", "comment_agent"]) {
      const col = c(blank);
      if (col) sets.push(`${col} = ''`);
    }
    const uq = new Query(ctx.engine);
    await ctx.sql.unsafe(`UPDATE ${table} SET ${sets.join(", ")} WHERE ${where(uq)}`, uq.values);
  }
  return total;
}

/** The sites' admin_email / new_admin_email, unless it is a kept user's: it would receive the copy's mail. */
export async function anonymizeOptions(ctx: Ctx, tables: CatalogTable[], prefix: string, prefixes: string[], keptEmails: string[]): Promise<void> {
  for (const t of siteTables(tables, prefix, prefixes, "options")) {
    const name = column(t, "option_name");
    const value = column(t, "option_value");
    if (!name || !value) continue;
    const table = tableIdent(ctx.engine, t);
    const where = (q: Query) =>
      `${quote(ctx.engine, name)} IN (${q.p("admin_email")}, ${q.p("new_admin_email")}) AND ${q.notIn(`LOWER(${quote(ctx.engine, value)})`, keptEmails)}`;
    const cq = new Query(ctx.engine);
    const n = await count(ctx, table, where(cq), cq);
    if (n === 0) continue;
    if (!ctx.dryRun) {
      const uq = new Query(ctx.engine);
      const set = uq.p("admin@example.invalid");
      await ctx.sql.unsafe(`UPDATE ${table} SET ${quote(ctx.engine, value)} = ${set} WHERE ${where(uq)}`, uq.values);
    }
    ctx.log(`Anonymize (${t.name}): admin email ${ctx.dryRun ? "would become" : "->"} admin@example.invalid`);
  }
}
