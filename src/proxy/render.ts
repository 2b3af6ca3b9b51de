// model -> nginx config text. Pure: same Vhost, same bytes; the golden files in fixtures/
// pin the output. Values are interpolated as-is because vhost() admitted only safe ones.
import type { Vhost } from "./model.ts";

const HEADER = "# Managed by ServerKit. Edits are overwritten; change the domain in the panel instead.";

function listen(v: Vhost, tls: boolean): string[] {
  const p = tls ? v.listen.https : v.listen.http;
  const flags = tls ? " ssl http2" : "";
  return [`listen ${p}${flags};`, `listen [::]:${p}${flags};`];
}

function logs(v: Vhost): string[] {
  const base = `${v.paths.logDir}/serverkit-${v.hostname}`;
  return [`access_log ${base}.access.log;`, `error_log ${base}.error.log;`];
}

function acme(v: Vhost): string[] {
  // ^~ wins over regex locations, so an app's own rules can never shadow the challenge.
  return [
    "location ^~ /.well-known/acme-challenge/ {",
    `    root ${v.paths.acmeWebroot};`,
    "    default_type text/plain;",
    "    try_files $uri =404;",
    "}",
  ];
}

function tlsLines(v: Vhost): string[] {
  const t = v.tls!;
  const lines = [`ssl_certificate ${t.certPath};`, `ssl_certificate_key ${t.keyPath};`, "ssl_protocols TLSv1.2 TLSv1.3;"];
  if (v.options.hsts) lines.push('add_header Strict-Transport-Security "max-age=31536000" always;');
  return lines;
}

function proxy(v: Vhost): string[] {
  const o = v.options;
  const lines = [
    "location / {",
    `    proxy_pass http://127.0.0.1:${v.upstreamPort};`,
    "    proxy_http_version 1.1;",
    "    proxy_set_header Host $host;",
    "    proxy_set_header X-Real-IP $remote_addr;",
    "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
    "    proxy_set_header X-Forwarded-Proto $scheme;",
    "    proxy_set_header X-Forwarded-Host $host;",
  ];
  if (o.websocket) {
    // A `map $http_upgrade` would need the http{} block, which is not ours; passing the
    // client's own Connection header keeps upgrades working and plain requests keep-alive.
    lines.push("    proxy_set_header Upgrade $http_upgrade;", "    proxy_set_header Connection $http_connection;");
  } else {
    lines.push('    proxy_set_header Connection "";');
  }
  lines.push(
    `    proxy_connect_timeout ${o.timeouts.connect}s;`,
    `    proxy_read_timeout ${o.timeouts.read}s;`,
    `    proxy_send_timeout ${o.timeouts.send}s;`,
    "}",
  );
  return lines;
}

/** The owner's snippet, as written (model.ts checked that its braces balance). */
function snippet(v: Vhost): string[] {
  const text = v.options.snippet.trim();
  return text ? ["# custom snippet (set in the panel)", ...text.split("\n").map((l) => l.trimEnd()), "# end of custom snippet", ""] : [];
}

const GZIP = ["gzip on;", "gzip_proxied any;", "gzip_types text/plain text/css application/json application/javascript text/xml application/xml image/svg+xml;"];

function block(lines: string[]): string {
  return ["server {", ...lines.map((l) => (l ? `    ${l}` : "")), "}"].join("\n");
}

/** The app's own server: on HTTPS when TLS is present, else on HTTP. */
function appServer(v: Vhost, tls: boolean): string {
  return block([
    ...listen(v, tls),
    `server_name ${[v.hostname, ...v.aliases].join(" ")};`,
    ...(tls ? tlsLines(v) : []),
    "",
    ...logs(v),
    "",
    `client_max_body_size ${v.options.bodySizeMb}m;`,
    ...GZIP,
    "",
    ...snippet(v),
    ...(tls ? [] : acme(v)),
    ...(tls ? [] : [""]),
    ...proxy(v),
  ]);
}

/** A server that keeps the ACME challenge reachable and sends everything else to `target`. */
function redirectServer(v: Vhost, names: string[], target: string, tls: boolean): string {
  return block([
    ...listen(v, tls),
    `server_name ${names.join(" ")};`,
    ...(tls ? tlsLines(v) : []),
    "",
    ...logs(v),
    "",
    ...(tls ? [] : [...acme(v), ""]),
    "location / {",
    `    return 301 ${target}$request_uri;`,
    "}",
  ]);
}

export function render(v: Vhost): string {
  const servers: string[] = [];
  const http = `http://${v.hostname}${v.listen.http === 80 ? "" : `:${v.listen.http}`}`;
  const httpsPort = v.listen.https === 443 ? "" : `:${v.listen.https}`;
  const https = `https://${v.hostname}${httpsPort}`;
  if (v.tls) {
    servers.push(redirectServer(v, [v.hostname, ...v.aliases], `https://$host${httpsPort}`, false));
    if (v.redirectFrom) servers.push(redirectServer(v, [v.redirectFrom], https, false));
    servers.push(appServer(v, true));
    if (v.redirectFrom) servers.push(redirectServer(v, [v.redirectFrom], https, true));
  } else {
    servers.push(appServer(v, false));
    if (v.redirectFrom) servers.push(redirectServer(v, [v.redirectFrom], http, false));
  }
  return `${HEADER}\n# Domain: ${v.hostname}\n\n${servers.join("\n\n")}\n`;
}
