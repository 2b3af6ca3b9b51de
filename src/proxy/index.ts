// Proxy: hostnames connected to apps through nginx vhosts the panel owns. The public face.
import type { Db } from "../db/index.ts";
import type { Logger } from "../lib/log.ts";
import { iso } from "../lib/time.ts";
import { VhostFiles, type ApplyHooks } from "./apply.ts";
import { checkDns, type DnsReport } from "./dns.ts";
import { namesOf, vhostFileName, type DomainOptions } from "./model.ts";
import type { NginxPaths } from "./nginx.ts";
import { DomainsRepo, PrivateUrlsRepo, type DomainRow } from "./repo.ts";
import { PrivateUrls, type PrivateUrlInput } from "./private-urls.ts";
import { DomainsService, type AddInput, type AppSummary, type CertificateFiles, type ChangeInput, type ProxySettings } from "./service.ts";
import type { PublicCertificate } from "../tls/index.ts";
import { diagnose, type Diagnosis } from "./diagnose.ts";
import { tailFile, tcpHttpProbe } from "./probes.ts";
import { testConfig } from "./nginx.ts";
import { join } from "node:path";

export interface ProxyDeps {
  nginx: NginxPaths & ProxySettings & { authDir: string };
  app: (id: number) => Promise<AppSummary>;
  /** The server's own addresses, for the DNS check. */
  addresses: (serverId: string) => Promise<string[]>;
  log: Logger;
  /** Fault injection for tests (see apply.ts). */
  hooks?: ApplyHooks;
  /** Certificate files (tls domain); wired lazily because tls needs domains too. */
  certs: CertificateFiles;
  certificate(domainId: number): Promise<PublicCertificate | null>;
  /** The app's containers with the host ports they publish (for Diagnose). */
  appContainers(appId: number): Promise<{ name: string; state: string; status: string; hostPorts: number[] }[]>;
}

export interface PublicDomain {
  id: number;
  appId: number;
  serverId: string;
  appName: string;
  hostname: string;
  aliases: string[];
  /** Every name nginx answers for this domain, the www counterpart included. */
  names: string[];
  port: number;
  options: DomainOptions;
  file: string;
  /** The vhost serves HTTPS (a certificate is installed); HTTP then redirects to it. */
  tls: boolean;
  certificate: PublicCertificate | null;
  createdAt: string;
  updatedAt: string;
}

export function createDomains(db: Db, deps: ProxyDeps) {
  const repo = new DomainsRepo(db);
  const files = new VhostFiles(deps.nginx, deps.log, deps.hooks);
  const service = new DomainsService({ repo, app: deps.app, files, settings: deps.nginx, certs: deps.certs });

  const privateUrls = new PrivateUrls({
    repo: new PrivateUrlsRepo(db),
    files,
    app: deps.app,
    address: async (serverId) => (await deps.addresses(serverId))[0] ?? null,
    settings: deps.nginx,
  });

  const toPublic = async (row: DomainRow, appName?: string): Promise<PublicDomain> => {
    const model = service.model(row);
    return {
      id: row.id,
      appId: row.appId,
      appName: appName ?? (await deps.app(row.appId)).name,
      serverId: row.serverId,
      hostname: row.hostname,
      aliases: [...model.aliases],
      names: namesOf(model),
      port: row.port,
      options: model.options,
      file: files.available(vhostFileName(row.hostname)),
      tls: model.tls !== undefined,
      certificate: await deps.certificate(row.id),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  };

  return {
    list: async (appId?: number) => {
      const names = new Map<number, Promise<string>>();
      const nameOf = (id: number) => names.get(id) ?? names.set(id, deps.app(id).then((a) => a.name)).get(id)!;
      return Promise.all((await repo.list(appId)).map(async (row) => toPublic(row, await nameOf(row.appId))));
    },
    get: async (id: number) => toPublic(await service.get(id)),
    /** What the tls domain needs: every name the domain answers to. */
    async tlsView(id: number) {
      const row = await service.get(id);
      return { id: row.id, hostname: row.hostname, names: namesOf(service.model(row)) };
    },
    hostnameOf: async (id: number) => (await repo.get(id))?.hostname ?? null,
    reapply: (id: number) => service.reapply(id),
    /** The 502 checklist: container, port, vhost, nginx -t, error log. */
    async diagnose(id: number): Promise<Diagnosis> {
      const row = await service.get(id);
      const app = await deps.app(row.appId);
      const file = vhostFileName(row.hostname);
      return diagnose(
        { hostname: row.hostname, upstreamPort: row.port, appName: app.name },
        {
          containers: () => deps.appContainers(row.appId),
          portAnswers: (port) => tcpHttpProbe(port, 3000),
          vhostText: () => files.read(file),
          nginxTest: () => testConfig(deps.nginx),
          errorLogTail: (lines) => tailFile(join(deps.nginx.logDir, `serverkit-${row.hostname}.error.log`), lines),
        },
      );
    },
    add: async (input: AddInput) => toPublic(await service.add(input)),
    change: async (id: number, input: ChangeInput) => toPublic(await service.change(id, input)),
    remove: async (id: number) => toPublic(await service.remove(id)),
    /** Takes every vhost and private URL of an app out of Nginx (the app is being removed). */
    async removeForApp(appId: number): Promise<void> {
      for (const row of await repo.list(appId)) await service.remove(row.id);
      await privateUrls.removeForApp(appId);
    },
    privateUrls: {
      list: async (appId?: number) => Promise.all((await privateUrls.list(appId)).map((r) => privateUrls.toPublic(r))),
      create: async (input: PrivateUrlInput) => privateUrls.toPublic(await privateUrls.create(input)),
      revoke: async (id: number) => privateUrls.toPublic(await privateUrls.revoke(id)),
    },
    async dns(id: number): Promise<{ hostname: string; serverAddresses: string[]; records: DnsReport[]; warnings: string[] }> {
      const row = await service.get(id);
      const serverAddresses = await deps.addresses(row.serverId).catch(() => []);
      const records = await checkDns(namesOf(service.model(row)), serverAddresses);
      return { hostname: row.hostname, serverAddresses, records, warnings: records.flatMap((r) => (r.warning ? [r.warning] : [])) };
    },
  };
}

export type Domains = ReturnType<typeof createDomains>;
export { domainOptionsSchema } from "./model.ts";
export { basicAuthSchema, type PublicPrivateUrl } from "./private-urls.ts";
export type { Diagnosis } from "./diagnose.ts";
export type { ApplyHooks } from "./apply.ts";
