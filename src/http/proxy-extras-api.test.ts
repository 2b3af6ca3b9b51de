// Private URLs, the owner's custom snippet and the 502 checklist, through the API against a
// REAL nginx in a temp prefix.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { freePort, fetchVia, startNginx, upstream, type TestNginx } from "../proxy/testing.ts";
import { createTestApp, type TestClient, insertApp as insertAppRow } from "./testing.ts";

let nginx: TestNginx;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let operator: TestClient;
const preview = upstream("preview");
let appId: number;

const insertApp = (name: string, port: number) => insertAppRow(t, name, port);

/** GET through nginx's default server (any unknown Host), polling while a reload settles. */
async function viaDefault(path: string, want: (status: number) => boolean, headers: Record<string, string> = {}) {
  const deadline = Date.now() + 3000;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${nginx.httpPort}${path}`, { headers: { Host: "203.0.113.9", ...headers }, redirect: "manual" });
    const body = await res.text();
    if (want(res.status) || Date.now() > deadline) return { status: res.status, body, headers: res.headers };
    await Bun.sleep(20);
  }
}

beforeAll(async () => {
  nginx = await startNginx();
  t = await createTestApp("bun-sqlite", nginx.configYaml);
  owner = await t.owner();
  operator = await t.userWithRole(owner, "operator");
  appId = await insertApp("preview-app", preview.port!);
});

afterAll(async () => {
  await t?.close().catch(() => undefined);
  await nginx?.stop().catch(() => undefined);
  preview.stop(true);
});

describe("private URLs", () => {
  let open: { id: number; path: string; token: string };
  let locked: { id: number; path: string };

  test("a private URL serves the app under /p/<token>/ on the default server, with the prefix stripped", async () => {
    const r = await operator.request("POST", "/private-urls", { appId });
    expect(r.status).toBe(201);
    open = r.body.privateUrl;
    expect(open.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(open.path).toBe(`/p/${open.token}/`);
    const res = await viaDefault(`${open.path}hello`, (s) => s === 200);
    expect(res.status).toBe(200);
    expect(res.body).toStartWith("preview host=");
    expect(res.headers.get("x-robots-tag")).toContain("noindex");
    const bare = await viaDefault(`/p/${open.token}`, (s) => s === 301);
    expect(bare.headers.get("location")).toEndWith(`/p/${open.token}/`);
  });

  test("unknown tokens and other paths answer 404", async () => {
    expect((await viaDefault(`/p/${"x".repeat(43)}/`, (s) => s === 404)).status).toBe(404);
    expect((await viaDefault("/", (s) => s === 404)).status).toBe(404);
  });

  test("with basic auth: 401 without or with wrong credentials, the app with the right ones", async () => {
    const r = await owner.request("POST", "/private-urls", { appId, basicAuth: { username: "client", password: "preview-pass-1" } });
    expect(r.status).toBe(201);
    expect(r.body.privateUrl.basicAuthUser).toBe("client");
    expect(JSON.stringify(r.body)).not.toContain("preview-pass-1");
    locked = r.body.privateUrl;
    const basic = (u: string, p: string) => ({ Authorization: `Basic ${btoa(`${u}:${p}`)}` });
    expect((await viaDefault(locked.path, (s) => s === 401)).status).toBe(401);
    expect((await viaDefault(locked.path, (s) => s === 401, basic("client", "wrong-password"))).status).toBe(401);
    const ok = await viaDefault(locked.path, (s) => s === 200, basic("client", "preview-pass-1"));
    expect(ok.status).toBe(200);
    expect(ok.body).toStartWith("preview");
    // The first URL is still open.
    expect((await viaDefault(open.path, (s) => s === 200)).status).toBe(200);
  });

  test("bad input is refused and nothing is written", async () => {
    for (const basicAuth of [{ username: "a:b", password: "long-enough" }, { username: "ok", password: "short" }, { username: "ok", password: "line\nbreak!" }]) {
      const r = await owner.request("POST", "/private-urls", { appId, basicAuth });
      expect(r.status).toBe(400);
    }
    expect((await owner.request("GET", `/private-urls?app=${appId}`)).body.items).toHaveLength(2);
  });

  test("viewers may not create; revoking stops serving at once", async () => {
    const viewer = await t.userWithRole(owner, "viewer");
    expect((await viewer.request("POST", "/private-urls", { appId })).status).toBe(403);
    const r = await operator.request("DELETE", `/private-urls/${open.id}`);
    expect(r.status).toBe(200);
    expect((await viaDefault(open.path, (s) => s === 404)).status).toBe(404);
    await operator.request("DELETE", `/private-urls/${locked.id}`);
    expect((await owner.request("GET", "/private-urls")).body.items).toEqual([]);
    // No private URL left: the panel no longer owns the default server.
    expect(existsSync(`${nginx.paths.sitesAvailable}/serverkit-default.conf`)).toBe(false);
  });
});

describe("custom snippet (owners only)", () => {
  let id: number;
  beforeAll(async () => {
    id = (await owner.request("POST", "/domains", { appId, hostname: "snip.test" })).body.domain.id;
  });

  test("operators may not set one", async () => {
    const r = await operator.request("PATCH", `/domains/${id}`, { options: { snippet: 'return 200 "hi";' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("snippet_owner_only");
  });

  test("a snippet nginx refuses is refused with nginx's text and never goes live", async () => {
    const file = `${nginx.paths.sitesAvailable}/serverkit-snip.test.conf`;
    const before = readFileSync(file, "utf8");
    const r = await owner.request("PATCH", `/domains/${id}`, { options: { snippet: "proxy_buffering maybe;" } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("nginx_config_invalid");
    expect(r.body.error.details.output).toContain("proxy_buffering");
    expect(readFileSync(file, "utf8")).toBe(before);
    const escape = await owner.request("PATCH", `/domains/${id}`, { options: { snippet: "} server { listen 9999; } server {" } });
    expect(escape.status).toBe(400);
    expect(escape.body.error.code).toBe("invalid_snippet");
  });

  test("a valid snippet is served; operators may still change other options", async () => {
    const r = await owner.request("PATCH", `/domains/${id}`, { options: { snippet: 'location = /healthz {\n    return 200 "snippet-ok";\n}' } });
    expect(r.status).toBe(200);
    let text = "";
    for (let i = 0; i < 100 && text !== "snippet-ok"; i++, await Bun.sleep(20)) {
      text = await (await fetch(`http://127.0.0.1:${nginx.httpPort}/healthz`, { headers: { Host: "snip.test" } })).text();
    }
    expect(text).toBe("snippet-ok");
    const op = await operator.request("PATCH", `/domains/${id}`, { options: { bodySizeMb: 5, snippet: r.body.domain.options.snippet } });
    expect(op.status).toBe(200);
  });
});

describe("502 diagnosis", () => {
  test("all green where it can be: port answers, vhost points at it, nginx -t clean", async () => {
    const id = (await owner.request("POST", "/domains", { appId, hostname: "diag.test" })).body.domain.id;
    await fetchVia(nginx.httpPort, "diag.test", (b) => b.startsWith("preview"));
    const r = await owner.request("GET", `/domains/${id}/diagnose`);
    expect(r.status).toBe(200);
    const status = Object.fromEntries((r.body.checks as { id: string; status: string }[]).map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ port_answers: "pass", vhost_port: "pass", nginx_config: "pass" });
    // The test app is a row without containers: the checklist says so.
    expect(status.container_running).toBe("fail");
    expect(r.body.ok).toBe(false);
  });

  test("a dead upstream: the port check fails and the error log shows nginx's complaint", async () => {
    const dead = await freePort();
    const deadApp = await insertApp("dead-app", dead);
    const id = (await owner.request("POST", "/domains", { appId: deadApp, hostname: "dead.test" })).body.domain.id;
    const res = await fetchVia(nginx.httpPort, "dead.test", (_b, s) => s === 502);
    expect(res.status).toBe(502);
    const r = await owner.request("GET", `/domains/${id}/diagnose`);
    const byId = Object.fromEntries((r.body.checks as { id: string; status: string; detail: string }[]).map((c) => [c.id, c]));
    expect(byId.port_answers!.status).toBe("fail");
    expect(byId.port_answers!.detail).toMatch(/refused/i);
    expect(byId.error_log!.status).toBe("warn");
    expect(r.body.errorLog.join("\n")).toContain("connect() failed");
  });
});
