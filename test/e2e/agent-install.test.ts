// The install line's first half against the compiled panel: curl fetches the panel's own
// binary with the registration token in a header, sha256sum checks it, and the result runs.
// (The second half, register + systemd, needs systemd; agents.test.ts covers registering.)
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API, serverkitBin, setupOwner, startPanel, type Client, type Panel } from "../harness/panel";

const INSTALLED = "/usr/local/bin/serverkit";

let panel: Panel;
let owner: Client;
const dir = mkdtempSync(join(tmpdir(), "sk-e2e-install-"));

beforeAll(async () => {
  panel = await startPanel();
  owner = await setupOwner(panel);
}, 60_000);
afterAll(async () => {
  await panel?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function addServer(name: string): Promise<{ token: string; download: string; install: string; server: { id: string } }> {
  const r = await owner.json(`${API}/servers`, { method: "POST", json: { name, panelUrl: panel.url } });
  expect(r.status).toBe(201);
  return r.body;
}

/** Runs a shell line as the server's root would, with /usr/local/bin swapped for a temp dir. */
async function sh(line: string, target: string) {
  const p = Bun.spawn(["sh", "-c", line.replaceAll(INSTALLED, target)], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, out, err };
}

describe("install line: download and check the binary", () => {
  test("curl fetches the panel's binary, sha256sum accepts it, and it runs", async () => {
    const added = await addServer("fresh");
    const sha = createHash("sha256").update(readFileSync(serverkitBin())).digest("hex");
    expect(added.download).toContain(sha);
    expect(added.download).not.toContain(`?`); // the token travels in a header, never in the URL
    expect(added.install.startsWith(added.download + " && ")).toBe(true);

    const target = join(dir, "serverkit");
    const run = await sh(added.download, target);
    expect(run).toMatchObject({ code: 0 });
    expect(createHash("sha256").update(readFileSync(target)).digest("hex")).toBe(sha);
    expect(statSync(target).mode & 0o111).toBe(0o111);
    expect(existsSync(`${target}.download`)).toBe(false);

    const version = Bun.spawnSync([target, "--version"]);
    expect(version.exitCode).toBe(0);
    expect(version.stdout.toString().trim()).toMatch(/^\d+\.\d+\.\d+/);

    const audit = (await owner.json(`${API}/audit?action=agents.binary&limit=50`)).body.items;
    expect(audit).toContainEqual(expect.objectContaining({ result: "success", target: `server:${added.server.id}` }));
  }, 120_000);

  test("a download that does not match the checksum is never installed", async () => {
    const added = await addServer("tampered");
    const target = join(dir, "tampered");
    const forged = added.download.replace(/[0-9a-f]{64}/, "0".repeat(64));
    const run = await sh(forged, target);
    expect(run.code).not.toBe(0);
    expect(existsSync(target)).toBe(false);
  }, 120_000);

  test("a spent token cannot download: curl -f fails and nothing is installed", async () => {
    const added = await addServer("spent");
    const renewed = await owner.json(`${API}/servers/${added.server.id}/token`, { method: "POST", json: {} });
    expect(renewed.status).toBe(201); // the first token is now spent
    const target = join(dir, "spent");
    const run = await sh(added.download, target);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain("401");
    expect(existsSync(target)).toBe(false);
  }, 120_000);
});
