// render() against expected-output files. UPDATE_FIXTURES=1 rewrites them (review the diff).
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeHostname } from "./hostname.ts";
import { defaultOptions, vhost, type DomainOptions, type VhostInput } from "./model.ts";
import { render } from "./render.ts";
import { renderDefault } from "./render-default.ts";
import { checkSnippet } from "./snippet.ts";

const base = (over: Partial<Omit<VhostInput, "options">> & { options?: Partial<DomainOptions> } = {}): VhostInput => ({
  hostname: "blog.example.com",
  aliases: [],
  upstreamPort: 8080,
  paths: { logDir: "/var/log/nginx", acmeWebroot: "/var/lib/serverkit/acme" },
  listen: { http: 80, https: 443 },
  ...over,
  options: { ...defaultOptions(), ...over.options },
});

const cases: Record<string, VhostInput> = {
  "plain-http": base({ options: { websocket: false } }),
  "aliases-websocket": base({
    aliases: ["www.blog.example.com", "blog.example.org"],
    upstreamPort: 8123,
    options: { bodySizeMb: 512, timeouts: { connect: 5, read: 3600, send: 3600 } },
  }),
  "www-redirect": base({ hostname: "example.com", options: { wwwRedirect: true } }),
  "tls-hsts-www": base({
    hostname: "www.example.com",
    tls: { certPath: "/var/lib/serverkit/tls/www.example.com/fullchain.pem", keyPath: "/var/lib/serverkit/tls/www.example.com/key.pem" },
    options: { wwwRedirect: true, hsts: true },
  }),
  "wildcard-snippet": base({
    hostname: "shop.example.com",
    aliases: ["*.shop.example.com"],
    tls: { certPath: "/var/lib/serverkit/certs/shop.example.com/fullchain.pem", keyPath: "/var/lib/serverkit/certs/shop.example.com/privkey.pem" },
    options: { snippet: 'location /healthz {\n    return 200 "ok";\n}\nadd_header X-Frame-Options "SAMEORIGIN";' },
  }),
  "idn-high-ports": base({ hostname: normalizeHostname("Bücher.example"), listen: { http: 8081, https: 8443 }, options: { wwwRedirect: true } }),
};

describe("render golden files", () => {
  for (const [name, input] of Object.entries(cases)) {
    test(name, () => {
      const file = join(import.meta.dir, "fixtures", `${name}.conf`);
      const out = render(vhost(input));
      if (process.env.UPDATE_FIXTURES === "1") writeFileSync(file, out);
      expect(out).toBe(readFileSync(file, "utf8"));
    });
  }

  test("is deterministic and pure", () => {
    const v = vhost(cases["aliases-websocket"]!);
    expect(render(v)).toBe(render(v));
  });

  test("HSTS is only emitted with TLS", () => {
    expect(render(vhost(base({ options: { hsts: true } })))).not.toContain("Strict-Transport-Security");
  });
});

describe("renderDefault (private URLs)", () => {
  const token = "A".repeat(20) + "b_-".repeat(7) + "Zz";
  test("golden file", () => {
    const file = join(import.meta.dir, "fixtures", "default-server.conf");
    const out = renderDefault({
      listen: 80,
      logDir: "/var/log/nginx",
      acmeWebroot: "/var/www/serverkit-acme",
      locations: [
        { id: 1, token, port: 8001, appName: "blog", authFile: null },
        { id: 2, token: token.replace("A", "B"), port: 8002, appName: "shop", authFile: "/etc/nginx/serverkit-auth/private-2.htpasswd" },
      ],
    });
    if (process.env.UPDATE_FIXTURES === "1") writeFileSync(file, out);
    expect(out).toBe(readFileSync(file, "utf8"));
  });
  test("refuses a malformed token or path", () => {
    const d = { listen: 80, logDir: "/l", acmeWebroot: "/w" };
    expect(() => renderDefault({ ...d, locations: [{ id: 1, token: "short", port: 1, appName: "a", authFile: null }] })).toThrow(expect.objectContaining({ code: "invalid_token" }));
    expect(() => renderDefault({ ...d, locations: [{ id: 1, token, port: 1, appName: "a", authFile: "/a b" }] })).toThrow(expect.objectContaining({ code: "invalid_path" }));
  });
});

describe("custom snippet", () => {
  const ok = ['return 200 "}";', "location /x { proxy_pass http://127.0.0.1:1; } # }}}", "if ($http_x = 'a{') { return 403; }"];
  for (const text of ok) test(`accepts ${JSON.stringify(text)}`, () => expect(checkSnippet(text)).toBe(text));
  const bad: [string, string][] = [
    ["} server { listen 81; } server {", "closes a block"],
    ["location / {", "does not close"],
    ['add_header X "unterminated;', "unterminated quote"],
    ["a\u0000b", "NUL"],
  ];
  for (const [text, why] of bad) {
    test(`refuses ${JSON.stringify(text)}`, () => {
      expect(() => checkSnippet(text)).toThrow(expect.objectContaining({ code: "invalid_snippet" }));
      expect(() => checkSnippet(text)).toThrow(new RegExp(why));
    });
  }
});

describe("vhost() refuses unsafe values", () => {
  const bad: [string, Partial<Omit<VhostInput, "options">>, string][] = [
    ["upstream port 0", { upstreamPort: 0 }, "invalid_port"],
    ["fractional port", { upstreamPort: 80.5 }, "invalid_port"],
    ["log dir with a space", { paths: { logDir: "/var/log/ngi nx", acmeWebroot: "/a" } }, "invalid_path"],
    ["webroot with ;", { paths: { logDir: "/var/log", acmeWebroot: "/a;b" } }, "invalid_path"],
    ["relative path", { paths: { logDir: "var/log", acmeWebroot: "/a" } }, "invalid_path"],
    ["cert path with $", { tls: { certPath: "/a/$b", keyPath: "/k" } }, "invalid_path"],
    ["unchecked hostname", { hostname: "a b.com" }, "invalid_hostname"],
    ["unchecked alias", { aliases: ["x.com;"] }, "invalid_hostname"],
    ["alias equal to hostname", { aliases: ["blog.example.com"] }, "duplicate_name"],
    ["wildcard not leading", { aliases: ["a.*.example.com"] }, "invalid_hostname"],
    ["wildcard over a TLD", { aliases: ["*.com"] }, "invalid_hostname"],
  ];
  for (const [name, over, code] of bad) {
    test(name, () => {
      expect(() => vhost(base(over))).toThrow(expect.objectContaining({ code }));
    });
  }
});
