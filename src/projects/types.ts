// Projects as the API shows them (issue #9 contract), and what the domain needs from others.

/** The rules a sync INTO an environment follows (its db_sync block). */
export interface SyncRules {
  /** Name of the environment of the same project this one is refreshed from. */
  source: string;
  /** croner expression; null = manual only. */
  schedule: string | null;
  searchReplace: [string, string][];
  anonymizeUsers: boolean;
  /** Logins or emails anonymizing leaves as they are. */
  keepUsers: string[];
  /** Table names or patterns with `*`. */
  truncateTables: string[];
  excludeTables: string[];
}

export interface EnvironmentApp {
  id: number;
  name: string;
  serverId: string;
  serverName: string;
  status: string;
  templateId: string | null;
}

export interface EnvironmentDatabase {
  kind: "linked" | "embedded";
  engine: string;
  name: string;
  label: string;
}

export interface Environment {
  id: number;
  projectId: number;
  name: string;
  appId: number;
  /** null when the app was removed since. */
  app: EnvironmentApp | null;
  domain: string | null;
  position: number;
  sync: SyncRules | null;
  database: EnvironmentDatabase | null;
  /** Why `database` is null (no database found, server offline...). */
  databaseError: string | null;
}

export type ConfigSource = "ui" | "upload" | "app-file";

export interface Project {
  id: number;
  name: string;
  description: string;
  configSource: ConfigSource;
  configAppId: number | null;
  configYaml: string | null;
  environments: Environment[];
  createdAt: string;
  updatedAt: string;
}

/** What the projects domain asks of apps, servers and databases (wired in cli/wire.ts). */
export interface ProjectsDeps {
  apps: {
    /** The app, or null when there is no such app (any more). */
    describe(appId: number): Promise<Omit<EnvironmentApp, "serverName"> | null>;
    /** The id of the app of that name on that server, or null. */
    byName(serverId: string, name: string): Promise<number | null>;
    /** serverkit.yaml at the root of the app's folder; null when absent. */
    readConfigFile(appId: number): Promise<string | null>;
  };
  servers: {
    /** Every server with its id and name (the panel's own server too). */
    list(): Promise<{ id: string; name: string }[]>;
  };
  /** The app's database (sync's resolveAppDatabase); throws when it has none. */
  describeDatabase?: (appId: number) => Promise<EnvironmentDatabase>;
}

export interface EnvironmentInput {
  name: string;
  appId: number;
  domain?: string | null;
  sync?: SyncRules | null;
}

export interface EnvironmentPatch {
  name?: string;
  appId?: number;
  domain?: string | null;
  position?: number;
  sync?: SyncRules | null;
}
