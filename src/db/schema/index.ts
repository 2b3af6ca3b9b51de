export * from "./users.ts";
export * from "./sessions.ts";
export * from "./audit.ts";
export * from "./jobs.ts";
export * from "./servers.ts";
export * from "./apps.ts";
export * from "./domains.ts";
export * from "./tls.ts";
