import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import { schema, type Db } from "../db/index.ts";

const { agentTokens } = schema;
export type TokenRow = typeof agentTokens.$inferSelect;

export class AgentTokensRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Omit<TokenRow, "usedAt">): Promise<void> {
    await this.db.insert(agentTokens).values(row);
  }

  /** Spends a token in one statement, so two agents racing with it cannot both win. */
  async consume(hash: string, now: number): Promise<string | null> {
    const row = await this.db
      .update(agentTokens)
      .set({ usedAt: now })
      .where(and(eq(agentTokens.hash, hash), isNull(agentTokens.usedAt), gt(agentTokens.expiresAt, now)))
      .returning({ serverId: agentTokens.serverId })
      .get();
    return row?.serverId ?? null;
  }

  get = async (hash: string) => this.db.select().from(agentTokens).where(eq(agentTokens.hash, hash)).get();

  /** Spent and expired tokens say nothing useful after a day. */
  async prune(before: number): Promise<void> {
    await this.db.delete(agentTokens).where(or(lt(agentTokens.expiresAt, before), lt(agentTokens.usedAt, before)));
  }

  async revokeFor(serverId: string, now: number): Promise<void> {
    await this.db.update(agentTokens).set({ usedAt: now }).where(and(eq(agentTokens.serverId, serverId), isNull(agentTokens.usedAt)));
  }
}
