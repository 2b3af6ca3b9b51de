// What the WordPress tools read and write in the site's database: a few options and the
// admin's password. Table names are the prefix (checked) plus a fixed suffix, quoted by the
// engine's rules; every value is a bind parameter.
import { invalid, notFound } from "../lib/errors.ts";
import { param, quote, withTarget, wordpressPrefix, type DbTarget } from "../sync/index.ts";

/** The prefix of the options table holding siteurl; "not_wordpress" when there is none. */
export async function requirePrefix(t: DbTarget): Promise<string> {
  const prefix = await wordpressPrefix(t);
  if (prefix === null) throw invalid("not_wordpress", `The app's database ${t.conn.database} has no WordPress options table (no siteurl option).`);
  return prefix;
}

const table = (t: DbTarget, prefix: string, suffix: string) => quote(t.engine, `${prefix}${suffix}`);

/** The named options' values (missing ones absent from the result). */
export async function readOptions(t: DbTarget, prefix: string, names: string[]): Promise<Record<string, string>> {
  return withTarget(t, async (sql) => {
    const rows: { n: string; v: string | null }[] = await sql.unsafe(
      `SELECT option_name AS n, option_value AS v FROM ${table(t, prefix, "options")} WHERE option_name IN (${names.map((_, i) => param(t.engine, i + 1)).join(", ")})`,
      names,
    );
    return Object.fromEntries(rows.map((r) => [r.n, r.v ?? ""]));
  });
}

/**
 * Sets a new password hash for `login`, or for the first administrator (lowest ID whose
 * capabilities name "administrator"), and ends that user's sessions. Returns the login.
 */
export async function setUserPassword(t: DbTarget, prefix: string, login: string | undefined, hash: string): Promise<string> {
  const users = table(t, prefix, "users");
  const meta = table(t, prefix, "usermeta");
  const p = (n: number) => param(t.engine, n);
  return withTarget(t, async (sql) => {
    const rows: { id: number | string; login: string }[] = login
      ? await sql.unsafe(`SELECT u.ID AS id, u.user_login AS login FROM ${users} u WHERE u.user_login = ${p(1)}`, [login])
      : await sql.unsafe(
          `SELECT u.ID AS id, u.user_login AS login FROM ${users} u JOIN ${meta} m ON m.user_id = u.ID
            WHERE m.meta_key = ${p(1)} AND m.meta_value LIKE ${p(2)} ORDER BY u.ID LIMIT 1`,
          [`${prefix}capabilities`, '%"administrator"%'],
        );
    const user = rows[0];
    if (!user) {
      throw login ? notFound("wp_user_not_found", `There is no WordPress user "${login}".`) : notFound("wp_admin_not_found", "This WordPress has no administrator.");
    }
    await sql.begin(async (tx) => {
      await tx.unsafe(`UPDATE ${users} SET user_pass = ${p(1)} WHERE ID = ${p(2)}`, [hash, user.id]);
      // Whoever was signed in with the old password is signed out.
      await tx.unsafe(`DELETE FROM ${meta} WHERE user_id = ${p(1)} AND meta_key = ${p(2)}`, [user.id, "session_tokens"]);
    });
    return user.login;
  });
}
