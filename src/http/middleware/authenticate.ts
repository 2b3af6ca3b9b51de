// Resolves who is calling (session cookie or Bearer token). Never rejects by itself: each
// route's declared access decides, so public routes stay public.
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Auth } from "../../auth/index.ts";
import type { AppEnv } from "../context.ts";

export const SESSION_COOKIE = "sk_session";

export function authenticate(auth: Auth): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header("authorization");
    if (header?.toLowerCase().startsWith("bearer ")) {
      c.set("principal", await auth.tokens.resolve(header.slice(7).trim()));
    } else {
      const cookie = getCookie(c, SESSION_COOKIE);
      if (cookie) c.set("principal", await auth.sessions.resolve(cookie));
    }
    await next();
  };
}
