// Path and query helpers shared by the Docker management routes.
import type { Context } from "hono";
import { z } from "zod";
import { invalid } from "../lib/errors.ts";
import type { AppEnv } from "./context.ts";

/** A boolean query flag: ?force=true / ?force=1. */
export const flag = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "true" || v === "1"));

/** A path parameter checked against a protocol schema, so a bad id is a 400 that names the parameter. */
export function pathRef(c: Context<AppEnv>, name: string, schema: z.ZodType<string>, what: string): string {
  const raw = c.req.param(name) ?? "";
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(`invalid_${name}`, `"${raw.slice(0, 80)}" is not a valid ${what}.`);
  return parsed.data;
}

export const serverOf = (c: Context<AppEnv>) => c.req.param("server") ?? "";

/** What the audit trail records for this request: the resource, and on which server. */
export function auditTarget(c: Context<AppEnv>, target: string): void {
  const note = c.get("audit");
  note.target = target;
  note.details = { ...note.details, server: serverOf(c) };
}
