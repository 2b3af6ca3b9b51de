// The projects domain's only door to the panel database: projects and their environments.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { projects, environments } = schema;
export type ProjectRow = typeof projects.$inferSelect;
export type EnvironmentRow = typeof environments.$inferSelect;
export type NewEnvironmentRow = Omit<EnvironmentRow, "id" | "createdAt" | "updatedAt">;

export class ProjectsRepo {
  constructor(private readonly db: Db) {}

  list = async () => this.db.select().from(projects).orderBy(asc(projects.name)).all();
  get = async (id: number) => this.db.select().from(projects).where(eq(projects.id, id)).get();
  byName = async (name: string) => this.db.select().from(projects).where(eq(projects.name, name)).get();

  /** undefined when the name is taken (unique index), so racing creates cannot both win. */
  async insert(row: { name: string; description: string }): Promise<ProjectRow | undefined> {
    const now = Date.now();
    const rows = await this.db.insert(projects).values({ ...row, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    return rows[0];
  }

  async update(id: number, patch: Partial<Omit<ProjectRow, "id" | "createdAt">>): Promise<ProjectRow | undefined> {
    const [row] = await this.db.update(projects).set({ ...patch, updatedAt: Date.now() }).where(eq(projects.id, id)).returning();
    return row;
  }

  async delete(id: number): Promise<void> {
    // The foreign key cascades, but only where the driver enforces it: delete explicitly.
    await this.db.delete(environments).where(eq(environments.projectId, id));
    await this.db.delete(projects).where(eq(projects.id, id));
  }

  // ---- environments
  environments = async (projectId: number) =>
    this.db.select().from(environments).where(eq(environments.projectId, projectId)).orderBy(asc(environments.position), asc(environments.id)).all();
  environmentsOf = async (projectIds: number[]) =>
    projectIds.length === 0
      ? []
      : this.db.select().from(environments).where(inArray(environments.projectId, projectIds)).orderBy(asc(environments.position), asc(environments.id)).all();
  environment = async (id: number) => this.db.select().from(environments).where(eq(environments.id, id)).get();
  environmentByName = async (projectId: number, name: string) =>
    this.db.select().from(environments).where(and(eq(environments.projectId, projectId), eq(environments.name, name))).get();
  /** The environment (of any project) an app is, if any. */
  environmentOfApp = async (appId: number) => this.db.select().from(environments).where(eq(environments.appId, appId)).get();
  withSchedule = async () =>
    this.db.select().from(environments).where(and(isNotNull(environments.syncSchedule), isNotNull(environments.syncSource))).orderBy(asc(environments.id)).all();

  /** undefined when the name is taken in that project. */
  async insertEnvironment(row: NewEnvironmentRow): Promise<EnvironmentRow | undefined> {
    const now = Date.now();
    const rows = await this.db.insert(environments).values({ ...row, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    return rows[0];
  }

  async updateEnvironment(id: number, patch: Partial<NewEnvironmentRow>): Promise<EnvironmentRow | undefined> {
    const [row] = await this.db.update(environments).set({ ...patch, updatedAt: Date.now() }).where(eq(environments.id, id)).returning();
    return row;
  }

  async deleteEnvironment(id: number): Promise<void> {
    await this.db.delete(environments).where(eq(environments.id, id));
  }
}
