// What every command that touches panel state needs: config, logger, database, migrations,
// the secret box and the domains. One place, so `serve` and `user` see the same world.
import { join } from "node:path";
import { createAudit } from "../audit/index.ts";
import { createAuth } from "../auth/index.ts";
import { loadConfig, type Config, type ConfigFlags } from "../config/index.ts";
import { migrate, openDatabase, type DatabaseHandle } from "../db/index.ts";
import { SecretBox } from "../lib/crypto.ts";
import { log, setLogLevel } from "../lib/log.ts";

export interface Booted {
  config: Config;
  database: DatabaseHandle;
  box: SecretBox;
  auth: ReturnType<typeof createAuth>;
  audit: ReturnType<typeof createAudit>;
  appliedMigrations: string[];
}

export async function boot(flags: ConfigFlags, opts: { migrate: boolean } = { migrate: true }): Promise<Booted> {
  const config = loadConfig(flags);
  setLogLevel(config.logLevel);
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const appliedMigrations = opts.migrate ? await migrate(database.raw) : [];
  const box = SecretBox.fromKeyFile(join(config.dataDir, "secret.key"));
  return {
    config,
    database,
    box,
    auth: createAuth(database.db, box, config.auth),
    audit: createAudit(database.db, log.child({ domain: "audit" })),
    appliedMigrations,
  };
}

export const flagsFrom = (values: { config?: string; "data-dir"?: string }): ConfigFlags => ({
  config: values.config,
  dataDir: values["data-dir"],
});
