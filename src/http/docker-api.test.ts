// Docker management through the API, on the real engine: roles, audit entries, in-use
// refusals, the pull job (failing, cancelled) and the input checks.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { dockerFixtures, dockerReady, eventually, TEST_IMAGE } from "../docker/testing.ts";
import { createTestApp, type TestClient } from "./testing.ts";

const ready = await dockerReady();

describe.skipIf(!ready)("Docker management API", () => {
  const fx = dockerFixtures("api");
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let owner: TestClient;
  let operator: TestClient;
  let viewer: TestClient;
  let web: string;
  let vol: string;
  const base = "/servers/local";

  beforeAll(async () => {
    t = await createTestApp();
    owner = await t.owner();
    operator = await t.userWithRole(owner, "operator");
    viewer = await t.userWithRole(owner, "viewer");
    vol = await fx.volume("data");
    web = await fx.run("web", ["-v", `${vol}:/data`, "-e", "DB_PASSWORD=hunter2", "-e", "GREETING=hello"], ["sh", "-c", "echo ready; echo warn >&2; exec httpd -f -p 80"]);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await fx.cleanup();
  }, 60_000);

  const auditOf = async (action: string) => (await owner.request("GET", `/audit?action=${action}&limit=10`)).body.items;

  test("roles: a viewer reads, cannot stop; an operator stops and starts", async () => {
    const list = await viewer.request("GET", `${base}/containers?all=true`);
    expect(list.status).toBe(200);
    expect(list.body.items.find((c: { name: string }) => c.name === web)).toMatchObject({ state: "running", image: TEST_IMAGE });

    const denied = await viewer.request("POST", `${base}/containers/${web}/stop`);
    expect(denied.status).toBe(403);
    expect((await viewer.request("GET", `${base}/containers/${web}`)).body.container.state).toBe("running");

    const stopped = await operator.request("POST", `${base}/containers/${web}/stop?t=1`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.container).toMatchObject({ name: web, state: "exited" });
    const started = await operator.request("POST", `${base}/containers/${web}/start`);
    expect(started.body.container.state).toBe("running");
  }, 20_000);

  test("audit: actions are logged by container name, refusals as failures", async () => {
    const [stop] = await auditOf("containers.stop");
    expect(stop).toMatchObject({ actor: "operator1", action: "containers.stop", target: `container:${web}`, result: "success", details: { server: "local" } });
    const refused = (await auditOf("containers.stop")).find((e: { actor: string }) => e.actor === "viewer1");
    expect(refused).toMatchObject({ result: "failure", details: { status: 403, code: "forbidden" } });
    // By id, still recorded by name.
    const id = (await viewer.request("GET", `${base}/containers/${web}`)).body.container.id as string;
    expect((await operator.request("POST", `${base}/containers/${id.slice(0, 12)}/restart?t=0`)).status).toBe(200);
    expect((await auditOf("containers.restart"))[0].target).toBe(`container:${web}`);
  }, 20_000);

  test("inspect masks secret-looking env values; logs with tail, since and timestamps", async () => {
    const { body } = await viewer.request("GET", `${base}/containers/${web}`);
    expect(body.inspect.env).toContain("DB_PASSWORD=••••");
    expect(body.inspect.env).toContain("GREETING=hello");
    expect(JSON.stringify(body)).not.toContain("hunter2");

    const logs = await eventually(async () => {
      const r = await viewer.request("GET", `${base}/containers/${web}/logs?tail=50&timestamps=true&since=2000-01-01T00:00:00Z`);
      expect(r.body.lines.map((l: { text: string }) => l.text)).toContain("warn");
      return r.body.lines as { stream: string; ts: string; text: string }[];
    });
    expect(logs.find((l) => l.text === "warn")!.stream).toBe("stderr");
    expect(logs.every((l) => l.ts !== null)).toBe(true);
    expect((await viewer.request("GET", `${base}/containers/${web}/logs?since=soon`)).body.error.code).toBe("invalid_since");
    const stats = await viewer.request("GET", `${base}/containers/${web}/stats`);
    expect(stats.body.memory.usedBytes).toBeGreaterThan(0);
  }, 20_000);

  test("volumes: create, refuse removal in use with the users named, remove", async () => {
    const inUse = await operator.request("DELETE", `${base}/volumes/${vol}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error).toMatchObject({ code: "volume_in_use", details: { usedBy: [web] } });
    expect(inUse.body.error.message).toContain(web);

    const name = fx.name("spare");
    expect((await viewer.request("POST", `${base}/volumes`, { name })).status).toBe(403);
    const created = await operator.request("POST", `${base}/volumes`, { name });
    expect(created.status).toBe(201);
    expect(created.body.volume).toMatchObject({ name, usedBy: [] });
    expect((await operator.request("POST", `${base}/volumes`, { name })).status).toBe(409);
    expect((await operator.request("DELETE", `${base}/volumes/${name}`)).status).toBe(204);
    expect((await auditOf("volumes.remove"))[0]).toMatchObject({ target: `volume:${name}`, result: "success" });
  });

  test("networks: create, list, remove; Docker's own refused", async () => {
    const name = fx.name("net");
    const created = await operator.request("POST", `${base}/networks`, { name });
    expect(created.status).toBe(201);
    expect((await viewer.request("GET", `${base}/networks`)).body.items.map((n: { name: string }) => n.name)).toContain(name);
    expect((await operator.request("DELETE", `${base}/networks/${name}`)).status).toBe(204);
    const builtin = await operator.request("DELETE", `${base}/networks/bridge`);
    expect(builtin.status).toBe(409);
    expect(builtin.body.error.code).toBe("network_builtin");
  });

  test("images: listed; removal of an image in use is a 409 naming the containers (reference with a slash in the path)", async () => {
    const list = await viewer.request("GET", `${base}/images`);
    expect(list.body.items.some((i: { tags: string[] }) => i.tags.includes(TEST_IMAGE))).toBe(true);
    const r = await operator.request("DELETE", `${base}/images/${TEST_IMAGE}`);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("image_in_use");
    expect(r.body.error.details.usedBy).toContain(web);
    expect((await operator.request("DELETE", `${base}/images/${encodeURIComponent(TEST_IMAGE)}`)).status).toBe(409);
  });

  test("bad input: unknown server, malformed ids and references", async () => {
    expect((await viewer.request("GET", "/servers/elsewhere/containers")).body.error.code).toBe("server_not_found");
    expect((await viewer.request("GET", `${base}/containers/${encodeURIComponent("../etc")}`)).body.error.code).toBe("invalid_id");
    expect((await viewer.request("GET", `${base}/containers/sk-no-such-thing`)).status).toBe(404);
    const bad = await operator.request("POST", `${base}/images/pull`, { image: "Not An Image!" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_job_params");
    expect((await viewer.request("POST", `${base}/images/pull`, { image: "nginx" })).status).toBe(403);
  });

  test("a pull that cannot reach its registry fails the job with the reason and changes nothing", async () => {
    const before = (await viewer.request("GET", `${base}/images`)).body.items.map((i: { id: string }) => i.id).sort();
    const r = await operator.request("POST", `${base}/images/pull`, { image: "127.0.0.1:1/serverkit/nothing:1" });
    expect(r.status).toBe(202);
    expect(r.body.job).toMatchObject({ kind: "images.pull", target: "image:127.0.0.1:1/serverkit/nothing:1" });
    const job = await eventually(async () => {
      const j = (await viewer.request("GET", `/jobs/${r.body.job.id}`)).body.job;
      expect(j.status).toBe("failed");
      return j;
    });
    expect(job.error).toContain("Could not pull 127.0.0.1:1/serverkit/nothing:1");
    expect(job.error).toContain("connection refused");
    const log = (await viewer.request("GET", `/jobs/${job.id}/log`)).body.lines.map((l: { text: string }) => l.text);
    expect(log.at(-1)).toStartWith("Failed: Could not pull");
    expect((await viewer.request("GET", `${base}/images`)).body.items.map((i: { id: string }) => i.id).sort()).toEqual(before);
    expect((await auditOf("images.pull"))[0]).toMatchObject({ actor: "operator1", target: "image:127.0.0.1:1/serverkit/nothing:1" });
  }, 20_000);

  test("cancelling a pull ends the job at once and leaves no image", async () => {
    // A registry that answers its ping, then never sends the manifest: the pull hangs until cancelled.
    // (Docker 20.10 keeps its own registry request open after the client hangs up, so this checks our side.)
    const registry = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: (req) =>
        new URL(req.url).pathname === "/v2/"
          ? new Response("{}", { headers: { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" } })
          : new Promise<Response>(() => {}),
    });
    try {
      const image = `127.0.0.1:${registry.port}/serverkit/slow:1`;
      const r = await operator.request("POST", `${base}/images/pull`, { image });
      await eventually(async () => expect((await viewer.request("GET", `/jobs/${r.body.job.id}`)).body.job.status).toBe("running"));
      await Bun.sleep(300); // let Docker reach the registry
      const asked = Date.now();
      expect((await operator.request("POST", `/jobs/${r.body.job.id}/cancel`)).status).toBe(200);
      const job = await eventually(async () => {
        const j = (await viewer.request("GET", `/jobs/${r.body.job.id}`)).body.job;
        expect(j.status).toBe("cancelled");
        return j;
      });
      expect(Date.parse(job.finishedAt) - asked).toBeLessThan(2000);
      const tags = (await viewer.request("GET", `${base}/images`)).body.items.flatMap((i: { tags: string[] }) => i.tags);
      expect(tags).not.toContain(image);
    } finally {
      registry.stop(true);
    }
  }, 20_000);

  test("removal: refused while running without force, then gone", async () => {
    const doomed = await fx.run("doomed", [], ["httpd", "-f", "-p", "80"]);
    expect((await operator.request("DELETE", `${base}/containers/${doomed}`)).status).toBe(409);
    expect((await operator.request("DELETE", `${base}/containers/${doomed}?force=true`)).status).toBe(204);
    expect((await viewer.request("GET", `${base}/containers/${doomed}`)).status).toBe(404);
    expect((await auditOf("containers.remove"))[0]).toMatchObject({ target: `container:${doomed}`, result: "success" });
  });

  test("openapi lists the Docker routes with their permissions", async () => {
    const { body } = await viewer.request("GET", "/openapi.json");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/servers/{server}/containers",
        "/api/v1/servers/{server}/containers/{id}/stop",
        "/api/v1/servers/{server}/images/pull",
        "/api/v1/servers/{server}/images/{id}",
        "/api/v1/servers/{server}/volumes/{name}",
        "/api/v1/servers/{server}/networks/{id}",
      ]),
    );
  });
});
