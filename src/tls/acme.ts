// Obtaining a certificate from an ACME CA (RFC 8555) with acme-client, step by step rather than
// through client.auto(): each step gets a log line the user can follow, a failed validation is
// reported with the name, the challenge and the CA's own problem detail, polling is bounded by
// our timeouts instead of acme-client's fixed 5-30 s backoff, and the job's abort signal is
// honoured between steps. Challenge files and DNS records are always removed afterwards.
import { X509Certificate, createPrivateKey } from "node:crypto";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import * as acme from "acme-client";
import { DomainError, invalid } from "../lib/errors.ts";
import { Cloudflare, waitUntilServed, type ChallengeRecord } from "./cloudflare.ts";
import { cloudflareTokenMissing, wildcardNeedsDns } from "./errors.ts";

export interface AcmeRequest {
  directoryUrl: string;
  /** PEM of the ACME account key; null creates a new account key (returned in the result so the caller can store it encrypted). */
  accountKeyPem: string | null;
  accountUrl?: string | null;
  /** Contact (mailto:) when given. */
  email: string | null;
  /** Punycode hostnames; the first is the CN. "*.x" wildcards only with dns-01. */
  names: string[];
  challenge: "http-01" | "dns-01";
  /** HTTP-01: token files go to <webroot>/.well-known/acme-challenge/<token>, which nginx serves for every domain. */
  webroot: string;
  /** Required for dns-01. */
  cloudflare?: { apiBase: string; token: string };
  /** Extra CA certificates (PEM) to trust for the ACME directory's HTTPS (custom/internal CAs, pebble in tests). */
  caBundlePem?: string | null;
  log: (line: string) => void;
  progress?: (fraction: number, step: string) => void;
  signal?: AbortSignal;
  /**
   * validationMs: how long the CA may take to validate, and then to issue (default 120 s).
   * dnsPropagationMs: how long to wait for the zone's nameservers to serve new DNS-01 records
   * before asking the CA anyway (default 60 s; Cloudflare usually takes a few seconds; 0 skips).
   */
  timeouts?: { validationMs?: number; dnsPropagationMs?: number };
}

export interface AcmeResult {
  certPem: string; // full chain, leaf first
  keyPem: string; // the new certificate's private key
  accountKeyPem: string;
  accountUrl: string;
}

type Authz = acme.Authorization;
type Challenge = Authz["challenges"][number];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const TOKEN = /^[A-Za-z0-9_-]+$/;
const PROBE_TIMEOUT_MS = 15_000;

const acmeFailed = (message: string) => new DomainError("unavailable", "acme_failed", message);

/** Lower-cased names, or a DomainError before anything touches the network. */
function checkNames(names: string[], challenge: AcmeRequest["challenge"]): string[] {
  if (names.length === 0) throw invalid("no_names", "A certificate needs at least one name.");
  if (names.length > 100) throw invalid("too_many_names", "A certificate may hold at most 100 names.");
  const out = names.map((raw) => {
    const name = raw.toLowerCase();
    // Unicode names must arrive as punycode: the CA only takes ASCII identifiers.
    if (!/^[\x21-\x7e]+$/.test(name)) throw invalid("invalid_certificate_name", `"${raw}" is not ASCII: use its punycode form (xn--...).`);
    const base = name.startsWith("*.") ? name.slice(2) : name;
    const labels = base.split(".");
    if (base.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1)!)) {
      throw invalid("invalid_certificate_name", `"${raw}" is not a valid host name${base.includes("*") ? ` (a wildcard may only be a leading "*.")` : ""}.`);
    }
    return name;
  });
  if (new Set(out).size !== out.length) throw invalid("duplicate_name", `A name is listed twice: ${out.join(", ")}.`);
  const wildcards = out.filter((n) => n.startsWith("*."));
  if (challenge === "http-01" && wildcards.length) throw wildcardNeedsDns(wildcards);
  return out;
}

// acme-client sends everything through one global axios instance, so trusting an extra CA means
// swapping that instance's agent; one issuance at a time keeps two requests from fighting over it.
let tail: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const result = tail.then(fn, fn);
  tail = result.catch(() => undefined);
  return result;
}

export async function issueCertificate(req: AcmeRequest): Promise<AcmeResult> {
  const names = checkNames(req.names, req.challenge);
  if (req.challenge === "dns-01" && !req.cloudflare?.token) throw cloudflareTokenMissing();
  return serialized(async () => {
    req.signal?.throwIfAborted(); // cancelled while queued behind another issuance
    // Node's `ca` replaces the default roots, so the public ones are passed along with the extras.
    const agent = req.caBundlePem ? new https.Agent({ ca: [...rootCertificates, req.caBundlePem] }) : undefined;
    const before = acme.axios.defaults.httpsAgent;
    acme.axios.defaults.httpsAgent = agent;
    try {
      await probeDirectory(req.directoryUrl, agent, req.signal);
      return await issue(req, names);
    } finally {
      acme.axios.defaults.httpsAgent = before;
      agent?.destroy();
    }
  });
}

/**
 * One plain GET of the directory before acme-client starts: acme-client retries connection and
 * TLS errors silently for over a minute, while this reports an untrusted or unreachable CA at once.
 */
function probeDirectory(url: string, agent: https.Agent | undefined, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new DomainError("unavailable", "acme_unreachable", `Could not reach the ACME directory ${url}: ${why}`));
    const secure = url.startsWith("https:");
    if (!secure && !url.startsWith("http:")) return fail("the URL must start with https:// (or http://)");
    const r = (secure ? https : http).get(url, { agent: secure ? agent : undefined, timeout: PROBE_TIMEOUT_MS, signal }, (res) => {
      res.resume();
      if ((res.statusCode ?? 0) < 400) resolve();
      else fail(`HTTP ${res.statusCode}`);
    });
    r.on("timeout", () => r.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)));
    r.on("error", (err: Error & { code?: string }) => {
      if (signal?.aborted) return reject(signal.reason);
      const tlsTrust = /CERT|SIGNATURE|ISSUER|SELF_SIGNED/i.test(err.code ?? "");
      fail(`${err.message}${err.code ? ` (${err.code})` : ""}${tlsTrust ? ". Its HTTPS certificate is not trusted: add the CA's certificate to the CA bundle (tls.caBundle)." : ""}`);
    });
  });
}

/** Runs one acme-client call; its errors become acme_failed with what we were doing and the CA's detail. */
async function step<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const e = err as Error & { code?: string; response?: { data?: { detail?: string } } };
    throw acmeFailed(`${what} failed: ${e.response?.data?.detail ?? e.message}${e.code ? ` (${e.code})` : ""}`);
  }
}

const nameOf = (a: Authz) => (a.wildcard ? `*.${a.identifier.value}` : a.identifier.value);
const txtName = (name: string) => `_acme-challenge.${name.replace(/^\*\./, "")}`;

async function issue(req: AcmeRequest, names: string[]): Promise<AcmeResult> {
  const { log, signal } = req;
  const validationMs = req.timeouts?.validationMs ?? 120_000;

  const accountKeyPem = req.accountKeyPem ?? (await acme.crypto.createPrivateEcdsaKey()).toString();
  const client = new acme.Client({ directoryUrl: req.directoryUrl, accountKey: accountKeyPem });
  // A stored key: look its account up (RFC 8555 7.3.1, onlyReturnExisting; pebble refuses a
  // ToS-only "update" of an existing account), which also corrects a stale stored URL. A new key,
  // or one this CA does not know, registers.
  const contact = req.email ? [`mailto:${req.email}`] : undefined;
  const existing = req.accountKeyPem ? await client.createAccount({ onlyReturnExisting: true }).catch(() => null) : null;
  if (!existing) await step("Registering the ACME account", () => client.createAccount({ termsOfServiceAgreed: true, ...(contact ? { contact } : {}) }));
  else if (contact && existing.contact?.join() !== contact.join()) {
    await step("Updating the account's contact", () => client.updateAccount({ contact })).then(() => log(`Account contact set to ${req.email}`));
  }
  const accountUrl = client.getAccountUrl();
  if (!existing) log(`Registered a new ACME account: ${accountUrl}`);
  else log(`Using the ACME account ${accountUrl}${req.accountUrl && req.accountUrl !== accountUrl ? ` (the stored URL ${req.accountUrl} was stale)` : ""}`);
  req.progress?.(0.1, "Account ready");

  signal?.throwIfAborted();
  log(`Creating order for ${names.join(", ")}`);
  let order = await step(`Creating the order for ${names.join(", ")}`, () => client.createOrder({ identifiers: names.map((value) => ({ type: "dns", value })) }));
  const authzs = await step("Fetching the order's authorizations", () => client.getAuthorizations(order));
  req.progress?.(0.2, "Order created");

  await prove(client, order, authzs, req, validationMs);
  req.progress?.(0.7, "Validated");

  log("Generating the certificate key and finalizing the order");
  // ECDSA P-256, as Caddy and certbot 2.x default to: smaller certificates and faster handshakes
  // than RSA, and every browser and OS of the last decade accepts it. The account key is P-256 too.
  const certKey = await acme.crypto.createPrivateEcdsaKey();
  // CN is limited to 64 characters; a longer first name simply stays a SAN only.
  const cn = names[0]!.length <= 64 ? { commonName: names[0] } : {};
  const [keyBuf, csr] = await acme.crypto.createCsr({ ...cn, altNames: names }, certKey);
  order = await step("Finalizing the order", () => client.finalizeOrder(order, csr));
  order = await waitForOrder(client, order, req, validationMs);
  req.progress?.(0.9, "Issued");
  const certPem = await step("Downloading the certificate", () => client.getCertificate(order));
  const keyPem = keyBuf.toString();
  if (!new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem))) throw acmeFailed("The CA returned a certificate that does not match the key we sent.");
  log("Certificate downloaded");
  req.progress?.(1, "Done");
  return { certPem, keyPem, accountKeyPem, accountUrl };
}

/** Publishes an answer for every pending authorization, has the CA check them, and always cleans up. */
async function prove(client: acme.Client, order: acme.Order, authzs: Authz[], req: AcmeRequest, validationMs: number): Promise<void> {
  const { log, signal } = req;
  const cleanups: (() => Promise<void>)[] = [];
  const records: ChallengeRecord[] = [];
  const cf = req.challenge === "dns-01" ? new Cloudflare({ apiBase: req.cloudflare!.apiBase, token: req.cloudflare!.token }) : null;
  try {
    const todo: { name: string; challenge: Challenge }[] = [];
    for (const authz of authzs) {
      signal?.throwIfAborted();
      const name = nameOf(authz);
      if (authz.status === "valid") {
        log(`${name} is already validated for this account`);
        continue;
      }
      const challenge = authz.challenges.find((c) => c.type === req.challenge);
      if (!challenge) throw acmeFailed(`The CA offered no ${req.challenge} challenge for ${name} (only ${authz.challenges.map((c) => c.type).join(", ")}).`);
      const keyAuth = await step(`Preparing the ${req.challenge} answer for ${name}`, () => client.getChallengeKeyAuthorization(challenge));
      if (cf) {
        const txt = await cf.addChallengeRecord(name, keyAuth);
        records.push(txt);
        log(`DNS-01 TXT record ${txt.record} for ${name} created in Cloudflare zone ${txt.zone.name}`);
        cleanups.push(tidy(log, `DNS-01 TXT record ${txt.record} for ${name} removed`, `Could not remove the TXT record ${txt.record} from Cloudflare`, txt.remove));
      } else cleanups.push(writeToken(req.webroot, name, challenge.token, keyAuth, log));
      todo.push({ name, challenge });
    }
    req.progress?.(0.3, "Challenges published");
    const propagationMs = req.timeouts?.dnsPropagationMs ?? 60_000;
    if (records.length && propagationMs > 0) {
      log("Waiting for the zone's nameservers to serve the TXT records");
      const seen = await waitUntilServed(records, propagationMs, signal);
      if (seen === "timeout") log(`Not every nameserver served the records after ${Math.round(propagationMs / 1000)} s; asking the CA anyway`);
      else if (seen === "unchecked") log("Cloudflare listed no reachable nameservers for the zone; asking the CA without checking");
    }
    for (const t of todo) {
      signal?.throwIfAborted();
      await step(`Asking the CA to validate ${t.name}`, () => client.completeChallenge(t.challenge));
    }
    if (todo.length) log(`Waiting for validation of ${todo.map((t) => t.name).join(", ")}`);
    await waitForAuthorizations(client, order, req, validationMs);
    log("All names validated");
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}

/** A clean-up step: a failure is logged, not thrown, so it never hides the issuance's own outcome. */
const tidy = (log: (l: string) => void, done: string, failed: string, fn: () => unknown) => () =>
  Promise.resolve().then(fn).then(() => log(done), (err: Error) => log(`${failed}: ${err.message}`));

function writeToken(webroot: string, name: string, token: string, keyAuth: string, log: (l: string) => void): () => Promise<void> {
  // The token becomes a file name: refuse anything that could leave the directory.
  if (!TOKEN.test(token)) throw acmeFailed(`The CA sent an HTTP-01 token for ${name} with unexpected characters.`);
  const dir = join(webroot, ".well-known", "acme-challenge");
  const file = join(dir, token);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, keyAuth);
  // nginx's workers run unprivileged; explicit modes, because a strict umask would hide the file.
  for (const p of [join(webroot, ".well-known"), dir]) chmodSync(p, 0o755);
  chmodSync(file, 0o644);
  log(`HTTP-01 token for ${name} written`);
  return tidy(log, `HTTP-01 token for ${name} removed`, `Could not remove the HTTP-01 token ${file}`, () => rmSync(file, { force: true }));
}

/** Polls 250 ms, growing to 3 s: quick on a fast CA, gentle on a slow one. */
async function poll<T>(req: AcmeRequest, ms: number, check: () => Promise<T | null>, onTimeout: () => DomainError): Promise<T> {
  const deadline = Date.now() + ms;
  for (let wait = 250; ; wait = Math.min(wait * 1.5, 3000)) {
    req.signal?.throwIfAborted();
    const done = await check();
    if (done !== null) return done;
    if (Date.now() >= deadline) throw onTimeout();
    // Only an abort rejects the delay; throwIfAborted then throws the job's own reason (e.g. JobCancelled).
    await delay(Math.min(wait, Math.max(0, deadline - Date.now())), undefined, { signal: req.signal }).catch(() => req.signal?.throwIfAborted());
  }
}

function validationFailure(a: Authz, challengeType: string): DomainError {
  const name = nameOf(a);
  const ch = a.challenges.find((c) => c.type === challengeType && c.error) ?? a.challenges.find((c) => c.error);
  const err = ch?.error as { detail?: string; type?: string } | undefined;
  const kind = err?.type ? ` [${err.type.replace("urn:ietf:params:acme:error:", "")}]` : "";
  const what = (ch?.type ?? challengeType).toUpperCase();
  const hint = what === "HTTP-01"
    ? ` The CA fetches http://${name}/.well-known/acme-challenge/...: the name must point at this server and port 80 must reach nginx.`
    : what === "DNS-01" ? ` The CA looks up the TXT record ${txtName(name)}.` : "";
  return acmeFailed(`${what} validation of ${name} failed: ${(err?.detail ?? `the authorization is ${a.status}`).replace(/\.$/, "")}${kind}.${hint}`);
}

async function waitForAuthorizations(client: acme.Client, order: acme.Order, req: AcmeRequest, ms: number): Promise<void> {
  let pending: string[] = [];
  await poll(req, ms, async () => {
    const now = await step("Checking the validation status", () => client.getAuthorizations(order));
    const failed = now.find((a) => a.status !== "valid" && a.status !== "pending");
    if (failed) throw validationFailure(failed, req.challenge);
    pending = now.filter((a) => a.status === "pending").map(nameOf);
    return pending.length === 0 ? true : null;
  }, () => new DomainError("unavailable", "acme_timeout", `The CA had not validated ${pending.join(", ")} after ${Math.round(ms / 1000)} s.`));
}

async function waitForOrder(client: acme.Client, order: acme.Order, req: AcmeRequest, ms: number): Promise<acme.Order> {
  return poll(req, ms, async () => {
    order = await step("Checking the order status", () => client.getOrder(order));
    if (order.status === "invalid") throw acmeFailed(`The CA refused to issue the certificate: ${(order.error as { detail?: string } | undefined)?.detail ?? "the order is invalid"}.`);
    return order.status === "valid" ? order : null;
  }, () => new DomainError("unavailable", "acme_timeout", `The CA had not issued the certificate after ${Math.round(ms / 1000)} s (the order is ${order.status}).`));
}
