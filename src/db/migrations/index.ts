// Append-only list of migrations, embedded in the binary as text. Draft new ones with
// `bunx drizzle-kit generate --name <what>`, then add the import here. Never edit an applied one.
import m0000 from "./0000_init.sql" with { type: "text" };
import m0001 from "./0001_apps.sql" with { type: "text" };
import m0002 from "./0002_domains.sql" with { type: "text" };
import m0003 from "./0003_tls.sql" with { type: "text" };
import m0004 from "./0004_databases.sql" with { type: "text" };
import m0005 from "./0005_backups.sql" with { type: "text" };
import m0006 from "./0006_backup_hooks.sql" with { type: "text" };
import m0008 from "./0008_agents.sql" with { type: "text" };
import m0009 from "./0009_metrics.sql" with { type: "text" };
import m0010 from "./0010_alerts.sql" with { type: "text" };
import m0011 from "./0011_projects.sql" with { type: "text" };

export interface Migration {
  tag: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { tag: "0000_init", sql: m0000 },
  { tag: "0001_apps", sql: m0001 },
  { tag: "0002_domains", sql: m0002 },
  { tag: "0003_tls", sql: m0003 },
  { tag: "0004_databases", sql: m0004 },
  { tag: "0005_backups", sql: m0005 },
  { tag: "0006_backup_hooks", sql: m0006 },
  { tag: "0008_agents", sql: m0008 },
  { tag: "0009_metrics", sql: m0009 },
  { tag: "0010_alerts", sql: m0010 },
  { tag: "0011_projects", sql: m0011 },
];

export function statementsOf(sql: string): string[] {
  return sql
    .split("--> statement-breakpoint")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
