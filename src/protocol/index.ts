export * from "./messages.ts";
export * from "./operations.ts";
export * from "./ops/server.ts";
export { appName, composeActions } from "./ops/compose.ts";
export * from "./ops/docker.ts";
