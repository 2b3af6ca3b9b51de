// Diagnose against real parts: a Bun.serve upstream, closed ports, vhosts rendered by render()
// on disk, `nginx -t` on a temp prefix, error logs as files. Only the container list is plain
// data (the Docker side is wired in index.ts).
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diagnose, type Check, type DiagnoseProbes } from "./diagnose.ts";
import { defaultOptions, vhost } from "./model.ts";
import { testConfig, type NginxPaths } from "./nginx.ts";
import { tailFile, tcpHttpProbe } from "./probes.ts";
import { render } from "./render.ts";
import { NGINX_BIN, freePort } from "./testing.ts";

const HOST = "shop.example.com";
type Container = Awaited<ReturnType<DiagnoseProbes["containers"]>>[number];

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "sk-diag-"));
  dirs.push(d);
  return d;
};

/** An nginx prefix whose config includes the domain's vhost, rendered for `vhostPort`. */
function site(vhostPort: number | null) {
  const prefix = tempDir();
  for (const d of ["logs", "sites", "acme"]) mkdirSync(join(prefix, d));
  writeFileSync(
    join(prefix, "nginx.conf"),
    `pid ${prefix}/nginx.pid;\nerror_log ${prefix}/logs/error.log;\nevents {}\nhttp {\n  include ${prefix}/sites/*.conf;\n}\n`,
  );
  const vhostPath = join(prefix, "sites", `serverkit-${HOST}.conf`);
  if (vhostPort !== null) {
    const v = vhost({ hostname: HOST, aliases: [], upstreamPort: vhostPort, options: defaultOptions(), paths: { logDir: join(prefix, "logs"), acmeWebroot: join(prefix, "acme") }, listen: { http: 8080, https: 8443 } });
    writeFileSync(vhostPath, render(v));
  }
  const paths: NginxPaths = { bin: NGINX_BIN, prefix, confFile: join(prefix, "nginx.conf"), sitesAvailable: join(prefix, "sites"), sitesEnabled: join(prefix, "sites") };
  return { prefix, vhostPath, errorLog: join(prefix, "logs", `serverkit-${HOST}.error.log`), paths };
}

const web = (port: number, over: Partial<Container> = {}): Container => ({ name: "shop-web-1", state: "running", status: "Up 5 minutes", hostPorts: [port], ...over });

/** The probes index.ts wires, with the container list given as data. */
function probes(s: ReturnType<typeof site>, containers: Container[]): DiagnoseProbes {
  return {
    containers: async () => containers,
    portAnswers: (p) => tcpHttpProbe(p, 3000),
    vhostText: () => (existsSync(s.vhostPath) ? readFileSync(s.vhostPath, "utf8") : null),
    nginxTest: () => testConfig(s.paths),
    errorLogTail: (n) => tailFile(s.errorLog, n),
  };
}

const byId = (checks: Check[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

const servers: { stop(): unknown }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.stop()));
function upstream(status = 200) {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("hi", { status }) });
  servers.push({ stop: () => s.stop(true) });
  return s.port!;
}
function rawServer(onConnect: (sock: import("node:net").Socket) => void): Promise<number> {
  const srv: Server = createServer(onConnect);
  servers.push({ stop: () => srv.close() });
  return new Promise((resolve) => srv.listen(0, "127.0.0.1", () => resolve((srv.address() as { port: number }).port)));
}

describe("diagnose", () => {
  test("a healthy domain: every check passes, in the sysadmin's order", async () => {
    const port = upstream();
    const s = site(port);
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, [web(port)]));
    expect(d.checks.map((c) => c.id)).toEqual(["container_running", "port_published", "port_answers", "vhost_port", "nginx_config", "error_log"]);
    expect(d.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass", "pass", "pass"]);
    expect(d.ok).toBe(true);
    expect(byId(d.checks).port_answers!.detail).toContain("HTTP 200 OK");
    expect(byId(d.checks).vhost_port!.detail).toContain(`http://127.0.0.1:${port}`);
  });

  test("a closed port fails port_answers with 'refused' and the diagnosis is not ok", async () => {
    const port = await freePort();
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(site(port), [web(port)]));
    const c = byId(d.checks);
    expect(c.port_answers!.status).toBe("fail");
    expect(c.port_answers!.detail).toContain("connection refused");
    expect(c.container_running!.status).toBe("pass");
    expect(d.ok).toBe(false);
  });

  test("a vhost pointing at another port fails vhost_port, showing both", async () => {
    const port = upstream();
    const other = await freePort();
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(site(other), [web(port)]));
    const c = byId(d.checks).vhost_port!;
    expect(c.status).toBe("fail");
    expect(c.detail).toContain(`proxy_pass points at http://127.0.0.1:${other}`);
    expect(c.detail).toContain(`the domain's upstream is http://127.0.0.1:${port}`);
  });

  test("a missing vhost file fails vhost_port", async () => {
    const port = upstream();
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(site(null), [web(port)]));
    expect(byId(d.checks).vhost_port!.status).toBe("fail");
    expect(byId(d.checks).vhost_port!.detail).toContain(`configuration file for ${HOST} is missing`);
  });

  test("upstream errors in the error log warn, and the last 20 lines come back", async () => {
    const port = upstream();
    const s = site(port);
    const lines = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? `2026/01/01 00:00:${String(i).padStart(2, "0")} [error] 7#7: *${i} connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: ${HOST}, upstream: "http://127.0.0.1:${port}/"`
        : `2026/01/01 00:00:${String(i).padStart(2, "0")} [warn] 7#7: *${i} an upstream response is buffered to a temporary file`,
    );
    writeFileSync(s.errorLog, `${lines.join("\n")}\n`);
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, [web(port)]));
    const c = byId(d.checks).error_log!;
    expect(c.status).toBe("warn");
    expect(c.detail).toContain("connect() failed");
    expect(d.errorLog).toEqual(lines.slice(-20));
    expect(d.ok).toBe(true); // a warning alone does not make the diagnosis fail
  });

  test("a clean or missing error log passes", async () => {
    const port = upstream();
    const s = site(port);
    expect(byId((await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, [web(port)]))).checks).error_log!.status).toBe("pass");
    writeFileSync(s.errorLog, "2026/01/01 00:00:00 [notice] 1#1: signal process started\n");
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, [web(port)]));
    expect(byId(d.checks).error_log!.status).toBe("pass");
    expect(d.errorLog).toHaveLength(1);
  });

  test("nginx -t refusing the config fails nginx_config with nginx's own words", async () => {
    const port = upstream();
    const s = site(port);
    writeFileSync(join(s.prefix, "sites", "broken.conf"), "server { listen 8081; bogus_directive on; }\n");
    const c = byId((await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, [web(port)]))).checks).nginx_config!;
    expect(c.status).toBe("fail");
    expect(c.detail).toContain('unknown directive "bogus_directive"');
  });

  test("a probe that throws fails its own check; the others still run", async () => {
    const port = upstream();
    const s = site(port);
    const p = { ...probes(s, []), containers: () => Promise.reject(new Error("Docker is not reachable")), vhostText: () => { throw new Error("EACCES: permission denied"); } };
    const d = await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, p);
    const c = byId(d.checks);
    expect(c.container_running!.status).toBe("fail");
    expect(c.container_running!.detail).toContain("Docker is not reachable");
    expect(c.port_published!.status).toBe("skip");
    expect(c.vhost_port!.status).toBe("fail");
    expect(c.vhost_port!.detail).toContain("permission denied");
    expect(c.port_answers!.status).toBe("pass");
    expect(c.nginx_config!.status).toBe("pass");
    expect(c.error_log!.status).toBe("pass");
  });

  test("containers: none, stopped, a stopped one-off beside a running web, an unpublished port", async () => {
    const port = upstream();
    const s = site(port);
    const run = async (cs: Container[]) => byId((await diagnose({ hostname: HOST, upstreamPort: port, appName: "shop" }, probes(s, cs))).checks);

    const none = await run([]);
    expect(none.container_running).toMatchObject({ status: "fail", detail: 'The app "shop" has no containers: deploy it.' });
    expect(none.port_published!.status).toBe("skip");

    const stopped = await run([web(port, { state: "exited", status: "Exited (1) 2 minutes ago" })]);
    expect(stopped.container_running!.status).toBe("fail");
    expect(stopped.container_running!.detail).toContain("shop-web-1 (Exited (1) 2 minutes ago)");

    const oneOff = await run([web(port), { name: "shop-migrate-1", state: "exited", status: "Exited (0) 1 hour ago", hostPorts: [] }]);
    expect(oneOff.container_running!.status).toBe("warn");
    expect(oneOff.container_running!.detail).toContain("shop-migrate-1 (Exited (0) 1 hour ago)");

    const elsewhere = await run([web(port, { hostPorts: [3000, 3001] })]);
    expect(elsewhere.port_published!.status).toBe("warn");
    expect(elsewhere.port_published!.detail).toContain("shop-web-1: 3000, 3001");
    // the port still answers (from outside Docker here), and the check says so
    expect(elsewhere.port_answers!.status).toBe("pass");
  });
});

describe("tcpHttpProbe", () => {
  test("any HTTP status counts as answering; the detail gives it", async () => {
    expect(await tcpHttpProbe(upstream(503), 3000)).toEqual({ ok: true, detail: "HTTP 503 Service Unavailable" });
  });

  test("a port that accepts but never answers times out within the budget", async () => {
    const port = await rawServer(() => {});
    const started = Date.now();
    const r = await tcpHttpProbe(port, 300);
    expect(r.ok).toBe(false);
    expect(r.detail).toContain("timed out");
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test("a port that speaks something other than HTTP", async () => {
    const port = await rawServer((sock) => sock.end("SSH-2.0-OpenSSH_9.2\r\n"));
    expect(await tcpHttpProbe(port, 3000)).toEqual({ ok: false, detail: `127.0.0.1:${port} accepts connections but does not speak HTTP` });
  });
});

describe("tailFile", () => {
  test("a big file gives only its last N lines", async () => {
    const path = join(tempDir(), "big.log");
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
    writeFileSync(path, `${lines.join("\n")}\n`);
    expect(await tailFile(path, 20)).toEqual(lines.slice(-20));
  });

  test("fewer lines than asked, no trailing newline, CRLF", async () => {
    const path = join(tempDir(), "small.log");
    writeFileSync(path, "a\r\nb\r\nc");
    expect(await tailFile(path, 20)).toEqual(["a", "b", "c"]);
  });

  test("a missing file gives no lines", async () => {
    expect(await tailFile(join(tempDir(), "nope.log"), 20)).toEqual([]);
  });
});
