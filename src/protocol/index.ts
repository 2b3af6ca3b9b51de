export * from "./messages.ts";
export * from "./operations.ts";
export * from "./ops/server.ts";
