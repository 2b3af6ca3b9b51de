// The only reader of process.env. Precedence: flags > environment > config file > defaults.
import { existsSync, readFileSync } from "node:fs";
import type * as YamlModule from "yaml";

import { configSchema, type Config } from "./schema.ts";

export const DEFAULT_CONFIG_PATH = "/etc/serverkit/config.yaml";

export class ConfigError extends Error {}

export interface ConfigFlags {
  config?: string;
  port?: string | number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
  logLevel?: string;
}

const ENV_KEYS: Record<string, keyof ConfigFlags> = {
  SERVERKIT_PORT: "port",
  SERVERKIT_HOST: "host",
  SERVERKIT_DATA_DIR: "dataDir",
  SERVERKIT_DATABASE_URL: "databaseUrl",
  SERVERKIT_LOG_LEVEL: "logLevel",
};

function readFileConfig(path: string, explicit: boolean): Record<string, unknown> {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError(`config file not found: ${path}`);
    return {};
  }
  let parsed: unknown;
  try {
    // Required lazily: the YAML parser costs resident memory and most starts have an empty
    // or absent config file.
    const text = readFileSync(path, "utf8");
    parsed = /^\s*(#.*\s*)*(\{\s*\})?\s*$/.test(text) ? {} : (require("yaml") as typeof YamlModule).parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must be a mapping`);
  return parsed as Record<string, unknown>;
}

export function loadConfig(flags: ConfigFlags = {}, env: Record<string, string | undefined> = process.env): Config {
  const path = flags.config ?? env.SERVERKIT_CONFIG ?? DEFAULT_CONFIG_PATH;
  const explicit = flags.config !== undefined || env.SERVERKIT_CONFIG !== undefined;
  const merged: Record<string, unknown> = { ...readFileConfig(path, explicit) };
  for (const [envKey, key] of Object.entries(ENV_KEYS)) if (env[envKey]) merged[key] = env[envKey];
  if (env.SERVERKIT_TEST_JOBS) merged.testJobs = env.SERVERKIT_TEST_JOBS === "1";
  for (const [key, value] of Object.entries(flags)) if (key !== "config" && value !== undefined) merged[key] = value;

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`invalid configuration (${path}):\n${lines.join("\n")}`);
  }
  return Object.freeze(result.data);
}

