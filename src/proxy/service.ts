// Domains: attach hostnames to apps, change their options, detach them. Each change renders
// the vhost and applies it safely; the database row changes only once nginx took the file.
import { invalid, notFound } from "../lib/errors.ts";
import type { VhostFiles } from "./apply.ts";
import { domainTaken } from "./errors.ts";
import { normalizeAlias, normalizeHostname } from "./hostname.ts";
import { domainOptionsSchema, namesOf, vhost, vhostFileName, type DomainOptions, type Vhost } from "./model.ts";
import { Mutex } from "./nginx.ts";
import type { DomainRow, DomainsRepo } from "./repo.ts";
import { render } from "./render.ts";

export interface AppSummary {
  id: number;
  name: string;
  serverId: string;
  hostPorts: number[];
}

export interface ProxySettings {
  logDir: string;
  acmeWebroot: string;
  httpPort: number;
  httpsPort: number;
}

/** Certificate files, owned by the tls domain; sync because rendering is. */
export interface CertificateFiles {
  paths(hostname: string): { certPath: string; keyPath: string } | null;
  forget(hostname: string): void;
}

export interface DomainsDeps {
  repo: DomainsRepo;
  certs: CertificateFiles;
  app: (id: number) => Promise<AppSummary>;
  files: VhostFiles;
  settings: ProxySettings;
}

export interface AddInput {
  appId: number;
  hostname: string;
  aliases?: string[];
  port?: number;
  options?: Partial<DomainOptions>;
}

export interface ChangeInput {
  aliases?: string[];
  port?: number;
  options?: Partial<DomainOptions>;
}

export class DomainsService {
  // Check-then-write of names and files happens under one lock, so two adds cannot both pass the check.
  private readonly mutex = new Mutex();

  constructor(private readonly d: DomainsDeps) {}

  async get(id: number): Promise<DomainRow> {
    const row = await this.d.repo.get(id);
    if (!row) throw notFound("domain_not_found", "No such domain.");
    return row;
  }

  model(row: Pick<DomainRow, "hostname" | "aliases" | "port" | "options">): Vhost {
    const s = this.d.settings;
    return vhost({
      hostname: row.hostname,
      aliases: JSON.parse(row.aliases) as string[],
      upstreamPort: row.port,
      options: domainOptionsSchema.parse(JSON.parse(row.options)),
      paths: { logDir: s.logDir, acmeWebroot: s.acmeWebroot },
      listen: { http: s.httpPort, https: s.httpsPort },
      tls: this.d.certs.paths(row.hostname) ?? undefined,
    });
  }

  /** Renders and applies a domain's vhost again (its certificate appeared, changed or went). */
  reapply(id: number): Promise<void> {
    return this.mutex.run(async () => {
      const row = await this.get(id);
      await this.d.files.apply(vhostFileName(row.hostname), render(this.model(row)));
    });
  }

  add(input: AddInput): Promise<DomainRow> {
    return this.mutex.run(async () => {
      const app = await this.d.app(input.appId);
      // Vhost files are written on this machine; remote servers get them through their agent later.
      if (app.serverId !== "local") throw invalid("remote_proxy_unsupported", "Domains are only supported on the local server for now.");
      const port = input.port ?? app.hostPorts[0];
      if (port === undefined) throw invalid("no_upstream_port", `"${app.name}" publishes no port; give the port to proxy to.`);
      const now = Date.now();
      const draft = {
        serverId: app.serverId,
        appId: app.id,
        hostname: normalizeHostname(input.hostname),
        aliases: JSON.stringify(uniq((input.aliases ?? []).map(normalizeAlias))),
        port,
        options: JSON.stringify(domainOptionsSchema.parse(input.options ?? {})),
        createdAt: now,
        updatedAt: now,
      };
      const model = this.model(draft);
      await this.assertFree(app.serverId, 0, model);
      const row = await this.d.repo.insert(draft);
      if (!row) throw domainTaken(draft.hostname, "another app");
      try {
        await this.d.files.apply(vhostFileName(row.hostname), render(model));
      } catch (err) {
        await this.d.repo.delete(row.id);
        throw err;
      }
      return row;
    });
  }

  change(id: number, input: ChangeInput): Promise<DomainRow> {
    return this.mutex.run(async () => {
      const row = await this.get(id);
      const current = domainOptionsSchema.parse(JSON.parse(row.options));
      const next = {
        ...row,
        aliases: input.aliases ? JSON.stringify(uniq(input.aliases.map(normalizeAlias))) : row.aliases,
        port: input.port ?? row.port,
        options: JSON.stringify(domainOptionsSchema.parse({ ...current, ...input.options })),
      };
      const model = this.model(next);
      await this.assertFree(row.serverId, row.id, model);
      await this.d.files.apply(vhostFileName(row.hostname), render(model));
      return (await this.d.repo.update(id, { aliases: next.aliases, port: next.port, options: next.options }))!;
    });
  }

  remove(id: number): Promise<DomainRow> {
    return this.mutex.run(async () => {
      const row = await this.get(id);
      await this.d.files.apply(vhostFileName(row.hostname), null);
      await this.d.repo.delete(id);
      this.d.certs.forget(row.hostname);
      return row;
    });
  }

  /** Refuses names any other domain on the server answers to (hostnames, aliases, www counterparts). */
  private async assertFree(serverId: string, selfId: number, model: Vhost): Promise<void> {
    const wanted = new Set(namesOf(model));
    for (const { domain, appName } of await this.d.repo.othersOn(serverId, selfId)) {
      const clash = namesOf(this.model(domain)).find((n) => wanted.has(n));
      if (clash) throw domainTaken(clash, appName);
    }
  }
}

const uniq = (list: string[]) => [...new Set(list)];
