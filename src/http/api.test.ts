// API behaviour as scenario tables: method, path, who, body -> status and error code.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { currentCode } from "../auth/index.ts";
import { createTestApp, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let admin: TestClient;
let operator: TestClient;
let viewer: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.owner();
  admin = await t.userWithRole(owner, "admin");
  operator = await t.userWithRole(owner, "operator");
  viewer = await t.userWithRole(owner, "viewer");
});
afterAll(() => t.close());

describe("setup", () => {
  test("is gone once an owner exists", async () => {
    expect((await t.client().request("GET", "/setup")).body).toEqual({ needed: false });
    const again = await t.client().request("POST", "/setup", { username: "mallory", password: "mallory-password" });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("setup_complete");
  });

  test("two concurrent setups on a fresh panel create exactly one owner", async () => {
    const fresh = await createTestApp("libsql");
    try {
      const attempts = await Promise.all(
        Array.from({ length: 6 }, (_, i) => fresh.client().request("POST", "/setup", { username: `racer${i}`, password: "racing-password-1" })),
      );
      expect(attempts.filter((a) => a.status === 201)).toHaveLength(1);
      expect(attempts.filter((a) => a.status === 404)).toHaveLength(5);
      const o = fresh.client({ cookie: attempts.find((a) => a.status === 201)!.res.headers.get("set-cookie")!.split(";")[0] });
      expect((await o.request("GET", "/users")).body.items).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});

describe("bad input", () => {
  const cases: [string, string, string, unknown, number, string][] = [
    ["wrong password", "POST", "/auth/login", { username: "owner", password: "nope-nope-nope" }, 401, "invalid_credentials"],
    ["unknown user", "POST", "/auth/login", { username: "ghost", password: "whatever-long" }, 401, "invalid_credentials"],
    ["malformed JSON", "POST", "/auth/login", "{not json", 400, "malformed_json"],
    ["missing field", "POST", "/auth/login", { username: "owner" }, 400, "validation_failed"],
    ["unknown field", "POST", "/auth/login", { username: "owner", password: "x", admin: true }, 400, "validation_failed"],
    ["bad 2FA challenge", "POST", "/auth/login/2fa", { challenge: "forged", code: "123456" }, 401, "challenge_invalid"],
  ];
  for (const [name, method, path, body, status, code] of cases) {
    test(name, async () => {
      const r = await t.client().request(method, path, body);
      expect(r.status).toBe(status);
      expect(r.body.error.code).toBe(code);
      expect(typeof r.body.error.message).toBe("string");
    });
  }

  test("unknown API route is a JSON 404", async () => {
    const r = await owner.request("GET", "/nope");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
  });

  test("oversized body is refused with 413", async () => {
    const r = await owner.request("POST", "/tokens", { name: "x".repeat(t.services.config.bodyLimitBytes + 10), scope: "read" });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe("payload_too_large");
  });

  test("cookie writes without the CSRF header are refused and change nothing", async () => {
    const noCsrf = t.client({ cookie: owner.cookie });
    const r = await noCsrf.request("POST", "/users", { username: "sneaky", password: "sneaky-password", role: "admin" });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("csrf_failed");
    const users = (await owner.request("GET", "/users")).body.items.map((u: { username: string }) => u.username);
    expect(users).not.toContain("sneaky");
  });
});

describe("roles are checked server-side", () => {
  const matrix: [string, () => TestClient, string, string, unknown, number][] = [
    ["viewer reads servers", () => viewer, "GET", "/servers", undefined, 200],
    ["viewer cannot list users", () => viewer, "GET", "/users", undefined, 403],
    ["viewer cannot read audit", () => viewer, "GET", "/audit", undefined, 403],
    ["viewer cannot start jobs", () => viewer, "POST", "/jobs", { kind: "test.sleep", params: { seconds: 0 } }, 403],
    ["operator starts jobs", () => operator, "POST", "/jobs", { kind: "test.sleep", params: { seconds: 0 } }, 201],
    ["operator cannot create users", () => operator, "POST", "/users", { username: "x-op", password: "xxxxxxxxxxxx", role: "viewer" }, 403],
    ["admin creates an operator", () => admin, "POST", "/users", { username: "op2", password: "op2-password", role: "operator" }, 201],
    ["admin cannot create an admin", () => admin, "POST", "/users", { username: "adm2", password: "adm2-password", role: "admin" }, 403],
    ["nobody creates an owner", () => owner, "POST", "/users", { username: "own2", password: "own2-password", role: "owner" }, 403],
    ["admin reads the audit log", () => admin, "GET", "/audit", undefined, 200],
  ];
  for (const [name, who, method, path, body, status] of matrix) {
    test(name, async () => {
      const r = await who().request(method, path, body);
      expect({ status: r.status, code: r.body?.error?.code }).toMatchObject({ status });
    });
  }

  test("an admin cannot demote or delete the owner; nobody deletes themselves", async () => {
    const users = (await owner.request("GET", "/users")).body.items as { id: number; username: string }[];
    const ownerId = users.find((u) => u.username === "owner")!.id;
    expect((await admin.request("PATCH", `/users/${ownerId}`, { role: "viewer" })).status).toBe(403);
    expect((await admin.request("DELETE", `/users/${ownerId}`)).status).toBe(403);
    expect((await owner.request("DELETE", `/users/${ownerId}`)).status).toBe(403);
  });

  test("a disabled user's sessions stop working at once", async () => {
    const victim = await t.userWithRole(owner, "viewer", "leaver");
    expect((await victim.request("GET", "/servers")).status).toBe(200);
    const id = (await owner.request("GET", "/users")).body.items.find((u: { username: string }) => u.username === "leaver").id;
    expect((await owner.request("PATCH", `/users/${id}`, { disabled: true })).status).toBe(200);
    expect((await victim.request("GET", "/servers")).status).toBe(401);
    expect((await t.client().request("POST", "/auth/login", { username: "leaver", password: "viewer-password-1" })).status).toBe(401);
  });
});

describe("API tokens", () => {
  test("shown once, scoped, revocable, expired ones refused", async () => {
    const created = await owner.request("POST", "/tokens", { name: "ci", scope: "read" });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^sk_/);
    const list = await owner.request("GET", "/tokens");
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const reader = t.client({ token: created.body.token });
    expect((await reader.request("GET", "/servers")).status).toBe(200);
    const write = await reader.request("POST", "/jobs", { kind: "test.sleep", params: { seconds: 0 } });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe("token_scope");

    expect((await owner.request("DELETE", `/tokens/${created.body.item.id}`)).status).toBe(204);
    expect((await reader.request("GET", "/servers")).status).toBe(401);
  });

  test("an expired token is refused", async () => {
    const created = await owner.request("POST", "/tokens", { name: "short", scope: "write", expiresInDays: 1 });
    await t.db.raw.atomic([`UPDATE api_tokens SET expires_at = 1 WHERE id = ${Number(created.body.item.id)}`]);
    expect((await t.client({ token: created.body.token }).request("GET", "/servers")).status).toBe(401);
  });

  test("a write token works without CSRF and cannot mint more tokens", async () => {
    const created = await owner.request("POST", "/tokens", { name: "deploy", scope: "write" });
    const api = t.client({ token: created.body.token });
    expect((await api.request("POST", "/jobs", { kind: "test.sleep", params: { seconds: 0 } })).status).toBe(201);
    expect((await api.request("POST", "/tokens", { name: "more", scope: "write" })).status).toBe(403);
  });
});

describe("two-factor authentication", () => {
  test("enrol, sign in with TOTP, a code works once, recovery codes work once", async () => {
    const user = await t.userWithRole(owner, "operator", "twofa");
    const enrol = await user.request("POST", "/auth/2fa/enroll");
    expect(enrol.status).toBe(200);
    expect(enrol.body.qrSvg).toContain("<svg");
    expect((await user.request("POST", "/auth/2fa/enable", { code: "000000" })).status).toBe(400);
    const enabled = await user.request("POST", "/auth/2fa/enable", { code: await currentCode(enrol.body.secret) });
    expect(enabled.status).toBe(200);
    expect(enabled.body.recoveryCodes).toHaveLength(10);

    const step1 = await t.client().request("POST", "/auth/login", { username: "twofa", password: "operator-password-1" });
    expect(step1.body).toMatchObject({ twoFactorRequired: true });
    expect(step1.res.headers.get("set-cookie")).toBeNull();
    // The code used to enable was consumed; a fresh login must wait for the next one, or use a recovery code.
    const recovery = enabled.body.recoveryCodes[0];
    const viaRecovery = await t.client().request("POST", "/auth/login/2fa", { challenge: step1.body.challenge, code: recovery });
    expect(viaRecovery.status).toBe(200);
    const reuse = await t.client().request("POST", "/auth/login/2fa", { challenge: step1.body.challenge, code: recovery });
    expect(reuse.status).toBe(401);

    const wrong = await t.client().request("POST", "/auth/login/2fa", { challenge: step1.body.challenge, code: "123456" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_code");
  });
});

describe("throttling", () => {
  test("repeated failures back off with 429 and Retry-After, and are audited", async () => {
    await owner.request("POST", "/users", { username: "target", password: "target-password", role: "viewer" });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await t.client().request("POST", "/auth/login", { username: "target", password: "wrong-password" })).status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const limited = await t.client().request("POST", "/auth/login", { username: "target", password: "target-password" });
    expect(limited.status).toBe(429);
    expect(Number(limited.res.headers.get("retry-after"))).toBeGreaterThan(0);
    const audit = await owner.request("GET", "/audit?action=auth.login&actor=target&result=failure&limit=50");
    expect(audit.body.items.length).toBeGreaterThanOrEqual(7);
  });
});

describe("audit log", () => {
  test("records mutations with actor, action, target and result", async () => {
    await owner.request("POST", "/users", { username: "audited", password: "audited-password", role: "viewer" });
    const r = await owner.request("GET", "/audit?action=users.create&q=audited");
    expect(r.body.items[0]).toMatchObject({ actor: "owner", action: "users.create", target: "user:audited", result: "success" });
    const denied = await viewer.request("POST", "/users", { username: "nope2", password: "nope2-password", role: "viewer" });
    expect(denied.status).toBe(403);
    const failures = await owner.request("GET", "/audit?actor=viewer1&result=failure");
    expect(failures.body.items[0]).toMatchObject({ action: "users.create", result: "failure", details: { status: 403, code: "forbidden" } });
  });
});

describe("servers and openapi", () => {
  test("local server facts", async () => {
    const r = await viewer.request("GET", "/servers/local");
    expect(r.status).toBe(200);
    expect(r.body.server).toMatchObject({ id: "local", kind: "local", status: "online" });
    expect(r.body.facts.cpu.cores).toBeGreaterThan(0);
    expect((await viewer.request("GET", "/servers/elsewhere")).status).toBe(404);
  });

  test("openapi lists every route with its schemas", async () => {
    const r = await viewer.request("GET", "/openapi.json");
    expect(r.body.openapi).toBe("3.1.0");
    expect(r.body.paths["/api/v1/users/{id}"].patch.requestBody).toBeDefined();
    expect(Object.keys(r.body.paths).length).toBeGreaterThan(12);
  });
});

describe("apps: who may deploy what", () => {
  const privileged = "services:\n  a:\n    image: local/busybox:test\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n";
  test("an operator cannot deploy compose that reaches the host; the error lists what", async () => {
    const r = await operator.request("POST", "/apps", { name: "sneaky", compose: privileged });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("privileged_compose");
    expect(r.body.error.message).toContain("Docker socket");
    expect((await owner.request("GET", "/apps")).body.items).toEqual([]);
  });

  test("a viewer cannot deploy at all; bad names never reach Docker", async () => {
    expect((await viewer.request("POST", "/apps", { name: "x1", templateId: "redis" })).status).toBe(403);
    const bad = await owner.request("POST", "/apps", { name: "-bad-", templateId: "redis" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("name");
  });
});

describe("POST /jobs", () => {
  test("only starts kinds meant to be started directly", async () => {
    // apps.remove exists, but it must go through DELETE /apps/:id (name confirmation, audit target).
    const r = await owner.request("POST", "/jobs", { kind: "apps.remove", params: { appId: 1, removeVolumes: true } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("unknown_job_kind");
    expect((await owner.request("POST", "/jobs", { kind: "images.pull", params: { image: "x" } })).status).toBe(400);
  });
});
