/** Domains: hostnames that nginx proxies to an app (src/http/routes/domains.ts). */
import { http } from "./client";
import type { Job } from "./types";
import type { AppId } from "./types-apps";

const enc = (id: string | number) => encodeURIComponent(id);

export interface DomainOptions {
  websocket: boolean;
  /** client_max_body_size in MiB; 0 = no limit. */
  bodySizeMb: number;
  timeouts: { connect: number; read: number; send: number };
  wwwRedirect: boolean;
  hsts: boolean;
  /** Raw nginx directives inside the server block; only owners may set it (403 otherwise). */
  snippet: string;
}

export type CertificateSource = "acme" | "upload";
/** `failed` = never obtained; a failed renewal keeps `active` with `lastError` set. */
export type CertificateState = "issuing" | "active" | "failed";
export type AcmeChallenge = "http-01" | "dns-01";

export interface Certificate {
  source: CertificateSource;
  state: CertificateState;
  challenge: AcmeChallenge | null;
  names: string[];
  issuer: string | null;
  serial: string | null;
  notBefore: string | null;
  notAfter: string | null;
  daysLeft: number | null;
  lastRenewalAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  /** When the schedule will try to renew it (ACME only). */
  renewsAt: string | null;
  /** The issuing/renewing job when one is running or was last run. */
  jobId: string | null;
  /** Status of that job ("queued", "running", "succeeded"...); a running renewal shows here. */
  jobStatus: string | null;
}

export interface Domain {
  id: number;
  appId: number;
  serverId: string;
  hostname: string;
  aliases: string[];
  /** Every name nginx answers for, the www counterpart included. */
  names: string[];
  appName: string;
  port: number;
  /** The vhost serves HTTPS (HTTP redirects to it). */
  tls: boolean;
  certificate: Certificate | null;
  options: DomainOptions;
  file: string;
  createdAt: string;
  updatedAt: string;
}

export interface DnsRecord {
  name: string;
  a: string[];
  aaaa: string[];
  pointsHere: boolean;
  warning: string | null;
}

export interface DnsReport {
  hostname: string;
  serverAddresses: string[];
  records: DnsRecord[];
  warnings: string[];
}

export interface NewDomain {
  appId: number;
  hostname: string;
  aliases?: string[];
  port?: number;
  options?: Partial<DomainOptions>;
}

export type DiagnoseStatus = "pass" | "fail" | "warn" | "skip";

export interface DiagnoseCheck {
  id: string;
  label: string;
  status: DiagnoseStatus;
  detail: string;
}

export interface DiagnoseReport {
  hostname: string;
  ok: boolean;
  checks: DiagnoseCheck[];
  errorLog: string[];
}

/** PEM texts for PUT /domains/:id/certificate. */
export interface UploadedCertificate {
  /** Certificate chain, leaf first. */
  certificate: string;
  key: string;
}

export type DomainChange = Partial<Pick<NewDomain, "aliases" | "port" | "options">>;

export const domainsApi = {
  list: (app?: AppId) => http.get<{ items: Domain[] }>("/domains", { query: { app } }),
  create: (body: NewDomain) => http.post<{ domain: Domain }>("/domains", body),
  get: (id: number) => http.get<{ domain: Domain }>(`/domains/${enc(id)}`),
  update: (id: number, body: DomainChange) => http.patch<{ domain: Domain }>(`/domains/${enc(id)}`, body),
  remove: (id: number) => http.del<{ domain: Domain }>(`/domains/${enc(id)}`),
  dns: (id: number) => http.get<DnsReport>(`/domains/${enc(id)}/dns`),
  diagnose: (id: number) => http.get<DiagnoseReport>(`/domains/${enc(id)}/diagnose`),
  /** Obtain or force-renew an ACME certificate; follow the returned job. */
  obtainCertificate: (id: number, challenge?: AcmeChallenge) =>
    http.post<{ job: Job; domain: Domain }>(`/domains/${enc(id)}/certificate`, challenge ? { challenge } : {}),
  uploadCertificate: (id: number, body: UploadedCertificate) => http.put<{ domain: Domain }>(`/domains/${enc(id)}/certificate`, body),
  /** Back to plain HTTP. */
  removeCertificate: (id: number) => http.del<{ domain: Domain }>(`/domains/${enc(id)}/certificate`),
};
