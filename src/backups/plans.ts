// Backup plans: what, where, when, how many to keep. The storage settings (with S3 keys) are
// sealed before they reach the database, and a target is tested before a plan is saved.
import { Cron } from "croner";
import { z } from "zod";
import type { SecretBox } from "../lib/crypto.ts";
import { invalid, notFound } from "../lib/errors.ts";
import { iso } from "../lib/time.ts";
import type { BackupsRepo, PlanRow } from "./repo.ts";
import { hooksSchema, parseHooks } from "./hooks.ts";
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

// What can change on a plan; what it backs up (scope, app, database) is fixed at creation.
const editable = {
  name: z.string().min(1).max(80),
  storage: storageConfigSchema,
  schedule: cron.nullable(),
  retention: retentionSchema,
  stopApp: z.boolean(),
  drillSchedule: cron.nullable(),
  hooks: hooksSchema,
};

export const planInputSchema = z
  .object({
    ...editable,
    scope: z.enum(["app", "database"]),
    appId: z.number().int().positive().optional(),
    databaseServerId: z.number().int().positive().optional(),
    databaseName: z.string().min(1).max(64).optional(),
    schedule: editable.schedule.default(null),
    retention: editable.retention.default({ keepLast: 7, daily: 0, weekly: 0, monthly: 0 }),
    stopApp: editable.stopApp.default(false),
    drillSchedule: editable.drillSchedule.default(null),
    hooks: editable.hooks.default({}),
  })
  .strict()
  .refine((p) => p.scope === "app" || (!p.hooks.pre && !p.hooks.post), { message: "Hooks run in an app's containers: only app plans have them." })
  .refine((p) => (p.scope === "app" ? p.appId !== undefined : p.databaseServerId !== undefined && p.databaseName !== undefined), {
    message: "An app plan needs appId; a database plan needs databaseServerId and databaseName.",
  });
export type PlanInput = z.infer<typeof planInputSchema>;

export const planPatchSchema = z.object(editable).partial().strict();
export type PlanPatch = z.infer<typeof planPatchSchema>;

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
      hooks: JSON.stringify(input.hooks),
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Changes what may change; a new storage target is tested before it is saved. */
  async update(id: number, patch: PlanPatch): Promise<PlanRow> {
    const row = await this.get(id);
    if (patch.hooks && (patch.hooks.pre || patch.hooks.post) && row.scope !== "app") throw invalid("hooks_need_app", "Hooks run in an app's containers: only app plans have them.");
    if (patch.storage) await openStorage(patch.storage).test();
    return (await this.repo.updatePlan(id, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.storage && { storageEnc: this.box.encrypt(JSON.stringify(patch.storage)) }),
      ...(patch.schedule !== undefined && { schedule: patch.schedule }),
      ...(patch.retention && { retention: JSON.stringify(patch.retention) }),
      ...(patch.stopApp !== undefined && { stopApp: patch.stopApp }),
      ...(patch.drillSchedule !== undefined && { drillSchedule: patch.drillSchedule }),
      ...(patch.hooks && { hooks: JSON.stringify(patch.hooks) }),
    }))!;
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
      hooks: parseHooks(row.hooks),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }
}
