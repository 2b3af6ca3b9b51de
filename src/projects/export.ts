// A project's current settings written as serverkit.yaml: what a user commits to the app's
// repository to make the file the source of truth. parseConfig(exportConfig(p)) gives p back.
import { Document, isScalar, isSeq, YAMLMap } from "yaml";
import type { Project } from "./types.ts";

export function exportConfig(project: Project, servers: { id: string; name: string }[]): string {
  // A server is written by name unless another server has the same name; then by id.
  const serverRef = (id: string) => {
    const named = servers.find((s) => s.id === id);
    if (!named) return id;
    return servers.filter((s) => s.name === named.name).length === 1 ? named.name : id;
  };
  const environments: Record<string, Record<string, unknown>> = {};
  const skipped: string[] = [];
  for (const env of project.environments) {
    if (!env.app) {
      skipped.push(env.name);
      continue;
    }
    const e: Record<string, unknown> = { server: serverRef(env.app.serverId), app: env.app.name };
    if (env.domain) e.domain = env.domain;
    const s = env.sync;
    if (s) {
      const sync: Record<string, unknown> = { source: s.source };
      if (s.schedule) sync.schedule = s.schedule;
      if (s.searchReplace.length) sync.search_replace = s.searchReplace;
      if (s.anonymizeUsers) sync.anonymize_users = true;
      if (s.keepUsers.length) sync.keep_users = s.keepUsers;
      if (s.truncateTables.length) sync.truncate_tables = s.truncateTables;
      if (s.excludeTables.length) sync.exclude_tables = s.excludeTables;
      e.db_sync = sync;
    }
    environments[env.name] = e;
  }
  const doc = new Document({ environments });
  doc.commentBefore = ` serverkit.yaml for project "${project.name}", written by ServerKit.`;
  if (skipped.length) doc.commentBefore += `\n Left out (their app no longer exists): ${skipped.join(", ")}.`;
  // Pairs and table lists read best on one line each: ["https://a", "https://b"].
  const envs = doc.get("environments");
  if (envs instanceof YAMLMap) {
    for (const pair of envs.items) {
      const sync = (pair.value as YAMLMap | null)?.get("db_sync");
      if (!(sync instanceof YAMLMap)) continue;
      // Quoted like the documentation's example: a cron line is easier to read as one string.
      const schedule = sync.get("schedule", true);
      if (isScalar(schedule)) schedule.type = "QUOTE_DOUBLE";
      const pairs = sync.get("search_replace");
      if (isSeq(pairs)) for (const item of pairs.items) if (isSeq(item)) item.flow = true;
      for (const key of ["keep_users", "truncate_tables", "exclude_tables"]) {
        const list = sync.get(key);
        if (isSeq(list)) list.flow = true;
      }
    }
  }
  return doc.toString({ lineWidth: 0 });
}
