// Test support: WordPress's people on top of wp-fixture's database: two installations
// (prefixes wp_ and blog_), users with personal meta and sessions, comments by users and by
// visitors (a multisite sub-site's too), and the admin address in the options.
import type { Conn } from "../databases/engines/index.ts";
import { connect, createWordPressFixture } from "./wp-fixture.ts";

type Engine = "mariadb" | "postgres";

/** [ID, login, email, first name, last name] */
export const USERS: [number, string, string, string, string][] = [
  [1, "admin", "admin@prod-site.com", "Ada", "Admin"],
  [2, "editor", "Editor@Prod-Site.com", "Edda", "Editor"],
  [3, "alice", "alice@prod-site.com", "Alice", "Liddell"],
  [4, "bob", "bob.builder@prod-mail.net", "Bob", "Builder"],
];
export const BLOG_USERS: [number, string, string, string, string][] = [[7, "erin", "erin@prod-blog.org", "Erin", "Blogger"]];
/** Kept by login and by email (in another case than stored). */
export const KEEP = ["admin", "editor@prod-site.com"];
/** What must be gone from the whole database after anonymizing with KEEP. */
export const PROD_SECRETS = [
  "alice@prod-site.com", "bob.builder@prod-mail.net", "erin@prod-blog.org", "carol@visitor-prod.net", "dave@multi-prod.net",
  "Liddell", "Builder", "Blogger", "203.0.113.9", "198.51.100.7", "https://carol.example", "Mozilla/5.0 (Carol Visitor)",
];

function ddl(engine: Engine, prefix: string): string[] {
  const my = engine === "mariadb";
  const big = my ? "BIGINT UNSIGNED" : "BIGINT";
  const long = my ? "LONGTEXT" : "TEXT";
  return [
    `CREATE TABLE ${prefix}users (ID ${big} NOT NULL PRIMARY KEY, user_login VARCHAR(60) NOT NULL, user_pass VARCHAR(255) NOT NULL, user_nicename VARCHAR(50) NOT NULL,
       user_email VARCHAR(100) NOT NULL, user_url VARCHAR(100) NOT NULL, user_registered VARCHAR(20) NOT NULL, user_activation_key VARCHAR(255) NOT NULL,
       user_status INT NOT NULL, display_name VARCHAR(250) NOT NULL)`,
    `CREATE TABLE ${prefix}usermeta (umeta_id ${big} NOT NULL PRIMARY KEY, user_id ${big} NOT NULL, meta_key VARCHAR(255), meta_value ${long})`,
    `CREATE TABLE ${prefix}comments (comment_ID ${big} NOT NULL PRIMARY KEY, comment_post_ID ${big} NOT NULL, comment_author TEXT NOT NULL,
       comment_author_email VARCHAR(100) NOT NULL, comment_author_url VARCHAR(200) NOT NULL, comment_author_IP VARCHAR(100) NOT NULL,
       comment_content TEXT NOT NULL, comment_agent VARCHAR(255) NOT NULL, user_id ${big} NOT NULL)`,
  ];
}

/** wp-fixture's database plus users, meta, comments and admin addresses. */
export async function createWordPressUsersFixture(engine: Engine, conn: Conn, database: string): Promise<void> {
  await createWordPressFixture(engine, conn, database);
  const sql = connect(engine, conn, database);
  const p = (n: number) => (engine === "mariadb" ? "?" : `$${n}`);
  const ins = (table: string, values: unknown[]) => sql.unsafe(`INSERT INTO ${table} VALUES (${values.map((_, i) => p(i + 1)).join(", ")})`, values);
  try {
    for (const s of [...ddl(engine, "wp_"), ...ddl(engine, "blog_")]) await sql.unsafe(s);
    await sql.unsafe("CREATE TABLE wp_2_comments AS SELECT * FROM wp_comments");
    await sql.unsafe("CREATE TABLE blog_options AS SELECT * FROM wp_options WHERE 1 = 0");
    let metaId = 0;
    for (const [prefix, users] of [["wp_", USERS], ["blog_", BLOG_USERS]] as const) {
      for (const [id, login, email, first, last] of users) {
        const hash = `$P$Bknown${login}hash`.padEnd(34, "x");
        await ins(`${prefix}users`, [id, login, hash, login, email, `https://${login}.prod-site.com`, "2024-01-01 00:00:00", `key-${login}`, 0, `${first} ${last}`]);
        const meta: [string, string][] = [
          ["nickname", login], ["first_name", first], ["last_name", last], ["description", `${first} ${last} writes here.`],
          ["session_tokens", `a:1:{s:64:"${"f".repeat(64)}";a:1:{s:2:"ip";s:11:"198.51.100.7";}}`],
          [`${prefix}capabilities`, 'a:1:{s:13:"administrator";b:1;}'],
          ["billing_email", email], ["billing_address_1", `1 ${last} Street`], ["shipping_last_name", last],
          ["_woocommerce_persistent_cart_1", `a:1:{s:5:"email";s:${email.length}:"${email}";}`], ["show_admin_bar_front", "true"],
        ];
        for (const [k, v] of meta) await ins(`${prefix}usermeta`, [++metaId, id, k, v]);
      }
    }
    const comment = (table: string, id: number, author: string, email: string, url: string, ip: string, userId: number) =>
      ins(table, [id, 10, author, email, url, ip, "Nice post!", `Mozilla/5.0 (${author})`, userId]);
    await comment("wp_comments", 1, "Alice Liddell", "alice@prod-site.com", "", "203.0.113.9", 3);
    await comment("wp_comments", 2, "Carol Visitor", "carol@visitor-prod.net", "https://carol.example", "203.0.113.9", 0);
    await comment("wp_comments", 3, "Ada Admin", "admin@prod-site.com", "", "127.0.0.1", 1);
    await comment("wp_2_comments", 1, "Dave", "dave@multi-prod.net", "", "198.51.100.7", 0);
    await comment("blog_comments", 5, "Erin Blogger", "erin@prod-blog.org", "", "203.0.113.9", 7);
    await ins("wp_options", [20, "admin_email", "admin@prod-site.com", "yes"]);
    await ins("blog_options", [1, "admin_email", "erin@prod-blog.org", "yes"]);
    await ins("blog_options", [2, "new_admin_email", "Erin@Prod-Blog.org", "yes"]);
  } finally {
    await sql.close();
  }
}
