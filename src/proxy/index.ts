// Proxy: hostnames connected to apps through nginx vhosts the panel owns. The public face.
import type { Db } from "../db/index.ts";
import type { Logger } from "../lib/log.ts";
import { iso } from "../lib/time.ts";
import { VhostFiles, type ApplyHooks } from "./apply.ts";
import { checkDns, type DnsReport } from "./dns.ts";
import { namesOf, vhostFileName, type DomainOptions } from "./model.ts";
import type { NginxPaths } from "./nginx.ts";
import { DomainsRepo, type DomainRow } from "./repo.ts";
import { DomainsService, type AddInput, type AppSummary, type ChangeInput, type ProxySettings } from "./service.ts";

export interface ProxyDeps {
  nginx: NginxPaths & ProxySettings;
  app: (id: number) => Promise<AppSummary>;
  /** The server's own addresses, for the DNS check. */
  addresses: (serverId: string) => Promise<string[]>;
  log: Logger;
  /** Fault injection for tests (see apply.ts). */
  hooks?: ApplyHooks;
}

export interface PublicDomain {
  id: number;
  appId: number;
  serverId: string;
  hostname: string;
  aliases: string[];
  /** Every name nginx answers for this domain, the www counterpart included. */
  names: string[];
  port: number;
  options: DomainOptions;
  file: string;
  createdAt: string;
  updatedAt: string;
}

export function createDomains(db: Db, deps: ProxyDeps) {
  const repo = new DomainsRepo(db);
  const files = new VhostFiles(deps.nginx, deps.log, deps.hooks);
  const service = new DomainsService({ repo, app: deps.app, files, settings: deps.nginx });

  const toPublic = (row: DomainRow): PublicDomain => {
    const model = service.model(row);
    return {
      id: row.id,
      appId: row.appId,
      serverId: row.serverId,
      hostname: row.hostname,
      aliases: [...model.aliases],
      names: namesOf(model),
      port: row.port,
      options: model.options,
      file: files.available(vhostFileName(row.hostname)),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  };

  return {
    list: async (appId?: number) => (await repo.list(appId)).map(toPublic),
    get: async (id: number) => toPublic(await service.get(id)),
    add: async (input: AddInput) => toPublic(await service.add(input)),
    change: async (id: number, input: ChangeInput) => toPublic(await service.change(id, input)),
    remove: async (id: number) => toPublic(await service.remove(id)),
    /** Takes every vhost of an app out of Nginx (the app is being removed). */
    async removeForApp(appId: number): Promise<void> {
      for (const row of await repo.list(appId)) await service.remove(row.id);
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
export type { ApplyHooks } from "./apply.ts";
