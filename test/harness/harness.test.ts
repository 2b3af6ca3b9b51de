// The harness itself, against the compiled binary: start on a random port with
// a fresh data dir, owner setup, token auth, restart keeping data, SIGKILL,
// cleanup, and a readable error when the binary does not come up.

import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { API, PanelStartError, anonymous, createToken, setupOwner, startPanel, withToken, type Panel } from "./panel";
import { freePort, portIsFree } from "./ports";

describe("test harness", () => {
  const panels: Panel[] = [];
  afterAll(async () => {
    for (const p of panels) await p.stop();
  });

  test("freePort hands out distinct free ports", async () => {
    const a = freePort();
    const b = freePort();
    expect(a).not.toBe(b);
    expect(await portIsFree(a)).toBe(true);
  });

  test("starts the binary, sets up an owner, uses a token, survives restart and SIGKILL", async () => {
    const panel = await startPanel();
    panels.push(panel);
    expect(panel.url).toBe(`http://127.0.0.1:${panel.port}`);
    expect(panel.startupMs).toBeGreaterThan(0);

    const health = await panel.fetch(`${API}/health`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status?: string }).status).toBe("ok");

    expect((await anonymous(panel).fetch(`${API}/servers/local`)).status).toBe(401);

    const owner = await setupOwner(panel);
    expect(owner.cookie).toStartWith("sk_session=");
    expect(owner.csrf).toBeTruthy();

    const token = await createToken(owner, { name: "harness" });
    const api = withToken(panel, token);
    expect((await api.fetch(`${API}/servers/local`)).status).toBe(200);

    const firstPid = panel.pid;
    await panel.restart();
    expect(panel.pid).not.toBe(firstPid);
    expect((await api.fetch(`${API}/servers/local`)).status).toBe(200);

    await panel.kill("SIGKILL");
    expect(panel.running).toBe(false);
    await panel.restart();
    expect(panel.running).toBe(true);
    // the owner exists: setup is gone, the token still works
    expect((await panel.fetch(`${API}/setup`, { method: "POST", json: { username: "x", password: "Another-Password-1" } })).status).toBeGreaterThanOrEqual(400);
    expect((await api.fetch(`${API}/servers/local`)).status).toBe(200);
    expect(panel.logs().length).toBeGreaterThan(0);

    const root = panel.root;
    await panel.stop();
    expect(existsSync(root)).toBe(false);
  });

  test("a binary that does not come up gives its output in the error", async () => {
    let error: unknown;
    try {
      const panel = await startPanel({ bin: "/bin/false", timeoutMs: 3000 });
      panels.push(panel);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PanelStartError);
    expect(String(error)).toContain("exited during start");
  });
});
