// What every command that touches panel state needs: config, logger, database, migrations and
// the secret box. One place, so `serve` and `user` see the same world; the domains are built
// by the command that needs them (wire.ts for serve).
import { join } from "node:path";
import { loadConfig, type Config, type ConfigFlags } from "../config/index.ts";
import { migrate, openDatabase, type DatabaseHandle } from "../db/index.ts";
import { SecretBox } from "../lib/crypto.ts";
import { setLogLevel } from "../lib/log.ts";

export interface Booted {
  config: Config;
  database: DatabaseHandle;
  box: SecretBox;
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
    appliedMigrations,
  };
}

export const flagsFrom = (values: { config?: string; "data-dir"?: string }): ConfigFlags => ({
  config: values.config,
  dataDir: values["data-dir"],
});
