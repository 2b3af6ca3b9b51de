// Test support (imported only by tests): a real pebble ACME server with pebble-challtestsrv as
// its DNS, and a Cloudflare API stand-in that turns TXT record calls into challtestsrv records,
// so HTTP-01 and DNS-01 run end to end without the internet.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { freePort } from "../proxy/testing.ts";

export const PEBBLE_BIN = "/usr/bin/pebble";
export const CHALLTESTSRV_BIN = "/usr/bin/pebble-challtestsrv";

export interface TestPebble {
  directoryUrl: string;
  /** The CA that signed pebble's own HTTPS certificate: pass it as `caBundlePem`. */
  caPem: string;
  /** The root that issued certificates chain to (pebble makes a new one on every start). */
  roots(): Promise<string>;
  /** challtestsrv's management API base (set-txt, clear-txt, ...). */
  challtestsrvUrl: string;
  dnsPort: number;
  /** pebble's and challtestsrv's output so far, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
}

async function run(argv: string[], cwd: string): Promise<void> {
  const proc = Bun.spawn(argv, { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) throw new Error(`${argv.slice(0, 2).join(" ")} exited ${code}: ${out}${err}`);
}

/** A throwaway CA and a localhost certificate signed by it, for pebble's own HTTPS listener. */
async function makeCerts(dir: string): Promise<void> {
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  const caExt = ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"];
  await run(["openssl", "req", "-x509", ...ec, ...caExt, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=ServerKit test pebble HTTPS CA"], dir);
  await run(["openssl", "req", "-new", ...ec, "-keyout", "key.pem", "-out", "localhost.csr", "-subj", "/CN=localhost"], dir);
  writeFileSync(
    join(dir, "ext.cnf"),
    "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
  );
  await run(["openssl", "x509", "-req", "-in", "localhost.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "cert.pem", "-days", "2", "-extfile", "ext.cnf"], dir);
}

async function waitFor(what: string, probe: () => Promise<unknown>, procs: Subprocess[], logs: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await probe();
      return;
    } catch (err) {
      if (Date.now() > deadline || procs.some((p) => p.exitCode !== null)) {
        throw new Error(`${what} did not start (${(err as Error).message}):\n${logs()}`);
      }
      await Bun.sleep(25);
    }
  }
}

async function stopAll(procs: Subprocess[]): Promise<void> {
  for (const p of procs) p.kill("SIGTERM");
  // PID 1 reaps slowly: wait for each child, and kill what does not go quietly.
  await Promise.all(
    procs.map(async (p) => {
      const gone = await Promise.race([p.exited.then(() => true), Bun.sleep(3000).then(() => false)]);
      if (!gone) p.kill("SIGKILL");
      await p.exited;
    }),
  );
}

export async function startPebble(opts: { httpPort: number }): Promise<TestPebble> {
  const dir = mkdtempSync(join(tmpdir(), "sk-pebble-"));
  const procs: Subprocess[] = [];
  const tail = (f: string) => (existsSync(join(dir, f)) ? `--- ${f}\n${readFileSync(join(dir, f), "utf8").slice(-4000)}` : "");
  const logs = () => ["challtestsrv.log", "challtestsrv.err", "pebble.log", "pebble.err"].map(tail).join("\n");
  try {
    await makeCerts(dir);
    const caPem = readFileSync(join(dir, "ca.pem"), "utf8");
    const [acmePort, mgmtPort, tlsPort, dnsPort, challMgmtPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    writeFileSync(
      join(dir, "pebble.json"),
      JSON.stringify({
        pebble: {
          listenAddress: `127.0.0.1:${acmePort}`,
          managementListenAddress: `127.0.0.1:${mgmtPort}`,
          certificate: join(dir, "cert.pem"),
          privateKey: join(dir, "key.pem"),
          httpPort: opts.httpPort,
          tlsPort,
          ocspResponderURL: "",
          externalAccountBindingRequired: false,
        },
      }),
    );
    // Every name resolves to 127.0.0.1 (so pebble fetches HTTP-01 tokens from the nginx under
    // test); challtestsrv's own challenge servers are off, only its DNS and management API run.
    const challArgs = ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", `127.0.0.1:${dnsPort}`, "-http01", "", "-https01", "", "-tlsalpn01", ""];
    procs.push(
      Bun.spawn([CHALLTESTSRV_BIN, ...challArgs, "-management", `127.0.0.1:${challMgmtPort}`], {
        stdin: "ignore",
        stdout: Bun.file(join(dir, "challtestsrv.log")),
        stderr: Bun.file(join(dir, "challtestsrv.err")),
      }),
    );
    const challtestsrvUrl = `http://127.0.0.1:${challMgmtPort}`;
    await waitFor("pebble-challtestsrv", () => fetch(`${challtestsrvUrl}/`), procs, logs);
    procs.push(
      Bun.spawn([PEBBLE_BIN, "-config", join(dir, "pebble.json"), "-dnsserver", `127.0.0.1:${dnsPort}`], {
        stdin: "ignore",
        stdout: Bun.file(join(dir, "pebble.log")),
        stderr: Bun.file(join(dir, "pebble.err")),
        // No artificial validation delay; no deliberately rejected nonces (by default pebble
        // rejects 5% to exercise client retries, a source of flaky runs); and a fresh
        // authorization for every order (no 50% reuse), so every test really validates.
        env: { ...process.env, PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0", PEBBLE_AUTHZREUSE: "0" },
      }),
    );
    const directoryUrl = `https://localhost:${acmePort}/dir`;
    const tls = { ca: caPem };
    await waitFor("pebble", async () => {
      const res = await fetch(directoryUrl, { tls });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    }, procs, logs);
    return {
      directoryUrl,
      caPem,
      async roots() {
        const res = await fetch(`https://127.0.0.1:${mgmtPort}/roots/0`, { tls });
        if (!res.ok) throw new Error(`pebble roots: HTTP ${res.status}`);
        return res.text();
      },
      challtestsrvUrl,
      dnsPort,
      logs,
      async stop() {
        await stopAll(procs);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll(procs);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface CloudflareCall {
  method: string;
  /** Path and query, e.g. "/client/v4/zones?name=wild.test". */
  path: string;
  body: unknown;
}

export interface CloudflareStandIn {
  apiBase: string;
  calls: CloudflareCall[];
  /** TXT records that exist now (created and not yet deleted). */
  records(): { id: string; zoneId: string; name: string; content: string }[];
  stop(): Promise<void>;
}

const cfReply = (status: number, result: unknown, errors: { code: number; message: string }[] = []) =>
  Response.json({ success: errors.length === 0, errors, messages: [], result: errors.length ? null : result }, { status });

/**
 * The parts of the Cloudflare v4 API that DNS-01 uses. Records become challtestsrv TXT records,
 * which pebble's validator resolves. challtestsrv can only clear all values of a host, so a
 * delete clears the host and puts back the records that are still there (a wildcard and its
 * apex share one `_acme-challenge` name).
 */
export function startCloudflareStandIn(opts: {
  token: string;
  zones: string[];
  challtestsrvUrl: string;
  /** Listed as every zone's name_servers (e.g. `127.0.0.1:<pebble.dnsPort>`, so the propagation check asks challtestsrv). */
  nameServers?: string[];
}): CloudflareStandIn {
  const zones = opts.zones.map((name) => ({ id: crypto.randomUUID().replaceAll("-", ""), name, status: "active", name_servers: opts.nameServers ?? [] }));
  const records = new Map<string, { id: string; zoneId: string; name: string; content: string }>();
  const calls: CloudflareCall[] = [];
  const chall = async (path: string, body: unknown) => {
    const res = await fetch(`${opts.challtestsrvUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`challtestsrv ${path}: HTTP ${res.status}`);
  };
  const syncHost = async (name: string) => {
    const host = `${name}.`;
    await chall("/clear-txt", { host });
    for (const r of records.values()) if (r.name === name) await chall("/set-txt", { host, value: r.content });
  };

  async function handle(req: Request, url: URL, body: unknown): Promise<Response> {
    if (req.headers.get("authorization") !== `Bearer ${opts.token}`) return cfReply(401, null, [{ code: 1000, message: "Invalid API Token" }]);
    const path = url.pathname.replace(/^\/client\/v4/, "");
    if (req.method === "GET" && path === "/zones") {
      const name = url.searchParams.get("name");
      return cfReply(200, zones.filter((z) => name === null || z.name === name));
    }
    const m = /^\/zones\/([^/]+)\/dns_records(?:\/([^/]+))?$/.exec(path);
    const zone = m && zones.find((z) => z.id === m[1]);
    if (!m || !zone) return cfReply(404, null, [{ code: 7003, message: "Could not route to " + path + ", perhaps your object identifier is invalid?" }]);
    if (req.method === "POST" && !m[2]) {
      const b = (body ?? {}) as { type?: unknown; name?: unknown; content?: unknown };
      const name = typeof b.name === "string" ? b.name : "";
      if (b.type !== "TXT") return cfReply(400, null, [{ code: 9004, message: "This stand-in only accepts TXT records" }]);
      if (name !== zone.name && !name.endsWith(`.${zone.name}`)) return cfReply(400, null, [{ code: 9007, message: `Record name ${name} is not in zone ${zone.name}` }]);
      if (typeof b.content !== "string" || b.content === "") return cfReply(400, null, [{ code: 9021, message: "Content for TXT record is invalid" }]);
      const record = { id: crypto.randomUUID().replaceAll("-", ""), zoneId: zone.id, name, content: b.content };
      records.set(record.id, record);
      await chall("/set-txt", { host: `${name}.`, value: b.content });
      return cfReply(200, { ...record, type: "TXT", ttl: 60 });
    }
    if (req.method === "DELETE" && m[2]) {
      const record = records.get(m[2]);
      if (!record || record.zoneId !== zone.id) return cfReply(404, null, [{ code: 81044, message: "Record does not exist." }]);
      records.delete(record.id);
      await syncHost(record.name);
      return cfReply(200, { id: record.id });
    }
    return cfReply(405, null, [{ code: 10405, message: `Method ${req.method} not allowed here` }]);
  }

  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      const text = await req.text();
      let body: unknown = text || undefined;
      try {
        if (text) body = JSON.parse(text);
      } catch {
        // keep the raw text: the call log shows what was sent
      }
      calls.push({ method: req.method, path: url.pathname + url.search, body });
      if (!url.pathname.startsWith("/client/v4/")) return cfReply(404, null, [{ code: 7000, message: "No route for that URI" }]);
      return handle(req, url, body);
    },
  });

  return {
    apiBase: `http://127.0.0.1:${server.port}/client/v4`,
    calls,
    records: () => [...records.values()],
    async stop() {
      await server.stop(true);
    },
  };
}
