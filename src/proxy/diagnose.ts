// "Why does my domain answer 502?": the checklist a sysadmin runs, as data. Each check says
// what it saw and what to do. Probes are handed in, so the same logic serves a local server
// and (later) one reached through an agent; a probe that throws fails its own check only.
export interface Check {
  id: "container_running" | "port_published" | "port_answers" | "vhost_port" | "nginx_config" | "error_log";
  label: string;
  status: "pass" | "fail" | "warn" | "skip";
  detail: string;
}

export interface DiagnoseProbes {
  /** The app's containers. */
  containers(): Promise<{ name: string; state: string; status: string; hostPorts: number[] }[]>;
  portAnswers(port: number): Promise<{ ok: boolean; detail: string }>;
  /** The domain's vhost file as on disk, null when it is missing. */
  vhostText(): string | null;
  nginxTest(): Promise<{ ok: boolean; output: string }>;
  errorLogTail(lines: number): Promise<string[]>;
}

export interface Diagnosis {
  hostname: string;
  ok: boolean;
  checks: Check[];
  errorLog: string[];
}

type Container = Awaited<ReturnType<DiagnoseProbes["containers"]>>[number];
type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function attempt<T>(fn: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

const LOG_LINES = 20;
/** nginx's words when it could not get an answer from the upstream (what a 502/504 logs). */
const UPSTREAM_ERROR = /connect\(\) failed|upstream prematurely closed|no live upstreams|upstream timed out|while connecting to upstream|while reading response header from upstream/;

const listNames = (cs: Container[]) => cs.map((c) => c.name).join(", ");
const withStatus = (cs: Container[]) => cs.map((c) => `${c.name} (${c.status || c.state})`).join(", ");

function containerCheck(appName: string, port: number, r: Outcome<Container[]>): Check {
  const label = "App containers are running";
  if (!r.ok) return { id: "container_running", label, status: "fail", detail: `Could not list the app's containers: ${r.error}` };
  const all = r.value;
  if (all.length === 0) return { id: "container_running", label, status: "fail", detail: `The app "${appName}" has no containers: deploy it.` };
  const running = all.filter((c) => c.state === "running");
  const stopped = all.filter((c) => c.state !== "running");
  if (stopped.length === 0) return { id: "container_running", label, status: "pass", detail: `Running: ${listNames(running)}.` };
  // A stopped one-off container (a migration that exited 0) beside a running web container is
  // normal; only a stopped container that should serve the port, or no running one, fails.
  const serving = running.some((c) => c.hostPorts.includes(port));
  if (running.length > 0 && serving) {
    return { id: "container_running", label, status: "warn", detail: `Running: ${listNames(running)}. Stopped: ${withStatus(stopped)}; if these should run, start them or read their logs.` };
  }
  return {
    id: "container_running",
    label,
    status: "fail",
    detail: `Not running: ${withStatus(stopped)}. Start the app, or read its logs to see why it stopped.`,
  };
}

function publishedCheck(port: number, r: Outcome<Container[]>): Check {
  const label = `A container publishes port ${port}`;
  if (!r.ok || r.value.length === 0) return { id: "port_published", label, status: "skip", detail: "No containers to look at (see the check above)." };
  const publishers = r.value.filter((c) => c.hostPorts.includes(port));
  if (publishers.length > 0) return { id: "port_published", label, status: "pass", detail: `${listNames(publishers)} publishes port ${port} on the host.` };
  const others = r.value.filter((c) => c.hostPorts.length > 0).map((c) => `${c.name}: ${c.hostPorts.join(", ")}`);
  // warn, not fail: an app on host networking listens without publishing anything.
  return {
    id: "port_published",
    label,
    status: "warn",
    detail: `No container of the app publishes port ${port}. ${others.length ? `Published: ${others.join("; ")}.` : "None publishes any port."} Set the domain's port to the one the app publishes, or publish ${port}.`,
  };
}

function answersCheck(port: number, r: Outcome<{ ok: boolean; detail: string }>): Check {
  const label = `Something answers on 127.0.0.1:${port}`;
  if (!r.ok) return { id: "port_answers", label, status: "fail", detail: `Could not probe the port: ${r.error}` };
  if (r.value.ok) return { id: "port_answers", label, status: "pass", detail: `127.0.0.1:${port} answered: ${r.value.detail}.` };
  return {
    id: "port_answers",
    label,
    status: "fail",
    detail: `${r.value.detail}. nginx meets the same failure, which is the 502. Make sure the app listens on port ${port} and publishes it.`,
  };
}

/** The proxy_pass targets of a vhost, commented-out lines excluded. */
export function proxyPassTargets(text: string): string[] {
  return [...text.matchAll(/^\s*proxy_pass\s+([^;\s]+)\s*;/gm)].map((m) => m[1]!);
}

function vhostCheck(hostname: string, port: number, r: Outcome<string | null>): Check {
  const label = `nginx forwards to port ${port}`;
  const fix = "Save the domain again in the panel to rewrite its configuration.";
  if (!r.ok) return { id: "vhost_port", label, status: "fail", detail: `Could not read the vhost file: ${r.error}` };
  if (r.value === null) return { id: "vhost_port", label, status: "fail", detail: `The nginx configuration file for ${hostname} is missing. ${fix}` };
  const want = `http://127.0.0.1:${port}`;
  const targets = proxyPassTargets(r.value);
  if (targets.length === 0) return { id: "vhost_port", label, status: "fail", detail: `The vhost for ${hostname} has no proxy_pass, so nothing is forwarded to the app. ${fix}` };
  const wrong = targets.filter((t) => t.replace(/\/$/, "") !== want);
  if (wrong.length > 0) {
    return { id: "vhost_port", label, status: "fail", detail: `proxy_pass points at ${[...new Set(wrong)].join(", ")}, but the domain's upstream is ${want}. ${fix}` };
  }
  return { id: "vhost_port", label, status: "pass", detail: `proxy_pass points at ${want}.` };
}

function nginxCheck(r: Outcome<{ ok: boolean; output: string }>): Check {
  const label = "nginx configuration is valid";
  if (!r.ok) return { id: "nginx_config", label, status: "fail", detail: `Could not run nginx -t: ${r.error}` };
  if (r.value.ok) return { id: "nginx_config", label, status: "pass", detail: "nginx -t accepts the configuration." };
  return { id: "nginx_config", label, status: "fail", detail: `nginx -t refuses the configuration: ${r.value.output.trim() || "(no output)"}` };
}

function logCheck(r: Outcome<string[]>): Check {
  const label = "Recent proxy errors";
  if (!r.ok) return { id: "error_log", label, status: "fail", detail: `Could not read the domain's error log: ${r.error}` };
  const lines = r.value;
  if (lines.length === 0) return { id: "error_log", label, status: "pass", detail: "The domain's error log is empty." };
  const upstream = lines.filter((l) => UPSTREAM_ERROR.test(l));
  if (upstream.length === 0) return { id: "error_log", label, status: "pass", detail: `${lines.length} recent lines, none about reaching the app.` };
  return {
    id: "error_log",
    label,
    status: "warn",
    detail: `${upstream.length} of the last ${lines.length} lines say nginx could not get an answer from the app. Latest: ${upstream[upstream.length - 1]}`,
  };
}

export async function diagnose(input: { hostname: string; upstreamPort: number; appName: string }, probes: DiagnoseProbes): Promise<Diagnosis> {
  const { hostname, upstreamPort: port, appName } = input;
  // Every check runs, even after an earlier failure: a port can answer from outside Docker,
  // and a wrong proxy_pass or a broken config is worth knowing about whatever the containers
  // do. Only port_published, which reads the same container list, is skipped without one.
  const [containers, answers, vhost, nginx, log] = await Promise.all([
    attempt(() => probes.containers()),
    attempt(() => probes.portAnswers(port)),
    attempt(() => probes.vhostText()),
    attempt(() => probes.nginxTest()),
    attempt(() => probes.errorLogTail(LOG_LINES)),
  ]);
  const checks = [
    containerCheck(appName, port, containers),
    publishedCheck(port, containers),
    answersCheck(port, answers),
    vhostCheck(hostname, port, vhost),
    nginxCheck(nginx),
    logCheck(log),
  ];
  return { hostname, ok: checks.every((c) => c.status !== "fail"), checks, errorLog: log.ok ? log.value : [] };
}
