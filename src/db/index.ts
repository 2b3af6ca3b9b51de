export { openDatabase, type Db, type DatabaseHandle, type DatabaseOptions } from "./client.ts";
export { migrate, migrationStatus, SchemaTooNewError, type MigrationStatus } from "./migrate.ts";
export * as schema from "./schema/index.ts";
