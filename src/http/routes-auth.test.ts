// Every registered route refuses an anonymous caller, except the few that must be open.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createTestApp } from "./testing.ts";

// POST /agents/register and GET /agents/binary take a one-time registration token instead of a session.
const PUBLIC = new Set(["GET /health", "GET /setup", "POST /setup", "POST /auth/login", "POST /auth/login/2fa", "POST /agents/register", "GET /agents/binary"]);

describe("route protection", () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp();
    await t.owner(); // an owner exists, as on any real panel
  });
  afterAll(() => t.close());

  test("the allow-list is exactly the declared public routes", () => {
    const declaredPublic = t.routes.filter((r) => r.access === "public").map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(new Set(declaredPublic)).toEqual(PUBLIC);
  });

  test("every other route answers 401 with the error shape", async () => {
    const anon = t.client();
    const checked: string[] = [];
    for (const r of t.routes) {
      const key = `${r.method.toUpperCase()} ${r.path}`;
      if (PUBLIC.has(key)) continue;
      const path = r.path.replace(/:(\w+)/g, "1");
      const res = await anon.request(r.method.toUpperCase(), path, r.method === "get" ? undefined : {});
      expect({ route: key, status: res.status, code: res.body?.error?.code }).toEqual({ route: key, status: 401, code: "unauthorized" });
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(15);
  });

  test("the WebSocket endpoint refuses anonymous callers", async () => {
    const res = await t.app.request("/api/v1/ws", { headers: { upgrade: "websocket" } });
    expect(res.status).toBe(401);
  });
});
