// `serverkit db search-replace`: the sync transform engine for scripting, against any
// MariaDB/MySQL or PostgreSQL database the caller can reach.
import { parseDatabaseUrl, searchReplace } from "../sync/index.ts";
import { fail, out, parse } from "./args.ts";

const HELP = `Usage: serverkit db search-replace --database-url URL --search A --replace B [--search C --replace D ...] [--dry-run]

Rewrites that database in place: every pair, in order, across every table's text columns,
correct inside PHP-serialized values (lengths recomputed), JSON-escaped (https:\\/\\/...) and
URL-encoded forms. Binary columns, primary keys and values that cannot be rewritten safely
are left alone. Each table is changed in one transaction. A search that is a URL ending in
its host (https://www.site.com) does not match longer hostnames (https://www.site.com.au).

Options:
  --database-url URL   mysql://USER:PASS@HOST:PORT/DB or postgres://USER:PASS@HOST:PORT/DB
  --search TEXT        text to find (at least 4 characters); repeat with --replace for more pairs
  --replace TEXT       what to put instead
  --dry-run            only count and show samples of what would change

Exit status: 0 when done, non-zero on any failure (nothing of a failed table is changed).`;

export async function db(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      help: { type: "boolean", short: "h" },
      "database-url": { type: "string" },
      search: { type: "string", multiple: true },
      replace: { type: "string", multiple: true },
      "dry-run": { type: "boolean" },
    },
    true,
  );
  const command = positionals[0];
  if (values.help || !command) return out(HELP), values.help ? 0 : 2;
  if (command !== "search-replace" || positionals.length > 1) fail(`unknown command "db ${positionals.join(" ")}"\n\n${HELP}`);

  const url = values["database-url"] ?? fail("--database-url is required");
  const searches = values.search ?? [];
  const replaces = values.replace ?? [];
  if (searches.length === 0) fail("give at least one --search and --replace pair");
  if (searches.length !== replaces.length) fail(`--search was given ${searches.length} times and --replace ${replaces.length} times: they go in pairs`);
  const pairs = searches.map((search, i) => ({ search, replace: replaces[i]! }));
  const dryRun = values["dry-run"] ?? false;

  const report = await searchReplace(parseDatabaseUrl(url), { pairs, dryRun, log: out });
  if (dryRun) {
    for (const t of report.tables) {
      for (const s of t.samples) out(`  ${t.table}.${s.column} [${s.row}]\n    - ${s.before}\n    + ${s.after}`);
    }
  }
  return 0;
}
