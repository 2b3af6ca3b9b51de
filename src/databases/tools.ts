// Running the engines' command-line tools (mariadb, psql, initdb...) to completion: argv
// arrays only, secrets through the environment or stdin, stderr kept for the error.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { DomainError } from "../lib/errors.ts";

export interface RunOptions {
  env?: Record<string, string>;
  /** Text fed to stdin (SQL scripts: keeps passwords off the command line). */
  stdin?: string;
  /** Run as this OS user (the caller must be root). */
  uid?: number;
  gid?: number;
  cwd?: string;
  /** Error code when the tool fails. */
  code?: string;
}

/** Runs a tool to completion and returns its stdout; a non-zero exit throws unavailable with the tool's stderr. */
export async function runTool(argv: string[], o: RunOptions = {}): Promise<string> {
  const proc = Bun.spawn(argv, {
    env: { ...baseEnv(), ...o.env },
    stdin: o.stdin === undefined ? "ignore" : new Blob([o.stdin]),
    stdout: "pipe",
    stderr: "pipe",
    uid: o.uid,
    gid: o.gid,
    cwd: o.cwd,
  });
  const [out, err, exit] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (exit !== 0) {
    throw new DomainError("unavailable", o.code ?? "db_tool_failed", `${basename(argv[0]!)} failed: ${toolMessage(err || out, exit)}`);
  }
  return out;
}

/**
 * The part of a tool's stderr worth showing. The mariadb client echoes a whole failed
 * statement (megabytes of INSERT for a cut-off dump) before its ERROR line, so error lines
 * are picked out when there are any, and the rest is cut to its tail.
 */
export function toolMessage(stderr: string, exit: number | null): string {
  const errors = stderr.split("\n").filter((l) => /\b(ERROR|error|FATAL|fatal)\b/.test(l) && l.length <= 2000);
  if (errors.length > 0) return errors.slice(-10).join("\n").trim();
  const text = stderr.trim();
  if (text === "") return `exit status ${exit}`;
  return text.length > 2000 ? "…" + text.slice(-2000) : text;
}

/**
 * A small, predictable environment for the tools: no inherited PG*, MYSQL_* or
 * MARIADB_* variables that would silently change where they connect.
 */
export function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", LANG: "C.UTF-8", LC_ALL: "C.UTF-8" };
}

/**
 * PostgreSQL's programs live in /usr/lib/postgresql/<major>/bin on Debian. The server side
 * (initdb, postgres) is not on PATH at all, and /usr/bin/psql, pg_dump... are pg_wrapper, a
 * Perl script that costs a few hundred ms per start; the newest major's client tools work
 * with every older server, so that one is used. Elsewhere, whatever PATH has.
 */
export function postgresBin(tool: string): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, "bin", tool)))
      .sort((a, b) => Number(b) - Number(a));
    if (majors[0]) return join(root, majors[0], "bin", tool);
  }
  return tool;
}

/** uid/gid of an OS account from /etc/passwd, or null when it does not exist. */
export function osUser(name: string): { uid: number; gid: number } | null {
  const passwd = existsSync("/etc/passwd") ? readFileSync("/etc/passwd", "utf8") : "";
  for (const line of passwd.split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}
