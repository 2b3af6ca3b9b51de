/** Domains: hostnames that nginx proxies to an app (src/http/routes/domains.ts). */
import { http } from "./client";
import type { AppId } from "./types-apps";

const enc = (id: string | number) => encodeURIComponent(id);

export interface DomainOptions {
  websocket: boolean;
  /** client_max_body_size in MiB; 0 = no limit. */
  bodySizeMb: number;
  timeouts: { connect: number; read: number; send: number };
  wwwRedirect: boolean;
  hsts: boolean;
}

export interface Domain {
  id: number;
  appId: number;
  serverId: string;
  hostname: string;
  aliases: string[];
  /** Every name nginx answers for, the www counterpart included. */
  names: string[];
  port: number;
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

export type DomainChange = Partial<Pick<NewDomain, "aliases" | "port" | "options">>;

export const domainsApi = {
  list: (app?: AppId) => http.get<{ items: Domain[] }>("/domains", { query: { app } }),
  create: (body: NewDomain) => http.post<{ domain: Domain }>("/domains", body),
  get: (id: number) => http.get<{ domain: Domain }>(`/domains/${enc(id)}`),
  update: (id: number, body: DomainChange) => http.patch<{ domain: Domain }>(`/domains/${enc(id)}`, body),
  remove: (id: number) => http.del<{ domain: Domain }>(`/domains/${enc(id)}`),
  dns: (id: number) => http.get<DnsReport>(`/domains/${enc(id)}/dns`),
};
