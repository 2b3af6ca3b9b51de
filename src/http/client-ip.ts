import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/** The TCP peer address. Forwarded headers are not trusted: anyone can send them. */
export function clientIp(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}
