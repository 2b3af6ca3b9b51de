import { loadConfig } from "../config/index.ts";
import { migrationStatus, openDatabase } from "../db/index.ts";
import { commonOptions, fail, out, parse } from "./args.ts";
import { flagsFrom } from "./boot.ts";

const HELP = `Usage: serverkit migrate status [--data-dir DIR] [--config FILE]

Shows which database migrations are applied and which are pending.
Migrations are applied automatically when \`serverkit serve\` starts.`;

export async function migrateCmd(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, commonOptions, true);
  if (values.help || positionals[0] !== "status") {
    if (!values.help && positionals[0]) fail(`unknown command "migrate ${positionals[0]}"\n\n${HELP}`);
    return out(HELP), values.help ? 0 : 2;
  }
  const config = loadConfig(flagsFrom(values));
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const s = await migrationStatus(db.raw);
    for (const a of s.applied) out(`applied  ${a.tag}  ${new Date(a.appliedAt).toISOString()}`);
    for (const p of s.pending) out(`pending  ${p}`);
    for (const u of s.unknown) out(`unknown  ${u}  (from a newer serverkit)`);
    out(s.pending.length === 0 && s.unknown.length === 0 ? "database is up to date" : `${s.pending.length} pending`);
    return s.unknown.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}
