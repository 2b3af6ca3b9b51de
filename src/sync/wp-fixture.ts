// Test support: a small WordPress-shaped database on a real server, the values a correct
// search-replace makes of it, and a snapshot of every row to compare before and after.
import { SQL } from "bun";
import { ENGINES, type Conn } from "../databases/engines/index.ts";
import { phpReplaced, phpSerialize as ser, type Php } from "./php-testing.ts";

export const WWW = "https://www.site.com";
export const DEV = "https://dev.site.com:8443";
export const PAIRS = [{ search: WWW, replace: DEV }];

type Engine = "mariadb" | "postgres";

const swap = (s: string) => s.replaceAll(WWW, DEV).replaceAll(WWW.replaceAll("/", "\\/"), DEV.replaceAll("/", "\\/"));
const widget: Php = { arr: [[2, { arr: [["title", "Über uns 😀"], ["text", `<a href="${WWW}/kontakt">Café é</a>`]] }], ["_multiwidget", 1]] };
const nested: Php = { arr: [["inner", { ser: { arr: [["url", `${WWW}/é`], ["deep", { ser: { obj: "Missing_Class", props: [["link", WWW]] } }]] } }]] };
const mods: Php = { obj: "Theme_Mods_Nobody_Loads", props: [[`${WWW}/key`, { arr: [[0, WWW], [1, true], [2, { float: "0.5" }]] }]] };
const attachment: Php = { arr: [["file", "2024/01/é.jpg"], ["sizes", { arr: [["thumb", { arr: [["url", `${WWW}/t.jpg`], ["width", 150]] }]] }]] };
const broken = `a:1:{i:0;s:99:"${WWW}";}`;
const block = `<!-- wp:image {"url":"https:\\/\\/www.site.com\\/a.jpg"} --><img src="${WWW}/a.jpg"/> naïve ☕`;
export const BASE64 = Buffer.from(`${WWW}/secret`).toString("base64");
export const BLOB = Buffer.concat([Buffer.from(WWW), Buffer.from([0xff, 0x00, 0xfe])]);

/** [option_id, option_name, value before, value after] */
export const OPTIONS: [number, string, string, string][] = [
  [1, "siteurl", WWW, DEV],
  [2, "home", WWW, DEV],
  [3, "widget_text", ser(widget), ser(phpReplaced(widget, swap))],
  [4, "nested", ser(nested), ser(phpReplaced(nested, swap))],
  [5, "theme_mods_x", ser(mods), ser(phpReplaced(mods, swap))],
  [6, "broken", broken, broken],
  [7, "lookalike", `${WWW}.evil.org/x`, `${WWW}.evil.org/x`],
  [8, "json_option", `{"url":"https:\\/\\/www.site.com\\/x"}`, `{"url":"https:\\/\\/dev.site.com:8443\\/x"}`],
  [9, "blogname", "Mon café", "Mon café"],
];

/** Expected per-table counts: [matched, changed, skipped]. */
export const EXPECTED_COUNTS: Record<string, [number, number, number]> = {
  wp_options: [8, 6, 1],
  wp_posts: [1, 1, 0],
  wp_postmeta: [2, 2, 0],
  wp_nokey: [3, 3, 0],
  wp_links: [2, 2, 0],
  wp_jsondoc: [1, 1, 0],
  wp_blobs: [0, 0, 0],
  wp_gen: [1, 1, 0],
};

export const POSTS = { content: [block, swap(block)], guid: [`${WWW}/?p=10`, `${DEV}/?p=10`] };
export const META: [number, string, string, string][] = [
  [100, "_wp_attachment_metadata", ser(attachment), ser(phpReplaced(attachment, swap))],
  [101, "_encoded", BASE64, BASE64],
  [102, "redirect", "/wp-login.php?redirect_to=https%3A%2F%2Fwww.site.com%2Fwp-admin", "/wp-login.php?redirect_to=https%3A%2F%2Fdev.site.com%3A8443%2Fwp-admin"],
];

function ddl(engine: Engine): string[] {
  const my = engine === "mariadb";
  const big = my ? "BIGINT UNSIGNED" : "BIGINT";
  const long = my ? "LONGTEXT" : "TEXT";
  return [
    `CREATE TABLE wp_options (option_id ${big} NOT NULL PRIMARY KEY, option_name VARCHAR(191) NOT NULL UNIQUE, option_value ${long} NOT NULL, autoload VARCHAR(20) NOT NULL DEFAULT 'yes')`,
    `CREATE TABLE wp_posts (ID ${big} NOT NULL PRIMARY KEY, post_content ${long} NOT NULL, guid VARCHAR(255) NOT NULL, post_title TEXT NOT NULL)`,
    `CREATE TABLE wp_postmeta (meta_id ${big} NOT NULL PRIMARY KEY, post_id ${big} NOT NULL, meta_key VARCHAR(255), meta_value ${long})`,
    `CREATE TABLE wp_nokey (k VARCHAR(50), v TEXT, f DOUBLE PRECISION)`,
    `CREATE TABLE wp_links (site VARCHAR(191) NOT NULL, n INT NOT NULL, url TEXT, PRIMARY KEY (site, n))`,
    `CREATE TABLE wp_jsondoc (id INT NOT NULL PRIMARY KEY, doc ${my ? "JSON" : "JSONB"})`,
    `CREATE TABLE wp_blobs (id INT NOT NULL PRIMARY KEY, data ${my ? "BLOB" : "BYTEA"}, note TEXT)`,
    `CREATE TABLE wp_numbers (id INT NOT NULL PRIMARY KEY, n INT)`,
    `CREATE TABLE wp_gen (id INT NOT NULL PRIMARY KEY, a TEXT, g TEXT ${my ? "AS (CONCAT('<', a, '>')) VIRTUAL" : "GENERATED ALWAYS AS ('<' || a || '>') STORED"})`,
  ];
}

export function connect(engine: Engine, conn: Conn, database: string): SQL {
  return new SQL({ adapter: engine, hostname: conn.host, port: conn.port, username: conn.user, password: conn.password, database, max: 1 });
}

/** Runs the statements in order on one connection; the last one's rows. */
export async function runQueries(engine: Engine, conn: Conn, database: string, ...queries: string[]): Promise<Record<string, unknown>[]> {
  const sql = connect(engine, conn, database);
  try {
    let last: Record<string, unknown>[] = [];
    for (const q of queries) last = await sql.unsafe(q);
    return last;
  } finally {
    await sql.close();
  }
}

/** Creates `database` on the server and fills it. */
export async function createWordPressFixture(engine: Engine, conn: Conn, database: string): Promise<void> {
  await ENGINES[engine].createDatabase(conn, database);
  const sql = connect(engine, conn, database);
  const p = (n: number) => (engine === "mariadb" ? "?" : `$${n}`);
  const ins = (table: string, values: unknown[]) => sql.unsafe(`INSERT INTO ${table} VALUES (${values.map((_, i) => p(i + 1)).join(", ")})`, values);
  try {
    for (const s of ddl(engine)) await sql.unsafe(s);
    for (const [id, name, value] of OPTIONS) await ins("wp_options", [id, name, value, "yes"]);
    await ins("wp_posts", [10, POSTS.content[0], POSTS.guid[0], "Hello é"]);
    await ins("wp_posts", [11, "Plain text with no link", `http://other.example/?p=11`, "Other"]);
    for (const [id, key, value] of META) await ins("wp_postmeta", [id, 10, key, value]);
    await ins("wp_nokey", ["a", WWW, 0.1]);
    await ins("wp_nokey", ["a", WWW, 0.1]);
    await ins("wp_nokey", ["b", `${WWW}/b`, 0.30000000000000004]);
    await ins("wp_nokey", ["c", "none", 1.5]);
    await ins("wp_links", [WWW, 1, `${WWW}/a`]);
    await ins("wp_links", [WWW, 2, `${WWW}/b`]);
    // Through text: a parameter typed json would be JSON-encoded by the driver once more.
    await sql.unsafe(`INSERT INTO wp_jsondoc VALUES (1, ${engine === "mariadb" ? "CAST(? AS CHAR)" : "$1::text::jsonb"})`, [JSON.stringify({ home: WWW, n: 1 })]);
    await ins("wp_blobs", [1, BLOB, BASE64]);
    await ins("wp_numbers", [1, 42]);
    await sql.unsafe(`INSERT INTO wp_gen (id, a) VALUES (1, ${p(1)})`, [WWW]);
  } finally {
    await sql.close();
  }
}

/** Every row of every fixture table, in key order, bytes as hex: equal snapshots mean nothing changed. */
export async function snapshot(engine: Engine, conn: Conn, database: string): Promise<Record<string, unknown[]>> {
  const sql = connect(engine, conn, database);
  const order: Record<string, string> = { wp_options: "1", wp_posts: "1", wp_postmeta: "1", wp_nokey: "1, 2, 3", wp_links: "1, 2", wp_jsondoc: "1", wp_blobs: "1", wp_numbers: "1", wp_gen: "1" };
  const out: Record<string, unknown[]> = {};
  try {
    for (const [table, by] of Object.entries(order)) {
      const rows: Record<string, unknown>[] = await sql.unsafe(`SELECT * FROM ${table} ORDER BY ${by}`);
      out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("hex") : v])));
    }
  } finally {
    await sql.close();
  }
  return out;
}
