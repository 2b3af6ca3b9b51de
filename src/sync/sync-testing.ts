// Test support for syncs: WordPress-shaped prod and dev databases with users, statistics and a
// log table; checksums of whole databases; PHP's own unserialize over stored values.
import type { Conn } from "../databases/engines/index.ts";
import { connect, createWordPressFixture } from "./wp-fixture.ts";

type Engine = "mariadb" | "postgres";

export const PROD_USERS = [
  [1, "admin", "admin@site.com"],
  [2, "editor", "editor@site.com"],
  [3, "keeper", "keeper@site.com"],
] as const;

/** The fixture plus users with personal meta and sessions, 40 statistics rows and 25 log rows. */
export async function createProdDatabase(engine: Engine, conn: Conn, database: string): Promise<void> {
  await createWordPressFixture(engine, conn, database);
  const my = engine === "mariadb";
  const p = (n: number) => (my ? "?" : `$${n}`);
  const sql = connect(engine, conn, database);
  try {
    const big = my ? "BIGINT UNSIGNED" : "BIGINT";
    await sql.unsafe(`CREATE TABLE wp_users (ID ${big} NOT NULL PRIMARY KEY, user_login VARCHAR(60) NOT NULL, user_pass VARCHAR(255) NOT NULL, user_nicename VARCHAR(50) NOT NULL DEFAULT '', user_email VARCHAR(100) NOT NULL, display_name VARCHAR(250) NOT NULL DEFAULT '')`);
    await sql.unsafe(`CREATE TABLE wp_usermeta (umeta_id ${big} NOT NULL PRIMARY KEY, user_id ${big} NOT NULL, meta_key VARCHAR(255), meta_value TEXT)`);
    for (const [id, login, email] of PROD_USERS) {
      await sql.unsafe(`INSERT INTO wp_users VALUES (${[1, 2, 3, 4, 5, 6].map(p).join(", ")})`, [id, login, "$P$Bprod.hash.000000000000000000", login, email, `${login} Person`]);
      await sql.unsafe(`INSERT INTO wp_usermeta VALUES (${[1, 2, 3, 4].map(p).join(", ")})`, [id * 10, id, "first_name", `First ${login}`]);
      await sql.unsafe(`INSERT INTO wp_usermeta VALUES (${[1, 2, 3, 4].map(p).join(", ")})`, [id * 10 + 1, id, "session_tokens", 'a:1:{s:3:"abc";a:0:{}}']);
    }
    await sql.unsafe("CREATE TABLE wp_statistics_visits (id INT NOT NULL PRIMARY KEY, hits INT NOT NULL)");
    await sql.unsafe("CREATE TABLE wp_actionscheduler_logs (log_id INT NOT NULL PRIMARY KEY, message TEXT NOT NULL)");
    for (let i = 1; i <= 40; i++) await sql.unsafe(`INSERT INTO wp_statistics_visits VALUES (${p(1)}, ${p(2)})`, [i, i * 3]);
    for (let i = 1; i <= 25; i++) await sql.unsafe(`INSERT INTO wp_actionscheduler_logs VALUES (${p(1)}, ${p(2)})`, [i, `action ${i} at https://www.site.com`]);
  } finally {
    await sql.close();
  }
}

/** The fixture with the dev site's own name and a table only dev has: what "untouched" looks like. */
export async function createDevDatabase(engine: Engine, conn: Conn, database: string): Promise<void> {
  await createWordPressFixture(engine, conn, database);
  const sql = connect(engine, conn, database);
  try {
    await sql.unsafe("UPDATE wp_options SET option_value = 'Dev only blog' WHERE option_name = 'blogname'");
    await sql.unsafe("CREATE TABLE dev_only (id INT NOT NULL PRIMARY KEY, note TEXT)");
    await sql.unsafe("INSERT INTO dev_only VALUES (1, 'made on dev')");
  } finally {
    await sql.close();
  }
}

export async function query<T = Record<string, unknown>>(engine: Engine, conn: Conn, database: string, text: string, params: unknown[] = []): Promise<T[]> {
  const sql = connect(engine, conn, database);
  try {
    return (await sql.unsafe(text, params)) as T[];
  } finally {
    await sql.close();
  }
}

/** Every table's checksum: CHECKSUM TABLE on MariaDB, md5 of the ordered rows' text on PostgreSQL. */
export async function checksums(engine: Engine, conn: Conn, database: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  if (engine === "mariadb") {
    const tables = await query<{ t: string }>(engine, conn, database, "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1");
    for (const { t } of tables) {
      const [row] = await query<{ Checksum: unknown }>(engine, conn, database, `CHECKSUM TABLE \`${t}\` EXTENDED`);
      out[t] = String(row!.Checksum);
    }
    return out;
  }
  const tables = await query<{ t: string }>(engine, conn, database, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  for (const { t } of tables) {
    const [row] = await query<{ h: string }>(engine, conn, database, `SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`);
    out[t] = row!.h;
  }
  return out;
}

/** The server's databases whose names start with `prefix` (staging and kept copies). */
export async function databasesLike(engine: Engine, conn: Conn, prefix: string): Promise<string[]> {
  const rows =
    engine === "mariadb"
      ? await query<{ n: string }>(engine, conn, "", "SELECT schema_name AS n FROM information_schema.schemata WHERE schema_name LIKE ? ORDER BY 1", [`${prefix}%`])
      : await query<{ n: string }>(engine, conn, "postgres", "SELECT datname AS n FROM pg_database WHERE datname LIKE $1 ORDER BY 1", [`${prefix}%`]);
  return rows.map((r) => r.n);
}

/** PHP's unserialize() of each value (classes not loaded): true where it gives a value back. */
export async function phpUnserializes(values: string[]): Promise<boolean[]> {
  const code = '$in = json_decode(stream_get_contents(STDIN), true); $out = []; foreach ($in as $v) { $out[] = $v === "b:0;" || @unserialize($v, ["allowed_classes" => false]) !== false; } echo json_encode($out);';
  const proc = Bun.spawn(["php", "-r", code], { stdin: new Blob([JSON.stringify(values)]), stdout: "pipe", stderr: "pipe" });
  const [out, err, exit] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (exit !== 0) throw new Error(`php failed: ${err}`);
  return JSON.parse(out) as boolean[];
}
