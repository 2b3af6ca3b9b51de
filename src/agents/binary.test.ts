// The panel serves its own binary to a new server holding a registration token: only a
// token that could still register works, every download and refusal is audited, and the
// install line carries the file's sha256.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { schema } from "../db/index.ts";
import { generateSigningKey } from "../protocol/index.ts";
import { BINARY_PATH, BINARY_TOKEN_HEADER } from "./index.ts";
import { removeDir, startTestPanel, type TestPanel } from "./testing.ts";

const dir = mkdtempSync(join(tmpdir(), "sk-binary-"));
const file = join(dir, "serverkit");
const bytes = randomBytes(3 * 1024 * 1024 + 17); // several chunks, not a round size
const digest = createHash("sha256").update(bytes).digest("hex");

let panel: TestPanel; // serves `file` as its binary
let fromSource: TestPanel; // has no binary, like `bun src/main.ts serve`
beforeAll(async () => {
  writeFileSync(file, bytes, { mode: 0o755 });
  panel = await startTestPanel({ executable: file });
  fromSource = await startTestPanel();
});
afterAll(async () => {
  await panel.stop();
  await fromSource.stop();
  removeDir(dir);
});

const download = (p: TestPanel, token?: string) =>
  fetch(p.url + BINARY_PATH, { headers: token === undefined ? {} : { [BINARY_TOKEN_HEADER]: token } });

const auditOf = async (p: TestPanel) => (await p.auditActions("agents.binary")).map((e) => ({ result: e.result, target: e.target, code: e.details?.code }));

describe("the agent binary download", () => {
  test("a fresh token gets the file, byte for byte, with its sha256; the token still registers afterwards", async () => {
    const added = await panel.addServer(panel.admin, "dl-ok");
    const res = await download(panel, added.token);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("content-length")).toBe(String(bytes.length));
    expect(res.headers.get("x-checksum-sha256")).toBe(digest);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    // The install line downloads with the token in a header (not the URL) and checks the same sha256.
    expect(added.download).toBe(
      `curl -fsSL -H '${BINARY_TOKEN_HEADER}: ${added.token}' -o /usr/local/bin/serverkit.download '${panel.url}${BINARY_PATH}'` +
        ` && echo '${digest}  /usr/local/bin/serverkit.download' | sha256sum -c --quiet -` +
        " && chmod 0755 /usr/local/bin/serverkit.download && mv -f /usr/local/bin/serverkit.download /usr/local/bin/serverkit",
    );
    expect(added.install.startsWith(`${added.download} && /usr/local/bin/serverkit agent --token=${added.token} `)).toBe(true);

    const reg = await panel.client().request("POST", "/agents/register", { token: added.token, publicKey: (await generateSigningKey()).publicKey, facts: null });
    expect(reg.status).toBe(201);
    expect(await auditOf(panel)).toContainEqual({ result: "success", target: `server:${added.server.id}`, code: undefined });
  });

  test("used, expired, unknown and missing tokens are refused and audited", async () => {
    const used = await panel.addServer(panel.admin, "dl-used");
    await panel.client().request("POST", "/agents/register", { token: used.token, publicKey: (await generateSigningKey()).publicKey, facts: null });
    const late = await panel.addServer(panel.admin, "dl-late");
    await panel.db.db.update(schema.agentTokens).set({ expiresAt: Date.now() - 1 }).where(eq(schema.agentTokens.serverId, late.server.id));

    const cases: [string | undefined, string][] = [
      [used.token, "token_used"],
      [late.token, "token_expired"],
      ["x".repeat(43), "token_invalid"],
      [undefined, "token_invalid"],
      ["not a token; rm -rf /", "token_invalid"],
    ];
    for (const [token, code] of cases) {
      const res = await download(panel, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const failures = (await auditOf(panel)).filter((e) => e.result === "failure").map((e) => e.code);
    expect(failures).toEqual(expect.arrayContaining(["token_used", "token_expired", "token_invalid"]));
    expect(failures.filter((c) => c === "token_invalid")).toHaveLength(3);
  });

  test("a token in the query string is not accepted", async () => {
    const added = await panel.addServer(panel.admin, "dl-query");
    const res = await fetch(`${panel.url}${BINARY_PATH}?token=${added.token}`);
    expect(res.status).toBe(401);
  });

  test("a panel running from source says so (503) and its install line expects the binary in place", async () => {
    const added = await fromSource.addServer(fromSource.admin, "dl-source");
    const res = await download(fromSource, added.token);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("binary_unavailable");
    expect(added.download).toBeNull();
    expect(added.install.startsWith(`/usr/local/bin/serverkit agent --token=${added.token} `)).toBe(true);
    // Refused before anything is served: an unknown token still gets 401, not the 503.
    expect((await download(fromSource, "y".repeat(43))).status).toBe(401);
  });
});
