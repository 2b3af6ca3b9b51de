// Pieces the whole-server engines (Redis, MongoDB) share: they have no databases or users the
// panel manages, so those operations refuse with one clear error, and their tools run inside
// the container with paths the server itself reported, checked before they reach an argv.
import { invalid } from "../../lib/errors.ts";
import type { Engine } from "./types.ts";

type Unsupported = Pick<Engine, "listUsers" | "createDatabase" | "dropDatabase" | "createUser" | "dropUser" | "grantAll" | "dumpCommand" | "restoreCommand">;

/** The SQL-side operations, refused: the UI hides them (capabilities), the API says why. */
export function noDatabases(label: string): Unsupported {
  const refuse = (): never => {
    throw invalid("engine_no_databases", `${label} has no databases or users the panel manages; back up and restore the whole server instead.`);
  };
  return {
    listUsers: async () => [],
    createDatabase: async () => refuse(),
    dropDatabase: async () => refuse(),
    createUser: async () => refuse(),
    dropUser: async () => refuse(),
    grantAll: async () => refuse(),
    dumpCommand: refuse,
    restoreCommand: async () => refuse(),
  };
}

/** A directory inside the container, as the server reported it: absolute, plain characters only. */
export function containerPath(path: string): string {
  if (!/^\/[A-Za-z0-9._\/-]{0,255}$/.test(path) || path.split("/").includes("..")) {
    throw invalid("unexpected_server_path", `The server reported an unexpected path: ${JSON.stringify(path.slice(0, 100))}`);
  }
  return path;
}

/** A file name as the server reported it: no directories. */
export function containerFileName(name: string): string {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name) || name === "." || name === "..") {
    throw invalid("unexpected_server_path", `The server reported an unexpected file name: ${JSON.stringify(name.slice(0, 100))}`);
  }
  return name;
}
