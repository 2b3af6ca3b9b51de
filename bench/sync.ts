// Full sync of a WordPress-shaped site (issue #9 asks <= 10 s for 100,000 rows on this 2-core
// machine): dump + import into staging + search-replace + truncate + anonymize + WordPress URLs
// + swap, through the panel's own API and job, on a real MariaDB (or PostgreSQL). Prints each
// step's time and rows, and the total. Figures only; nothing is asserted.
//
//   bun bench/sync.ts [--rows 100000] [--engine mariadb|postgres]
import { SQL } from "bun";
import { engineOf } from "../src/databases/engines/index.ts";
import type { Conn } from "../src/databases/engines/types.ts";
import { startMariaDb, startPostgres } from "../src/databases/testing.ts";
import { createTestApp, docker, waitJob } from "../src/http/testing.ts";

type EngineId = "mariadb" | "postgres";
const args = process.argv.slice(2);
const opt = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : def);
const ROWS = Number(opt("--rows", "100000"));
const ENGINE = opt("--engine", "mariadb") as EngineId;
const APPS = ["bench-prod", "bench-dev"];

/** Rows per table, out of ROWS: postmeta dominates, as on real sites. */
const SHARE = { wp_posts: 0.1, wp_postmeta: 0.7, wp_options: 0.01, wp_users: 0.005, wp_usermeta: 0.05, wp_comments: 0.035, wp_statistics_visits: 0.1 };

function connect(conn: Conn, database: string) {
  return new SQL({ adapter: ENGINE, hostname: conn.host, port: conn.port, username: conn.user, password: conn.password, database, max: 1 });
}

/** Server-side generated rows: every 10th meta a serialized value with the URL, posts with links, JSON-escaped too. */
async function fill(conn: Conn, database: string) {
  await engineOf(ENGINE).createDatabase(conn, database);
  const sql = connect(conn, database);
  const my = ENGINE === "mariadb";
  const n = (t: keyof typeof SHARE) => Math.max(1, Math.round(ROWS * SHARE[t]));
  const series = (count: number) => (my ? `seq_1_to_${count} s` : `generate_series(1, ${count}) AS s(seq)`);
  const cat = (...parts: string[]) => (my ? `CONCAT(${parts.join(", ")})` : parts.join(" || "));
  const len = (x: string) => (my ? `LENGTH(${x})` : `octet_length(${x})`);
  const text = my ? "LONGTEXT" : "TEXT";
  const url = cat("'https://www.site.com/p/'", my ? "s.seq" : "s.seq::text");
  try {
    await sql.unsafe(`CREATE TABLE wp_options (option_id BIGINT PRIMARY KEY, option_name VARCHAR(191) NOT NULL UNIQUE, option_value ${text} NOT NULL, autoload VARCHAR(20) NOT NULL DEFAULT 'yes')`);
    await sql.unsafe(`INSERT INTO wp_options VALUES (1, 'siteurl', 'https://www.site.com', 'yes'), (2, 'home', 'https://www.site.com', 'yes')`);
    await sql.unsafe(`INSERT INTO wp_options SELECT s.seq + 2, ${cat("'opt_'", my ? "s.seq" : "s.seq::text")}, ${cat("'a:1:{s:3:\"url\";s:'", len(url), "':\"'", url, "'\";}'")}, 'yes' FROM ${series(n("wp_options"))}`);
    await sql.unsafe(`CREATE TABLE wp_posts (ID BIGINT PRIMARY KEY, post_content ${text} NOT NULL, guid VARCHAR(255) NOT NULL)`);
    await sql.unsafe(`INSERT INTO wp_posts SELECT s.seq, ${cat("'<p>Text about '", my ? "MD5(s.seq)" : "md5(s.seq::text)", "' <a href=\"'", url, "'\">link</a> <!-- wp:image {\"url\":\"https:\\\\/\\\\/www.site.com\\\\/a.jpg\"} --></p>'")}, ${url} FROM ${series(n("wp_posts"))}`);
    await sql.unsafe(`CREATE TABLE wp_postmeta (meta_id BIGINT PRIMARY KEY, post_id BIGINT NOT NULL, meta_key VARCHAR(255), meta_value ${text})`);
    const serialized = cat("'a:2:{s:3:\"url\";s:'", len(url), "':\"'", url, "'\";s:4:\"size\";i:'", my ? "s.seq" : "s.seq::text", "';}'");
    await sql.unsafe(`INSERT INTO wp_postmeta SELECT s.seq, s.seq / 10, '_meta', CASE WHEN MOD(s.seq, 10) = 0 THEN ${serialized} ELSE ${cat("'value '", my ? "MD5(s.seq)" : "md5(s.seq::text)")} END FROM ${series(n("wp_postmeta"))}`);
    await sql.unsafe(`CREATE TABLE wp_users (ID BIGINT PRIMARY KEY, user_login VARCHAR(60) NOT NULL, user_pass VARCHAR(255) NOT NULL, user_nicename VARCHAR(50) NOT NULL, user_email VARCHAR(100) NOT NULL, display_name VARCHAR(250) NOT NULL)`);
    const login = cat("'user'", my ? "s.seq" : "s.seq::text");
    await sql.unsafe(`INSERT INTO wp_users SELECT s.seq, ${login}, '$P$Bhash', ${login}, ${cat(login, "'@site.com'")}, ${login} FROM ${series(n("wp_users"))}`);
    await sql.unsafe(`CREATE TABLE wp_usermeta (umeta_id BIGINT PRIMARY KEY, user_id BIGINT NOT NULL, meta_key VARCHAR(255), meta_value ${text})`);
    await sql.unsafe(`INSERT INTO wp_usermeta SELECT s.seq, MOD(s.seq, ${n("wp_users")}) + 1, CASE MOD(s.seq, 3) WHEN 0 THEN 'first_name' WHEN 1 THEN 'session_tokens' ELSE 'wp_capabilities' END, 'x' FROM ${series(n("wp_usermeta"))}`);
    await sql.unsafe(`CREATE TABLE wp_comments (comment_ID BIGINT PRIMARY KEY, comment_post_ID BIGINT NOT NULL, comment_author VARCHAR(255) NOT NULL, comment_author_email VARCHAR(100) NOT NULL, comment_author_IP VARCHAR(100) NOT NULL, comment_content TEXT NOT NULL, user_id BIGINT NOT NULL DEFAULT 0)`);
    await sql.unsafe(`INSERT INTO wp_comments SELECT s.seq, s.seq, 'Someone', 'someone@example.com', '127.0.0.1', ${cat("'See '", url)}, 0 FROM ${series(n("wp_comments"))}`);
    await sql.unsafe(`CREATE TABLE wp_statistics_visits (id BIGINT PRIMARY KEY, hits INT NOT NULL)`);
    await sql.unsafe(`INSERT INTO wp_statistics_visits SELECT s.seq, 1 FROM ${series(n("wp_statistics_visits"))}`);
    if (!my) await sql.unsafe("ANALYZE");
  } finally {
    await sql.close();
  }
}

const server = ENGINE === "mariadb" ? await startMariaDb() : await startPostgres();
const t = await createTestApp();
try {
  if (ENGINE === "mariadb") {
    // The test servers start with a 16 MB buffer pool and a 4 MB redo log (quick to start); a bulk
    // rewrite then spends its time checkpointing. Measure at MariaDB's own defaults instead.
    const admin = connect(server.conn, "");
    await admin.unsafe("SET GLOBAL innodb_buffer_pool_size = 134217728");
    await admin.unsafe("SET GLOBAL innodb_log_file_size = 100663296");
    await admin.close();
    console.log("MariaDB at its default sizes: 128 MB buffer pool, 96 MB redo log");
  }
  console.log(`Filling a ${ROWS}-row WordPress-shaped site on ${ENGINE}…`);
  await fill(server.conn, "bench_prod");
  await engineOf(ENGINE).createDatabase(server.conn, "bench_dev");
  const owner = await t.owner();
  const srv = await owner.request("POST", "/database-servers", { engine: ENGINE, name: "bench", host: server.conn.host, port: server.conn.port, adminUser: server.conn.user, adminPassword: server.conn.password });
  const appIds: number[] = [];
  for (const name of APPS) {
    const app = await owner.request("POST", "/apps", { name, compose: 'services:\n  web:\n    image: local/busybox:test\n    command: ["sleep", "86400"]\n    stop_signal: SIGKILL\n' });
    await waitJob(owner, app.body.job.id, 120_000);
    appIds.push(app.body.app.id);
    const link = await owner.request("POST", `/apps/${app.body.app.id}/databases`, { databaseServerId: srv.body.databaseServer.id, database: name.replace("-", "_") });
    await waitJob(owner, link.body.job.id, 120_000);
  }
  const project = (await owner.request("POST", "/projects", { name: "bench" })).body.project;
  await owner.request("POST", `/projects/${project.id}/environments`, { name: "prod", appId: appIds[0], domain: "www.site.com" });
  const rules = { source: "prod", anonymizeUsers: true, truncateTables: ["wp_statistics_*"] };
  const dev = (await owner.request("POST", `/projects/${project.id}/environments`, { name: "dev", appId: appIds[1], domain: "dev.site.com:8443", sync: rules })).body.environment;

  const started = performance.now();
  const r = await owner.request("POST", `/environments/${dev.id}/sync`, {});
  const job = await waitJob(owner, r.body.job.id, 600_000);
  const wall = performance.now() - started;
  const run = (await owner.request("GET", `/sync-runs/${r.body.run.id}`)).body.run;
  if (job.status !== "succeeded") throw new Error(`sync ${job.status}: ${job.error}`);
  for (const s of run.report.steps) console.log(`  ${s.name.padEnd(36)} ${(s.ms / 1000).toFixed(2).padStart(7)} s${s.rows !== undefined ? `  ${s.rows} rows` : ""}${s.detail ? `  (${s.detail})` : ""}`);
  console.log(`Full sync of ${ROWS} rows (${ENGINE}): ${(run.report.totalMs / 1000).toFixed(2)} s in the job, ${(wall / 1000).toFixed(2)} s from the request to the job's end (target <= 10 s)`);
} finally {
  for (const app of APPS) {
    const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${app}`]).catch(() => "")).split("\n").filter(Boolean);
    if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
    await docker(["network", "rm", `${app}_default`]).catch(() => undefined);
  }
  await t.close();
  await server.stop();
}
