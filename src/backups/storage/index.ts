// The storage module's public face: open a target from its settings, validate settings.
import { LocalStorage } from "./local.ts";
import { S3Storage } from "./s3.ts";
import type { BackupStorage, StorageConfig } from "./types.ts";

export { storageConfigSchema } from "./config.ts";
export type { BackupStorage, StorageConfig, StoredObject } from "./types.ts";

export function openStorage(cfg: StorageConfig): BackupStorage {
  return cfg.kind === "local" ? new LocalStorage(cfg.path) : new S3Storage(cfg);
}
