// The auth domain's only door to the database.
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { schema } from "../db/index.ts";
import type { Role } from "./roles.ts";

const { users, sessions, apiTokens, recoveryCodes } = schema;
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;
type NewUser = Pick<UserRow, "username" | "email" | "passwordHash" | "role">;

export class AuthRepo {
  // Every authenticated request runs one of these two lookups: built once, not per request
  // (drizzle's query building for a two-table select cost ~3 ms of CPU each under load).
  private readonly sessionQuery;
  private readonly tokenQuery;

  constructor(private readonly db: Db) {
    this.sessionQuery = db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
      .prepare();
    this.tokenQuery = db
      .select({ token: apiTokens, user: users })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, sql.placeholder("hash")))
      .prepare();
  }

  // ---- users
  /** Inserts the owner only when no user exists yet; one statement, so two racing setups create one. */
  async insertFirstOwner(u: Omit<NewUser, "role">): Promise<UserRow | undefined> {
    const rows = await this.db.all<{ id: number }>(sql`
      INSERT INTO users (username, email, password_hash, role, created_at)
      SELECT ${u.username}, ${u.email}, ${u.passwordHash}, 'owner', ${Date.now()}
      WHERE NOT EXISTS (SELECT 1 FROM users)
      RETURNING id`);
    const id = rows[0]?.id;
    return id === undefined ? undefined : this.userById(Number(id));
  }

  async insertUser(u: NewUser): Promise<UserRow> {
    const [row] = await this.db.insert(users).values({ ...u, createdAt: Date.now() }).returning();
    return row!;
  }

  userById = async (id: number) => this.db.select().from(users).where(eq(users.id, id)).get();
  userByUsername = async (username: string) => this.db.select().from(users).where(eq(users.username, username)).get();
  listUsers = async () => this.db.select().from(users).orderBy(asc(users.id)).all();

  async countUsers(role?: Role): Promise<number> {
    const where = role ? eq(users.role, role) : undefined;
    const [row] = await this.db.select({ n: sql<number>`count(*)` }).from(users).where(where).all();
    return Number(row?.n ?? 0);
  }

  async updateUser(id: number, patch: Partial<Omit<UserRow, "id" | "createdAt">>): Promise<UserRow | undefined> {
    const [row] = await this.db.update(users).set(patch).where(eq(users.id, id)).returning();
    return row;
  }

  /** Records a TOTP step only if it is newer than the last one used: a code works once. */
  async claimTotpStep(id: number, step: number): Promise<boolean> {
    const rows = await this.db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, id), sql`(${users.totpLastStep} IS NULL OR ${users.totpLastStep} < ${step})`))
      .returning({ id: users.id });
    return rows.length === 1;
  }

  async deleteUser(id: number): Promise<void> {
    await this.db.delete(users).where(eq(users.id, id));
  }

  // ---- recovery codes
  async replaceRecoveryCodes(userId: number, hashes: string[]): Promise<void> {
    await this.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    if (hashes.length) await this.db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
  }

  async useRecoveryCode(userId: number, codeHash: string): Promise<boolean> {
    const rows = await this.db
      .update(recoveryCodes)
      .set({ usedAt: Date.now() })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    return rows.length === 1;
  }

  // ---- sessions
  async insertSession(row: SessionRow): Promise<void> {
    await this.db.insert(sessions).values(row);
  }

  async sessionWithUser(id: string): Promise<{ session: SessionRow; user: UserRow } | undefined> {
    const row = await this.sessionQuery.get({ id, now: Date.now() });
    return row ?? undefined;
  }

  async touchSession(id: string, at: number): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, id));
  }

  async deleteUserSessions(userId: number, exceptId?: string): Promise<void> {
    const cond = exceptId
      ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${exceptId}`)
      : eq(sessions.userId, userId);
    await this.db.delete(sessions).where(cond);
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.delete(sessions).where(sql`${sessions.expiresAt} <= ${Date.now()}`);
  }

  // ---- API tokens
  async insertToken(row: Omit<TokenRow, "id" | "lastUsedAt">): Promise<TokenRow> {
    const [created] = await this.db.insert(apiTokens).values(row).returning();
    return created!;
  }

  async tokenWithUser(tokenHash: string): Promise<{ token: TokenRow; user: UserRow } | undefined> {
    const row = await this.tokenQuery.get({ hash: tokenHash });
    return row ?? undefined;
  }

  listTokens = async (userId: number) =>
    this.db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.id)).all();

  async deleteToken(userId: number, id: number): Promise<boolean> {
    const rows = await this.db
      .delete(apiTokens)
      .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)))
      .returning({ id: apiTokens.id });
    return rows.length === 1;
  }

  async touchToken(id: number, at: number): Promise<void> {
    await this.db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
  }
}
