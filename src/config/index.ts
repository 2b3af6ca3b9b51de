export { loadConfig, ConfigError, DEFAULT_CONFIG_PATH, type ConfigFlags } from "./load.ts";
export type { Config } from "./schema.ts";
