// Declaring a route: method, path, who may call it, what it accepts, what the audit log calls it.
// The same declarations feed the router, the role checks and /openapi.json, so none can drift.
import type { Context, Hono } from "hono";
import { z } from "zod";
import { can, type Permission, type Principal } from "../auth/index.ts";
import { safeEqual } from "../lib/crypto.ts";
import { DomainError, forbidden, unauthorized } from "../lib/errors.ts";
import type { AppEnv } from "./context.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type Access = "public" | "authenticated" | Permission;

export interface RouteSpec<A extends Access, B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: Method;
  /** Relative to /api/v1, Hono syntax (`/users/:id`). */
  path: string;
  summary: string;
  access: A;
  body?: B;
  query?: Q;
  /** Action name in the audit log (mutating routes). */
  audit?: string;
  handler: (
    c: Context<AppEnv>,
    input: {
      body: B extends z.ZodType ? z.infer<B> : undefined;
      query: Q extends z.ZodType ? z.infer<Q> : undefined;
      principal: A extends "public" ? Principal | undefined : Principal;
    },
  ) => Response | Promise<Response>;
}

export interface RegisteredRoute {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
}

const SAFE = new Set(["get", "head", "options"]);

function authorise(c: Context<AppEnv>, access: Access, method: Method): Principal | undefined {
  const principal = c.get("principal");
  if (access === "public") return principal;
  if (!principal) throw unauthorized("unauthorized", "Sign in or send an API token.");
  // Cookies ride along on cross-site requests; the CSRF token, which only our pages can read, does not.
  if (principal.via === "session" && !SAFE.has(method)) {
    const sent = c.req.header("x-csrf-token");
    if (!sent || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
      throw forbidden("csrf_failed", "Missing or wrong X-CSRF-Token header. Reload the page and try again.");
    }
  }
  if (principal.via === "token" && principal.tokenScope === "read" && !SAFE.has(method)) {
    throw forbidden("token_scope", "This API token is read-only.");
  }
  if (access !== "authenticated" && !can(principal.role, access)) {
    throw forbidden("forbidden", "Your role does not allow this.");
  }
  return principal;
}

async function readBody(c: Context<AppEnv>, schema: z.ZodType): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  const text = await c.req.text();
  if (text.length === 0) return schema.parse({});
  if (!type.includes("application/json")) throw new DomainError("invalid", "unsupported_media_type", "Send the body as application/json.");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError("invalid", "malformed_json", "The request body is not valid JSON.");
  }
  return schema.parse(json);
}

export class Router {
  readonly routes: RegisteredRoute[] = [];

  constructor(private readonly app: Hono<AppEnv>) {}

  add<A extends Access, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<A, B, Q>,
  ): void {
    this.routes.push({ method: spec.method, path: spec.path, summary: spec.summary, access: spec.access, body: spec.body, query: spec.query });
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      if (spec.audit) c.get("audit").action = spec.audit;
      const principal = authorise(c, spec.access, spec.method);
      const body = spec.body ? await readBody(c, spec.body) : undefined;
      const query = spec.query ? spec.query.parse(c.req.query()) : undefined;
      return spec.handler(c, { body, query, principal } as Parameters<typeof spec.handler>[1]);
    });
  }
}

/** Path parameter ids: numeric ids come in as strings. */
export const idParam = (c: Context<AppEnv>, name = "id"): number => {
  const n = Number(c.req.param(name));
  if (!Number.isSafeInteger(n) || n <= 0) throw new DomainError("invalid", "invalid_id", `"${name}" must be a positive integer.`);
  return n;
};

/** A path parameter as a string (the route declared it, so it is there). */
export const param = (c: Context<AppEnv>, name = "id"): string => c.req.param(name) ?? "";
