// A panel killed with SIGKILL mid-job comes back with the job marked interrupted (or resumed
// when its kind is resumable), its log kept, and the database intact.
import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { API, setupOwner, startPanel, type Panel } from "../harness/panel";

const waitFor = async (what: string, fn: () => Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await Bun.sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe("jobs survive a crash", () => {
  let panel: Panel;
  afterAll(() => panel?.stop());

  test("SIGKILL during running jobs: interrupted, resumable re-queued, DB intact", async () => {
    panel = await startPanel({ env: { SERVERKIT_TEST_JOBS: "1" } });
    const owner = await setupOwner(panel);
    const plain = await owner.json(`${API}/jobs`, { method: "POST", json: { kind: "test.sleep", params: { seconds: 120 } } });
    const resumable = await owner.json(`${API}/jobs`, { method: "POST", json: { kind: "test.resumable-sleep", params: { seconds: 120 } } });
    expect(plain.status).toBe(201);
    const plainId = plain.body.job.id as string;
    const resumableId = resumable.body.job.id as string;
    await waitFor("both jobs running with log lines", async () => {
      const a = await owner.json(`${API}/jobs/${plainId}/log`);
      const b = await owner.json(`${API}/jobs/${resumableId}`);
      return a.body.lines.length >= 1 && b.body.job.status === "running";
    });

    await panel.kill("SIGKILL");
    const db = new Database(join(panel.dataDir, "serverkit.db"));
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    db.close();

    await panel.restart();
    const again = await owner.json(`${API}/jobs/${plainId}`);
    expect(again.status).toBe(200); // the session cookie survived the crash too
    expect(again.body.job).toMatchObject({ status: "interrupted", error: expect.stringContaining("panel stopped") });
    const log = await owner.json(`${API}/jobs/${plainId}/log`);
    expect(log.body.lines.some((l: { text: string }) => l.text.startsWith("tick"))).toBe(true);
    expect(log.body.lines.at(-1).text).toContain("panel stopped");

    await waitFor("resumable job running again", async () => {
      const r = await owner.json(`${API}/jobs/${resumableId}`);
      return r.body.job.status === "running" && r.body.job.attempts === 2;
    });
    const cancel = await owner.json(`${API}/jobs/${resumableId}/cancel`, { method: "POST" });
    expect(cancel.status).toBe(200);
    await waitFor("cancelled", async () => (await owner.json(`${API}/jobs/${resumableId}`)).body.job.status === "cancelled");
  });
});
