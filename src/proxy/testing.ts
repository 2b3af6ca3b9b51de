// Test support: a real nginx in a temp prefix (daemon off, so the test owns the process), a
// fallback server that answers 404 to unknown hosts, and stand-in upstreams.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNginx, type NginxPaths } from "./nginx.ts";

export const NGINX_BIN = "/usr/sbin/nginx";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface TestNginx {
  prefix: string;
  httpPort: number;
  paths: NginxPaths & { logDir: string; acmeWebroot: string; authDir: string; httpPort: number; httpsPort: number };
  /** config.yaml text pointing the panel at this nginx. */
  configYaml: string;
  stop(): Promise<void>;
}

export async function startNginx(): Promise<TestNginx> {
  const prefix = mkdtempSync(join(tmpdir(), "sk-nginx-"));
  // Workers run as nobody and read the ACME webroot and htpasswd files at request time.
  chmodSync(prefix, 0o755);
  for (const d of ["logs", "temp", "sites-available", "sites-enabled", "acme", "auth"]) mkdirSync(join(prefix, d), { recursive: true });
  const httpPort = await freePort();
  const temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${prefix}/temp/${t};`).join("\n");
  writeFileSync(
    join(prefix, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log;
events { worker_connections 1024; }
http {
    access_log off;
${temps}
    # Implicitly the default (first for the port); the panel's own default server, when it
    # writes one for private URLs, says default_server and takes over.
    server { listen ${httpPort}; return 404; }
    include ${prefix}/sites-enabled/*.conf;
}
`,
  );
  const paths = {
    bin: NGINX_BIN,
    prefix,
    confFile: join(prefix, "nginx.conf"),
    sitesAvailable: join(prefix, "sites-available"),
    sitesEnabled: join(prefix, "sites-enabled"),
    logDir: join(prefix, "logs"),
    acmeWebroot: join(prefix, "acme"),
    authDir: join(prefix, "auth"),
    httpPort,
    httpsPort: await freePort(),
  };
  const proc = Bun.spawn([NGINX_BIN, "-p", prefix, "-c", join(prefix, "nginx.conf")], { stdout: "ignore", stderr: "pipe" });
  // Ready once the default server answers.
  for (let i = 0; ; i++) {
    try {
      await fetch(`http://127.0.0.1:${httpPort}/`);
      break;
    } catch {
      if (i > 100 || proc.exitCode !== null) throw new Error(`nginx did not start: ${await new Response(proc.stderr).text()}`);
      await Bun.sleep(20);
    }
  }
  const { bin: _b, confFile: _c, ...yamlPaths } = paths;
  return {
    prefix,
    httpPort,
    paths,
    configYaml: `nginx:\n${Object.entries({ bin: NGINX_BIN, ...yamlPaths }).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`,
    async stop() {
      await runNginx(paths, ["-s", "quit"]);
      const quit = await Promise.race([proc.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
      if (!quit) proc.kill("SIGKILL");
      await proc.exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** A stand-in for an app container: answers with its name and the Host header it got. */
export function upstream(name: string) {
  return Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req) => new Response(`${name} host=${req.headers.get("host")} xfh=${req.headers.get("x-forwarded-host")}`) });
}

/** GET through nginx with a Host header; polls until `want` matches (a reload is asynchronous). */
export async function fetchVia(port: number, host: string, want?: (body: string, status: number) => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { Host: host }, redirect: "manual" });
    const body = await res.text();
    if (!want || want(body, res.status) || Date.now() > deadline) return { status: res.status, body };
    await Bun.sleep(10);
  }
}
