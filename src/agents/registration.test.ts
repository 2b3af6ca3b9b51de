// Registration through the API: one-time tokens (hash stored, single use, expiring), roles,
// audit, and the panel's signing key kept out of the database.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { schema } from "../db/index.ts";
import { generateSigningKey } from "../protocol/index.ts";
import { PANEL_KEY_FILE } from "./keys.ts";
import { startAgent, startTestPanel, type TestPanel } from "./testing.ts";

let panel: TestPanel;
beforeAll(async () => {
  panel = await startTestPanel();
});
afterAll(() => panel.stop());

const register = async (token: string, publicKey?: string) =>
  panel.client().request("POST", "/agents/register", { token, publicKey: publicKey ?? (await generateSigningKey()).publicKey, facts: null });

describe("adding a server", () => {
  test("an admin gets a one-time token and the commands to run; operators may not", async () => {
    const operator = await panel.userWithRole(panel.admin, "operator");
    expect((await operator.request("POST", "/servers", { name: "nope" })).status).toBe(403);

    const added = await panel.addServer(panel.admin, "web-2");
    expect(added.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(added.command).toBe(`serverkit agent --token=${added.token} --panel ${panel.url}`);
    expect(added.install).toContain("--register-only");
    expect(added.install).toContain("systemctl enable --now serverkit-agent");
    expect(await panel.status(added.server.id)).toBe("pending");

    // Only a hash is stored: the database alone does not give the token away.
    const rows = await panel.db.db.select().from(schema.agentTokens).where(eq(schema.agentTokens.serverId, added.server.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).not.toContain(added.token);
    expect(rows[0]!.expiresAt - rows[0]!.createdAt).toBe(3_600_000);
    const audit = await panel.auditActions("servers.create");
    expect(audit[0]).toMatchObject({ result: "success", target: `server:${added.server.id}` });
  });

  test("the command as given works for a token that starts with a dash (one token in 64 does)", async () => {
    const added = await panel.addServer(panel.admin, "dash-token");
    // The same words with a token the option parser could take for an option: the agent must
    // get as far as asking the panel, which refuses this made-up token.
    const words = added.command.replace(added.token, `-${added.token.slice(1)}`).split(" ").slice(2);
    expect(words[0]).toStartWith("--token=-");
    const agent = startAgent([...words, "--register-only"]);
    expect(await agent.exited).not.toBe(0);
    expect(agent.output()).not.toContain("ambiguous");
    expect(agent.output()).toMatch(/token/i);
    expect(await panel.auditActions("agents.register")).toContainEqual(expect.objectContaining({ result: "failure" }));
  });

  test("a token registers once; reused, expired and unknown tokens are refused and audited", async () => {
    const added = await panel.addServer();
    const first = await register(added.token);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ serverId: added.server.id, panelPublicKey: panel.services.agents.panelPublicKey });
    expect(await panel.status(added.server.id)).toBe("offline"); // registered, not connected

    const again = await register(added.token);
    expect(again).toMatchObject({ status: 401, body: { error: { code: "token_used" } } });

    const late = await panel.addServer();
    await panel.db.db.update(schema.agentTokens).set({ expiresAt: Date.now() - 1 }).where(eq(schema.agentTokens.serverId, late.server.id));
    expect(await register(late.token)).toMatchObject({ status: 401, body: { error: { code: "token_expired" } } });
    expect(await panel.status(late.server.id)).toBe("pending");

    expect(await register("x".repeat(43))).toMatchObject({ status: 401, body: { error: { code: "token_invalid" } } });
    const fresh = await panel.addServer();
    expect(await register(fresh.token, "not-a-key")).toMatchObject({ status: 400 });

    const failures = (await panel.auditActions("agents.register")).filter((e) => e.result === "failure").map((e) => e.details.code);
    expect(failures).toEqual(expect.arrayContaining(["token_used", "token_expired", "token_invalid"]));
  });

  test("a pending server can get a new token; the old one stops working", async () => {
    const added = await panel.addServer();
    const renewed = await panel.admin.request("POST", `/servers/${added.server.id}/token`, {});
    expect(renewed.status).toBe(201);
    expect((await register(added.token)).body.error.code).toBe("token_used");
    expect((await register(renewed.body.token)).status).toBe(201);
    const again = await panel.admin.request("POST", `/servers/${added.server.id}/token`, {});
    expect(again).toMatchObject({ status: 409, body: { error: { code: "server_registered" } } });
  });

  test("the panel's signing key is a 0600 file in the data dir, not in the database", () => {
    const st = statSync(join(panel.db.dir, PANEL_KEY_FILE));
    expect(st.mode & 0o777).toBe(0o600);
  });

  test("the local server cannot be revoked", async () => {
    expect(await panel.admin.request("DELETE", "/servers/local")).toMatchObject({ status: 409, body: { error: { code: "server_local" } } });
  });
});
