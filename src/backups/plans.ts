// Backup plans: what, where, when, how many to keep. The storage settings (with S3 keys) are
// sealed before they reach the database, and a target is tested before a plan is saved.
import { Cron } from "croner";
import { z } from "zod";
import type { SecretBox } from "../lib/crypto.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import type { BackupsRepo, PlanRow } from "./repo.ts";
import { retentionSchema } from "./retention.ts";
import { openStorage, storageConfigSchema } from "./storage/index.ts";
import type { StorageConfig } from "./storage/types.ts";

const cron = z
  .string()
  .max(100)
  .refine((c) => {
    try {
      new Cron(c, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  }, "not a valid cron expression (e.g. \"0 3 * * *\" for 03:00 every day)");

export const planInputSchema = z
  .object({
    name: z.string().min(1).max(80),
    scope: z.enum(["app", "database"]),
    appId: z.number().int().positive().optional(),
    databaseServerId: z.number().int().positive().optional(),
    databaseName: z.string().min(1).max(64).optional(),
    storage: storageConfigSchema,
    schedule: cron.nullable().default(null),
    retention: retentionSchema.default({ keepLast: 7, daily: 0, weekly: 0, monthly: 0 }),
    stopApp: z.boolean().default(false),
    drillSchedule: cron.nullable().default(null),
  })
  .strict()
  .refine((p) => (p.scope === "app" ? p.appId !== undefined : p.databaseServerId !== undefined && p.databaseName !== undefined), {
    message: "An app plan needs appId; a database plan needs databaseServerId and databaseName.",
  });
export type PlanInput = z.infer<typeof planInputSchema>;

export class Plans {
  constructor(
    private readonly repo: BackupsRepo,
    private readonly box: SecretBox,
  ) {}

  async get(id: number): Promise<PlanRow> {
    const row = await this.repo.plan(id);
    if (!row) throw notFound("backup_plan_not_found", "No such backup plan.");
    return row;
  }

  storageOf = (row: PlanRow): StorageConfig => JSON.parse(this.box.decrypt(row.storageEnc)) as StorageConfig;

  async create(input: PlanInput, serverId: string): Promise<PlanRow> {
    await openStorage(input.storage).test(); // a plan whose target does not work is refused when saved, not at 3 am
    const now = Date.now();
    return this.repo.insertPlan({
      name: input.name,
      serverId,
      scope: input.scope,
      appId: input.appId ?? null,
      databaseServerId: input.databaseServerId ?? null,
      databaseName: input.databaseName ?? null,
      storageEnc: this.box.encrypt(JSON.stringify(input.storage)),
      schedule: input.schedule,
      retention: JSON.stringify(input.retention),
      stopApp: input.stopApp,
      drillSchedule: input.drillSchedule,
      createdAt: now,
      updatedAt: now,
    });
  }

  async remove(id: number): Promise<PlanRow> {
    const row = await this.get(id);
    await this.repo.deletePlan(id);
    return row;
  }

  toPublic(row: PlanRow) {
    const storage = this.storageOf(row);
    if (row.scope !== "app" && row.scope !== "database") throw invalid("bad_plan", "corrupt plan");
    return {
      id: row.id,
      name: row.name,
      serverId: row.serverId,
      scope: row.scope,
      appId: row.appId,
      databaseServerId: row.databaseServerId,
      databaseName: row.databaseName,
      // Never the keys: kind and where only.
      storage: { kind: storage.kind, label: openStorage(storage).label },
      schedule: row.schedule,
      retention: JSON.parse(row.retention) as z.infer<typeof retentionSchema>,
      stopApp: row.stopApp,
      drillSchedule: row.drillSchedule,
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }
}
