// The one place that turns errors into HTTP answers: { error: { code, message, details } }.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { DomainError, type ErrorKind } from "../lib/errors.ts";
import type { AppEnv } from "./context.ts";

const statusOf: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof DomainError) {
    const status = statusOf[err.kind];
    if (err.kind === "rate_limited") {
      const retry = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) c.header("Retry-After", String(retry));
    }
    return c.json(errorBody(err.code, err.message, err.details), status);
  }
  if (err instanceof z.ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    const message = first ? `${first.path || "body"}: ${first.message}` : "Invalid input.";
    return c.json(errorBody("validation_failed", message, details), 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? "payload_too_large" : status === 404 ? "not_found" : "http_error";
    return c.json(errorBody(code, err.message || "Request failed."), status);
  }
  c.get("log")?.error("unhandled error", { err });
  return c.json(errorBody("internal", "Something went wrong on the server. The error was logged."), 500);
}

export function notFoundHandler(c: Context<AppEnv>): Response {
  return c.json(errorBody("not_found", `No route ${c.req.method} ${c.req.path}.`), 404);
}
