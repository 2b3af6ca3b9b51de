// Apps on a real Docker engine, through the compiled panel: deploy a two-service template from
// local images, reach it on its private URL, change its env, stop/start, fail safely, remove.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { dockerCli, requireDocker } from "../harness/docker";
import { API, REPO_ROOT, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

const FIXTURES = join(REPO_ROOT, "test/fixtures/templates");
const PORTS = { min: 18100, max: 18199 };

async function waitJob(owner: Client, id: string, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const { body } = await owner.json(`${API}/jobs/${id}`);
    if (["succeeded", "failed", "cancelled", "interrupted"].includes(body.job.status)) return body.job;
    if (Date.now() > end) throw new Error(`job ${id} still ${body.job.status}`);
    await Bun.sleep(200);
  }
}

async function jobLog(owner: Client, id: string): Promise<string> {
  const { body } = await owner.json(`${API}/jobs/${id}/log`);
  return body.lines.map((l: { text: string }) => l.text).join("\n");
}

const projectContainers = async (app: string) =>
  (await dockerCli(["ps", "-a", "--filter", `label=com.docker.compose.project=${app}`, "--format", "{{.Names}} {{.State}}"])).stdout.trim();

describe("apps", () => {
  let panel: Panel;
  let owner: Client;
  beforeAll(async () => {
    await requireDocker();
    panel = await startPanel({ config: `templatesDir: ${FIXTURES}\nports:\n  min: ${PORTS.min}\n  max: ${PORTS.max}\n` });
    owner = await setupOwner(panel);
  });
  afterAll(async () => {
    for (const app of ["e2e-web", "e2e-twin-a", "e2e-twin-b", "e2e-crash", "e2e-fixed"]) {
      await dockerCli(["rm", "-f", ...(await projectContainers(app)).split("\n").filter(Boolean).map((l) => l.split(" ")[0]!)]).catch(() => undefined);
    }
    await panel?.stop();
  });

  test("the template library lists the embedded templates and the local override", async () => {
    const { body } = await owner.json(`${API}/templates`);
    expect(body.items.length).toBeGreaterThanOrEqual(61);
    expect(body.items.map((t: { id: string }) => t.id)).toContain("two-service");
    const one = await owner.json(`${API}/templates/wordpress`);
    expect(one.body.template.variables.length).toBeGreaterThan(0);
    expect(one.body.template.compose).toBeUndefined();
  });

  test("deploy, reach, follow, change env, stop/start, remove keeping then deleting volumes", async () => {
    const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: "e2e-web", templateId: "two-service", variables: { GREETING: "bonjour" } } });
    expect(created.status).toBe(202);
    const job = await waitJob(owner, created.body.job.id);
    expect({ status: job.status, error: job.error, target: job.target }).toEqual({ status: "succeeded", error: null, target: "app:e2e-web" });
    expect(await jobLog(owner, job.id)).toContain("Checking that the containers stay up");

    const { body } = await owner.json(`${API}/apps/${created.body.app.id}`);
    expect(body.app.status).toBe("running");
    expect(body.containers.map((c: { service: string }) => c.service).sort()).toEqual(["web", "worker"]);
    const port = body.app.ports[0].hostPort;
    expect(port).toBeGreaterThanOrEqual(PORTS.min);
    expect(body.app.ports[0]).toMatchObject({ service: "web", containerPort: "80" });
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("bonjour from web\n");

    // Follow the worker's log live over the WebSocket, as the Logs tab does.
    const worker = body.containers.find((c: { service: string }) => c.service === "worker");
    const ws = new WebSocket(panel.url.replace("http", "ws") + `${API}/ws`, { headers: { cookie: owner.cookie! } } as never);
    const live: string[] = [];
    ws.onmessage = (e) => {
      const m = JSON.parse(String(e.data));
      if (m.type === "line") live.push(m.data.text);
    };
    await new Promise((resolve) => (ws.onopen = resolve));
    ws.send(JSON.stringify({ op: "subscribe", topic: `container-logs:local:${worker.id}` }));
    await Bun.sleep(500); // the backlog (last lines) arrives first
    const backlog = live.filter((l) => l.includes("worker tick")).length;
    for (let i = 0; i < 50 && live.filter((l) => l.includes("worker tick")).length < backlog + 2; i++) await Bun.sleep(100);
    ws.close();
    expect(live.filter((l) => l.includes("worker tick")).length).toBeGreaterThanOrEqual(backlog + 2); // new lines, live

    const env = await owner.json(`${API}/apps/${body.app.id}/env`);
    const secret = env.body.env.find((e: { key: string }) => e.key === "SECRET");
    expect(secret.secret).toBe(true);
    expect(secret.value.length).toBeGreaterThanOrEqual(20);

    // Change an env value: redeploy, same port, new greeting.
    const vars = Object.fromEntries(env.body.env.map((e: { key: string; value: string }) => [e.key, e.value]));
    const changed = await owner.json(`${API}/apps/${body.app.id}/env`, { method: "PUT", json: { env: { ...vars, GREETING: "hola" } } });
    expect(changed.status).toBe(202);
    expect((await waitJob(owner, changed.body.job.id)).status).toBe("succeeded");
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("hola from web\n");

    const stop = await owner.json(`${API}/apps/${body.app.id}/stop`, { method: "POST" });
    expect((await waitJob(owner, stop.body.job.id)).status).toBe("succeeded");
    expect((await owner.json(`${API}/apps/${body.app.id}`)).body.app.status).toBe("stopped");
    const start = await owner.json(`${API}/apps/${body.app.id}/start`, { method: "POST" });
    expect((await waitJob(owner, start.body.job.id)).status).toBe("succeeded");
    expect((await owner.json(`${API}/apps/${body.app.id}`)).body.app.status).toBe("running");
    const history = await owner.json(`${API}/apps/${body.app.id}/jobs`);
    expect(history.body.items.map((j: { kind: string }) => j.kind)).toEqual(["apps.start", "apps.stop", "apps.deploy", "apps.deploy"]);

    const wrongConfirm = await owner.json(`${API}/apps/${body.app.id}`, { method: "DELETE", json: { confirm: "nope" } });
    expect(wrongConfirm.status).toBe(400);
    const removed = await owner.json(`${API}/apps/${body.app.id}`, { method: "DELETE", json: { confirm: "e2e-web", removeVolumes: false } });
    expect((await waitJob(owner, removed.body.job.id)).status).toBe("succeeded");
    expect(await projectContainers("e2e-web")).toBe("");
    expect((await dockerCli(["volume", "ls", "-q"])).stdout).toContain("e2e-web_data");
    expect((await owner.json(`${API}/apps/${body.app.id}`)).status).toBe(404);

    // Deploy again under the same name (the volume is reused), then remove with volumes.
    const again = await owner.json(`${API}/apps`, { method: "POST", json: { name: "e2e-web", templateId: "two-service" } });
    expect((await waitJob(owner, again.body.job.id)).status).toBe("succeeded");
    const gone = await owner.json(`${API}/apps/${again.body.app.id}`, { method: "DELETE", json: { confirm: "e2e-web", removeVolumes: true } });
    expect((await waitJob(owner, gone.body.job.id)).status).toBe("succeeded");
    expect((await dockerCli(["volume", "ls", "-q"])).stdout).not.toContain("e2e-web_data");
  }, 240_000);

  test("concurrent deploys get distinct ports", async () => {
    const [a, b] = await Promise.all(
      ["e2e-twin-a", "e2e-twin-b"].map((name) => owner.json(`${API}/apps`, { method: "POST", json: { name, templateId: "two-service" } })),
    );
    expect([a!.status, b!.status]).toEqual([202, 202]);
    expect(a!.body.app.ports[0].hostPort).not.toBe(b!.body.app.ports[0].hostPort);
    for (const r of [a!, b!]) expect((await waitJob(owner, r.body.job.id)).status).toBe("succeeded");
    for (const r of [a!, b!]) {
      const j = await owner.json(`${API}/apps/${r.body.app.id}`, { method: "DELETE", json: { confirm: r.body.app.name, removeVolumes: true } });
      await waitJob(owner, j.body.job.id);
    }
  }, 180_000);

  test("bad input is refused before anything is created", async () => {
    const cases: [unknown, number, string][] = [
      [{ name: "Bad_Name", templateId: "two-service" }, 400, "validation_failed"],
      [{ name: "e2e-x", templateId: "no-such-template" }, 404, "template_not_found"],
      [{ name: "e2e-x", templateId: "two-service", variables: { NOPE: "1" } }, 400, "unknown_variable"],
      [{ name: "e2e-x", templateId: "two-service", variables: { WEB_PORT: "99999" } }, 400, "invalid_variables"],
      [{ name: "e2e-x", compose: "services:\n  a:\n    image: local/busybox:test\n    ports: [\"${PORT\"]\n" }, 400, "invalid_compose"],
      [{ name: "e2e-x", compose: "not: [compose" }, 400, "invalid_compose"],
    ];
    for (const [json, status, code] of cases) {
      const r = await owner.json(`${API}/apps`, { method: "POST", json });
      expect({ json, status: r.status, code: r.body.error?.code }).toEqual({ json, status, code });
    }
    expect((await owner.json(`${API}/apps`)).body.items.map((a: { name: string }) => a.name)).not.toContain("e2e-x");
  });

  test("a port already taken by another program is a clear error", async () => {
    const blocker = Bun.listen({ hostname: "0.0.0.0", port: 18250, socket: { data() {} } });
    try {
      const r = await owner.json(`${API}/apps`, {
        method: "POST",
        json: { name: "e2e-fixed", compose: "services:\n  web:\n    image: local/busybox:test\n    command: [httpd, -f, -p, '80']\n    ports: ['18250:80']\n" },
      });
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: "port_taken" });
      expect(r.body.error.message).toContain("18250");
    } finally {
      blocker.stop(true);
    }
  });

  test("a container that exits at once fails the deploy and leaves no half-created app", async () => {
    const r = await owner.json(`${API}/apps`, {
      method: "POST",
      json: { name: "e2e-crash", compose: "services:\n  boom:\n    image: local/busybox:test\n    command: [sh, -c, 'echo starting; echo fatal: no config >&2; exit 3']\n" },
    });
    expect(r.status).toBe(202);
    const job = await waitJob(owner, r.body.job.id);
    expect(job.status).toBe("failed");
    expect(job.error).toContain("boom");
    const log = await jobLog(owner, job.id);
    expect(log).toContain("fatal: no config");
    expect(log).toContain("Rolled back");
    expect(await projectContainers("e2e-crash")).toBe("");
    expect((await owner.json(`${API}/apps/${r.body.app.id}`)).status).toBe(404);
  }, 120_000);

  test("an image that cannot be pulled fails the deploy with the registry's reason and leaves nothing", async () => {
    const r = await owner.json(`${API}/apps`, {
      method: "POST",
      json: { name: "e2e-nopull", compose: "services:\n  web:\n    image: local/not-built-here:1\n" },
    });
    expect(r.status).toBe(202);
    const job = await waitJob(owner, r.body.job.id);
    expect(job.status).toBe("failed");
    expect(await jobLog(owner, job.id)).toMatch(/not-built-here|pull access denied|no such host|not found/i);
    expect((await owner.json(`${API}/apps/${r.body.app.id}`)).status).toBe(404);
    expect(await projectContainers("e2e-nopull")).toBe("");
  }, 60_000);

  test("a failed redeploy restores the previous files and keeps the app running", async () => {
    const created = await owner.json(`${API}/apps`, { method: "POST", json: { name: "e2e-web", templateId: "two-service", variables: { GREETING: "steady" } } });
    expect((await waitJob(owner, created.body.job.id)).status).toBe("succeeded");
    const id = created.body.app.id;
    const port = created.body.app.ports[0].hostPort;
    const before = (await owner.json(`${API}/apps/${id}/compose`)).body.compose;
    const broken = before.replace(/exec httpd -f -p 80 -h \/www/, "exit 7");
    expect(broken).not.toBe(before);
    const put = await owner.json(`${API}/apps/${id}/compose`, { method: "PUT", json: { compose: broken } });
    expect(put.status).toBe(202);
    const job = await waitJob(owner, put.body.job.id);
    expect(job.status).toBe("failed");
    expect(await jobLog(owner, job.id)).toContain("previous version is running again");
    expect((await owner.json(`${API}/apps/${id}/compose`)).body.compose).toBe(before);
    expect((await owner.json(`${API}/apps/${id}`)).body.app.status).toBe("running");
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("steady from web\n");
    const rm = await owner.json(`${API}/apps/${id}`, { method: "DELETE", json: { confirm: "e2e-web", removeVolumes: true } });
    await waitJob(owner, rm.body.job.id);
  }, 180_000);
});
