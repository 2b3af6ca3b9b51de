// `serverkit agent`: makes this machine a server the panel manages. It dials out to the panel
// (no inbound port), so it carries only protocol and docker: no HTTP routes, no database.
import { join } from "node:path";
import { localHandlers } from "../docker/index.ts";
import { log, setLogLevel, type LogLevel } from "../lib/log.ts";
import { VERSION } from "../lib/version.ts";
import { idleTrimmer } from "../lib/working-set.ts";
import { fail, out, parse } from "./args.ts";
import { checkPanelUrl, readIdentity, register, identityPath } from "./agent-identity.ts";
import { runLink } from "./agent-link.ts";

const HELP = `Usage: serverkit agent [--token=T --panel URL] [options]

Connects this server to a ServerKit panel. The first run trades the one-time token shown by
"Add server" in the panel for an identity (kept in the data dir); later runs reuse it.

Options:
  --token=T               one-time registration token (first run only; one word:
                          a token may start with "-")
  --panel URL             the panel, https://... (first run only)
  --data-dir DIR          identity and app folders (default /var/lib/serverkit-agent)
  --docker-socket PATH    Docker engine socket (default /var/run/docker.sock)
  --register-only         register, then exit (for installers that start a service next)
  --allow-insecure        accept a plain http:// panel (local testing only)
  --heartbeat-seconds N   how often to report load (default 30)
  --transport ws|poll     ws (default), or poll: HTTPS long-poll where egress blocks WebSocket
  --log-level LEVEL       debug, info, warn or error (default info)
  -h, --help              show this help`;

export async function agent(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    token: { type: "string" },
    panel: { type: "string" },
    "data-dir": { type: "string" },
    "docker-socket": { type: "string" },
    "register-only": { type: "boolean" },
    "allow-insecure": { type: "boolean" },
    "heartbeat-seconds": { type: "string" },
    transport: { type: "string" },
    "log-level": { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return out(HELP), 0;
  const level = values["log-level"] ?? "info";
  if (!["debug", "info", "warn", "error"].includes(level)) fail("--log-level must be debug, info, warn or error");
  setLogLevel(level as LogLevel);
  const heartbeatSeconds = Number(values["heartbeat-seconds"] ?? "30");
  if (!Number.isFinite(heartbeatSeconds) || heartbeatSeconds < 0.05 || heartbeatSeconds > 3600) fail("--heartbeat-seconds must be between 0.05 and 3600");

  const transport = values.transport ?? "ws";
  if (transport !== "ws" && transport !== "poll") fail("--transport must be ws or poll");
  const dataDir = values["data-dir"] ?? "/var/lib/serverkit-agent";
  const allowInsecure = values["allow-insecure"] === true;
  const handlers = localHandlers({ dockerSocket: values["docker-socket"] ?? "/var/run/docker.sock", appsDir: join(dataDir, "apps") });
  const alog = log.child({ domain: "agent" });

  let identity = readIdentity(dataDir);
  if (identity && values.token) fail(`already registered as ${identity.serverId} (${identityPath(dataDir)}); remove that file to register again`);
  if (!identity) {
    if (!values.token || !values.panel) fail(`not registered yet: run with --token and --panel (from "Add server" in the panel)\n\n${HELP}`);
    alog.info("registering with the panel", { panel: values.panel });
    identity = await register({ dataDir, panelUrl: checkPanelUrl(values.panel, allowInsecure), token: values.token, handlers });
    alog.info("registered", { server: identity.serverId, panel: identity.panelUrl });
  }
  // The stored URL is checked again: an identity made with --allow-insecure needs it every time.
  checkPanelUrl(identity.panelUrl, allowInsecure);
  if (values["register-only"]) return 0;

  const stop = new AbortController();
  process.once("SIGTERM", () => stop.abort());
  process.once("SIGINT", () => stop.abort());
  // An agent idles for days between commands: once it has been quiet a while, the pages it
  // touched starting up and answering go back to the page cache (src/lib/working-set.ts).
  const trimmer = idleTrimmer({
    onTrim: (r) => alog.debug("working set trimmed", { mappings: r.mappings, beforeKiB: r.beforeKiB, afterKiB: r.afterKiB }),
  });
  stop.signal.addEventListener("abort", () => trimmer.stop(), { once: true });
  return runLink({ identity, handlers, log: alog, version: VERSION, heartbeatMs: heartbeatSeconds * 1000, transport, signal: stop.signal, onActivity: trimmer.touch });
}
