import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const servers = sqliteTable("servers", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  kind: text("kind", { enum: ["local", "agent"] }).notNull(),
  createdAt: integer("created_at").notNull(),
  /** The agent's Ed25519 public key (base64url, raw 32 bytes); null until it registered. */
  publicKey: text("public_key"),
  /** Set once revoked: the key is refused from then on. */
  revokedAt: integer("revoked_at"),
  lastSeenAt: integer("last_seen_at"),
});

/** One-time registration tokens: only a hash is kept; used once, then spent. */
export const agentTokens = sqliteTable(
  "agent_tokens",
  {
    hash: text("hash").primaryKey(),
    serverId: text("server_id")
      .notNull()
      .references(() => servers.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("agent_tokens_server_idx").on(t.serverId)],
);
