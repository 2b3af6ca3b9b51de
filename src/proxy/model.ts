// The typed vhost model. `vhost()` is the only way to get a `Vhost`, and it checks every value,
// so render() can interpolate fields without escaping: a value that would need escaping never
// gets this far.
import { z } from "zod";
import { invalid } from "../lib/errors.ts";
import { assertAsciiAlias, assertAsciiHostname, wwwCounterpart } from "./hostname.ts";
import { checkSnippet } from "./snippet.ts";

/** Per-domain options the user may change (stored as JSON on the domain row). */
export const domainOptionsSchema = z
  .object({
    websocket: z.boolean().default(true),
    /** client_max_body_size in MiB; 0 disables the limit. */
    bodySizeMb: z.number().int().min(0).max(10_240).default(64),
    /** proxy_connect/read/send timeouts in seconds. */
    timeouts: z
      .object({
        connect: z.number().int().min(1).max(3600).default(60),
        read: z.number().int().min(1).max(86_400).default(60),
        send: z.number().int().min(1).max(86_400).default(60),
      })
      .strict()
      .default({ connect: 60, read: 60, send: 60 }),
    /** Also answer the www/apex counterpart of the hostname with a 301 to the hostname. */
    wwwRedirect: z.boolean().default(false),
    /** Strict-Transport-Security; only emitted when the domain has TLS. */
    hsts: z.boolean().default(false),
    /** Raw nginx directives inside the app's server block. Owners only (checked by the route); nginx -t has the last word. */
    snippet: z.string().max(8192).default(""),
  })
  .strict();
export type DomainOptions = z.infer<typeof domainOptionsSchema>;
export const defaultOptions = (): DomainOptions => domainOptionsSchema.parse({});

export interface VhostInput {
  /** Punycode, already normalised (normalizeHostname) — checked again here. */
  hostname: string;
  aliases: string[];
  upstreamPort: number;
  options: DomainOptions;
  /** From our own config, never from a request. */
  paths: { logDir: string; acmeWebroot: string };
  listen: { http: number; https: number };
  tls?: { certPath: string; keyPath: string };
}

declare const checked: unique symbol;
export type Vhost = Readonly<VhostInput & { redirectFrom: string | null }> & { readonly [checked]: true };

// Absolute paths in a conservative alphabet: nothing nginx would parse as syntax.
const SAFE_PATH = /^\/[A-Za-z0-9._\/-]*$/;

function port(name: string, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid("invalid_port", `${name} must be an integer port (1-65535), got ${n}.`);
  return n;
}

function path(name: string, p: string): string {
  if (!SAFE_PATH.test(p) || p.split("/").includes("..")) throw invalid("invalid_path", `${name} must be an absolute path of letters, digits, ".", "_", "-" and "/".`);
  return p;
}

export function vhost(input: VhostInput): Vhost {
  const hostname = assertAsciiHostname(input.hostname);
  const aliases = input.aliases.map((a) => assertAsciiAlias(a));
  const options = domainOptionsSchema.parse(input.options);
  checkSnippet(options.snippet);
  const redirectFrom = options.wwwRedirect ? assertAsciiHostname(wwwCounterpart(hostname)) : null;
  const names = [hostname, ...aliases, ...(redirectFrom ? [redirectFrom] : [])];
  if (new Set(names).size !== names.length) {
    throw invalid("duplicate_name", "The hostname, its aliases and its www counterpart must all be different.");
  }
  return {
    hostname,
    aliases,
    upstreamPort: port("upstream port", input.upstreamPort),
    options,
    paths: { logDir: path("nginx.logDir", input.paths.logDir), acmeWebroot: path("nginx.acmeWebroot", input.paths.acmeWebroot) },
    listen: { http: port("nginx.httpPort", input.listen.http), https: port("nginx.httpsPort", input.listen.https) },
    tls: input.tls && { certPath: path("certificate path", input.tls.certPath), keyPath: path("key path", input.tls.keyPath) },
    redirectFrom,
  } as Vhost;
}

/** Every server_name a domain answers to (used for the "taken by another app" check too). */
export const namesOf = (v: Pick<Vhost, "hostname" | "aliases" | "redirectFrom">): string[] => [
  v.hostname,
  ...v.aliases,
  ...(v.redirectFrom ? [v.redirectFrom] : []),
];

/** The file name the panel owns for a domain: serverkit-<hostname>.conf. */
export const vhostFileName = (hostname: string): string => `serverkit-${assertAsciiHostname(hostname)}.conf`;
