// Domains through the API against a REAL nginx in a temp prefix: add -> served, refused names,
// faults forced mid-apply leave the old config serving, remove -> no longer served.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, readFileSync, appendFileSync } from "node:fs";
import type { ApplyHooks } from "../proxy/index.ts";
import { testConfig } from "../proxy/nginx.ts";
import { fetchVia, startNginx, upstream, type TestNginx } from "../proxy/testing.ts";
import { createTestApp, type TestClient, insertApp as insertAppRow } from "./testing.ts";

let nginx: TestNginx;
let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let viewer: TestClient;
const hooks: ApplyHooks = {};
const one = upstream("upstream-one");
const two = upstream("upstream-two");
let appA: number;
let appB: number;

const insertApp = (name: string, port: number) => insertAppRow(t, name, port);

const served = (host: string, want: string) => fetchVia(nginx.httpPort, host, (b) => b.startsWith(want));

beforeAll(async () => {
  nginx = await startNginx();
  t = await createTestApp("bun-sqlite", nginx.configYaml, { proxyHooks: hooks });
  owner = await t.owner();
  viewer = await t.userWithRole(owner, "viewer");
  appA = await insertApp("alpha", one.port!);
  appB = await insertApp("beta", two.port!);
});

afterAll(async () => {
  // Each step on its own so one failure cannot leave nginx running.
  await nginx?.stop().catch(() => undefined);
  one.stop(true);
  two.stop(true);
  await t?.close();
});

describe("domains against a real nginx", () => {
  let id: number;
  let fileBefore: string;

  test("adding a domain serves the app through nginx (IDN and case normalised)", async () => {
    const r = await owner.request("POST", "/domains", { appId: appA, hostname: "Blog.Test", aliases: ["Bücher.test"] });
    expect(r.status).toBe(201);
    expect(r.body.domain).toMatchObject({ hostname: "blog.test", aliases: ["xn--bcher-kva.test"], port: one.port, appId: appA });
    id = r.body.domain.id;
    const res = await served("blog.test", "upstream-one");
    expect(res.body).toBe("upstream-one host=blog.test xfh=blog.test");
    expect((await served("xn--bcher-kva.test", "upstream-one")).body).toStartWith("upstream-one");
    expect(lstatSync(`${nginx.paths.sitesEnabled}/serverkit-blog.test.conf`).isSymbolicLink()).toBe(true);
    fileBefore = readFileSync(r.body.domain.file, "utf8");
  });

  test("a name held by another app is refused with 409 domain_taken", async () => {
    for (const body of [
      { appId: appB, hostname: "blog.test" },
      { appId: appB, hostname: "other.test", aliases: ["xn--bcher-kva.test"] },
      { appId: appB, hostname: "bücher.test" },
    ]) {
      const r = await owner.request("POST", "/domains", body);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("domain_taken");
    }
  });

  const hostile = ["blog test", "a.test;", "a{.test", 'a".test', "a.test\nserver{}", "$host.test", "a..test", `${"x".repeat(64)}.test`];
  for (const hostname of hostile) {
    test(`hostile hostname ${JSON.stringify(hostname).slice(0, 30)} is refused and writes nothing`, async () => {
      const r = await owner.request("POST", "/domains", { appId: appB, hostname });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe("invalid_hostname");
      expect((await owner.request("GET", `/domains?app=${appB}`)).body.items).toEqual([]);
    });
  }

  test("viewers may list but not add", async () => {
    expect((await viewer.request("GET", "/domains")).status).toBe(200);
    expect((await viewer.request("POST", "/domains", { appId: appB, hostname: "v.test" })).status).toBe(403);
  });

  test("a fault between swap and reload restores the previous file; the old config keeps serving", async () => {
    hooks.afterSwap = () => {
      throw new Error("injected fault");
    };
    const r = await owner.request("PATCH", `/domains/${id}`, { port: two.port });
    hooks.afterSwap = undefined;
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe("nginx_apply_failed");
    expect(readFileSync(`${nginx.paths.sitesAvailable}/serverkit-blog.test.conf`, "utf8")).toBe(fileBefore);
    expect(existsSync(`${nginx.paths.sitesAvailable}/serverkit-blog.test.conf.next`)).toBe(false);
    expect((await testConfig(nginx.paths)).ok).toBe(true);
    await Bun.sleep(100); // a wrongly applied reload would show by now
    expect((await fetchVia(nginx.httpPort, "blog.test")).body).toStartWith("upstream-one");
    expect((await owner.request("GET", `/domains/${id}`)).body.domain.port).toBe(one.port);
  });

  test("a config nginx refuses is rolled back and nginx's own text reaches the user", async () => {
    hooks.afterSwap = (file) => appendFileSync(file, "\nthis_is_not_a_directive on;\n");
    const r = await owner.request("PATCH", `/domains/${id}`, { port: two.port });
    hooks.afterSwap = undefined;
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("nginx_config_invalid");
    expect(r.body.error.details.output).toContain('unknown directive "this_is_not_a_directive"');
    expect(readFileSync(`${nginx.paths.sitesAvailable}/serverkit-blog.test.conf`, "utf8")).toBe(fileBefore);
    expect((await testConfig(nginx.paths)).ok).toBe(true);
    expect((await fetchVia(nginx.httpPort, "blog.test")).body).toStartWith("upstream-one");
  });

  test("changing the port and options re-applies the vhost", async () => {
    const r = await owner.request("PATCH", `/domains/${id}`, { port: two.port, options: { bodySizeMb: 10, wwwRedirect: true } });
    expect(r.status).toBe(200);
    expect(r.body.domain.names).toEqual(["blog.test", "xn--bcher-kva.test", "www.blog.test"]);
    expect((await served("blog.test", "upstream-two")).body).toStartWith("upstream-two");
    const www = await fetch(`http://127.0.0.1:${nginx.httpPort}/x?y=1`, { headers: { Host: "www.blog.test" }, redirect: "manual" });
    expect(www.status).toBe(301);
    expect(www.headers.get("location")).toBe(`http://blog.test:${nginx.httpPort}/x?y=1`);
  });

  test("the DNS check warns and never blocks", async () => {
    const r = await owner.request("GET", `/domains/${id}/dns`);
    expect(r.status).toBe(200);
    expect(r.body.records.map((x: { name: string }) => x.name)).toEqual(["blog.test", "xn--bcher-kva.test", "www.blog.test"]);
    expect(r.body.warnings.length).toBeGreaterThan(0); // .test never resolves
  });

  test("removing the domain stops serving it and removes file and link", async () => {
    const r = await owner.request("DELETE", `/domains/${id}`);
    expect(r.status).toBe(200);
    expect((await fetchVia(nginx.httpPort, "blog.test", (_b, s) => s === 404)).status).toBe(404);
    expect(existsSync(`${nginx.paths.sitesAvailable}/serverkit-blog.test.conf`)).toBe(false);
    expect(existsSync(`${nginx.paths.sitesEnabled}/serverkit-blog.test.conf`)).toBe(false);
    expect((await owner.request("GET", "/domains")).body.items).toEqual([]);
    expect((await owner.request("GET", `/domains/${id}`)).status).toBe(404);
  });

  test("removing an app takes its domains out of nginx first", async () => {
    const added = await owner.request("POST", "/domains", { appId: appB, hostname: "gone.test" });
    expect(added.status).toBe(201);
    expect((await served("gone.test", "upstream-two")).body).toStartWith("upstream-two");
    const rm = await owner.request("DELETE", `/apps/${appB}`, { confirm: "beta", removeVolumes: false });
    expect(rm.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      const job = (await owner.request("GET", `/jobs/${rm.body.job.id}`)).body.job;
      if (job.status !== "queued" && job.status !== "running") {
        expect(job.status).toBe("succeeded");
        break;
      }
      await Bun.sleep(50);
    }
    expect(existsSync(`${nginx.paths.sitesAvailable}/serverkit-gone.test.conf`)).toBe(false);
    expect((await fetchVia(nginx.httpPort, "gone.test", (_b, s) => s === 404)).status).toBe(404);
  });

  test("the audit log records domain changes", async () => {
    const r = await owner.request("GET", "/audit?limit=50");
    const actions = (r.body.items as { action: string }[]).map((e) => e.action);
    for (const a of ["domains.create", "domains.update", "domains.remove"]) expect(actions).toContain(a);
  });
});
