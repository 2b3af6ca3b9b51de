// The server's default vhost, owned by the panel once a private URL exists: unknown hosts get
// 404, the ACME challenge stays reachable, and each private URL is a `/p/<token>/` location
// proxied to its app. Pure, like render(): values were checked when the model was built.
import { invalid } from "../lib/errors.ts";

export const DEFAULT_FILE = "serverkit-default.conf";
/** 32 random bytes in base64url: 43 characters nginx takes literally. */
export const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SAFE_PATH = /^\/[A-Za-z0-9._\/-]*$/;

export interface PrivateLocation {
  id: number;
  token: string;
  port: number;
  appName: string;
  /** htpasswd file when the URL has basic auth. */
  authFile: string | null;
}

export interface DefaultServer {
  listen: number;
  logDir: string;
  acmeWebroot: string;
  locations: PrivateLocation[];
}

function check(d: DefaultServer): void {
  const paths = [d.logDir, d.acmeWebroot, ...d.locations.flatMap((l) => (l.authFile ? [l.authFile] : []))];
  if (paths.some((p) => !SAFE_PATH.test(p) || p.split("/").includes(".."))) throw invalid("invalid_path", "A path in the default server is not a plain absolute path.");
  for (const l of d.locations) {
    if (!TOKEN.test(l.token)) throw invalid("invalid_token", "A private URL token is malformed.");
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535) throw invalid("invalid_port", `Port ${l.port} is not a port.`);
  }
}

function location(l: PrivateLocation, appLabel: string): string[] {
  return [
    `# private URL ${l.id}: ${appLabel}`,
    `location = /p/${l.token} {`,
    `    return 301 /p/${l.token}/;`,
    "}",
    `location ^~ /p/${l.token}/ {`,
    ...(l.authFile ? ['    auth_basic "Private preview";', `    auth_basic_user_file ${l.authFile};`] : []),
    // The trailing "/" strips /p/<token> so the app sees its own paths.
    `    proxy_pass http://127.0.0.1:${l.port}/;`,
    "    proxy_http_version 1.1;",
    "    proxy_set_header Host $host;",
    "    proxy_set_header X-Real-IP $remote_addr;",
    "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "    proxy_set_header X-Forwarded-Proto $scheme;",
    `    proxy_set_header X-Forwarded-Prefix /p/${l.token};`,
    "    proxy_set_header Upgrade $http_upgrade;",
    "    proxy_set_header Connection $http_connection;",
    '    add_header X-Robots-Tag "noindex, nofollow" always;',
    "}",
    "",
  ];
}

export function renderDefault(d: DefaultServer): string {
  check(d);
  const lines = [
    `listen ${d.listen} default_server;`,
    `listen [::]:${d.listen} default_server;`,
    "server_name _;",
    "",
    `access_log ${d.logDir}/serverkit-default.access.log;`,
    `error_log ${d.logDir}/serverkit-default.error.log;`,
    "",
    "location ^~ /.well-known/acme-challenge/ {",
    `    root ${d.acmeWebroot};`,
    "    default_type text/plain;",
    "    try_files $uri =404;",
    "}",
    "",
    // App names are [a-z0-9-] (apps domain), safe in a comment.
    ...d.locations.flatMap((l) => location(l, `app ${l.appName.replace(/[^a-z0-9-]/g, "?")}`)),
    "location / {",
    "    return 404;",
    "}",
  ];
  const body = ["server {", ...lines.map((l) => (l ? `    ${l}` : "")), "}"].join("\n");
  return `# Managed by ServerKit: the default server, with the private URLs (/p/<token>/). Edits are overwritten.\n\n${body}\n`;
}
