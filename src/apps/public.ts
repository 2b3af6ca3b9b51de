import type { PublicJob } from "../jobs/index.ts";
import { iso } from "../lib/time.ts";
import type { AppPortRow, AppRow } from "./repo.ts";

export type AppStatus = AppRow["status"];

export interface PublicApp {
  id: number;
  name: string;
  serverId: string;
  source: AppRow["source"];
  templateId: string | null;
  templateName: string | null;
  status: AppStatus;
  ports: { service: string | null; hostPort: number; containerPort: string | null }[];
  urls: string[];
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  lastJob: PublicJob | null;
  warnings: string[];
}

export function toPublicApp(
  row: AppRow,
  extra: { ports: AppPortRow[]; templateName: string | null; address: string | null; status: AppStatus; lastJob: PublicJob | null },
): PublicApp {
  const host = extra.address ?? "127.0.0.1";
  return {
    id: row.id,
    name: row.name,
    serverId: row.serverId,
    source: row.source,
    templateId: row.templateId,
    templateName: extra.templateName,
    status: extra.status,
    ports: extra.ports.map((p) => ({ service: p.service, hostPort: p.port, containerPort: p.containerPort })),
    // A private URL per published port: the address users reach before a domain is attached.
    urls: extra.ports.map((p) => `http://${host}:${p.port}`),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    createdBy: row.createdBy,
    lastJob: extra.lastJob,
    warnings: JSON.parse(row.warnings) as string[],
  };
}
