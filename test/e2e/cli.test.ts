// The console commands a sysadmin uses when locked out, against the compiled binary.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API, login, runCli, startPanel, type Panel } from "../harness/panel";

describe("serverkit CLI", () => {
  const dirs: string[] = [];
  let panel: Panel | undefined;
  afterAll(async () => {
    await panel?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "sk-cli-"));
    dirs.push(d);
    return d;
  };

  test("version and help", async () => {
    const v = await runCli(["version"]);
    expect(v.exitCode).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const cmd of [["--help"], ["serve", "--help"], ["user", "--help"], ["migrate", "--help"]]) {
      const h = await runCli(cmd);
      expect(h.exitCode).toBe(0);
      expect(h.stdout).toContain("Usage: serverkit");
    }
    const bad = await runCli(["frobnicate"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('unknown command "frobnicate"');
  });

  test("a bad config key is named and the panel does not start", async () => {
    const dir = tempDir();
    const cfg = join(dir, "config.yaml");
    writeFileSync(cfg, "jobs:\n  concurrency: many\n");
    const r = await runCli(["serve", "--config", cfg, "--port", "1"], { dataDir: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("jobs.concurrency");
  });

  test("user create / list / reset-password / disable-2fa, and migrate status", async () => {
    const dir = tempDir();
    const created = await runCli(["user", "create", "--username", "root-admin", "--password", "first-password-1", "--role", "owner"], { dataDir: dir });
    expect(created.exitCode).toBe(0);
    expect(created.stdout).toContain('created owner "root-admin"');
    const dup = await runCli(["user", "create", "--username", "root-admin", "--password", "first-password-1"], { dataDir: dir });
    expect(dup.exitCode).toBe(2);
    expect(dup.stderr).toContain("already taken");
    const weak = await runCli(["user", "create", "--username", "weakling", "--password", "short"], { dataDir: dir });
    expect(weak.exitCode).toBe(2);

    panel = await startPanel({ dataDir: dir });
    const setup = await panel.fetch(`${API}/setup`);
    expect(await setup.json()).toEqual({ needed: false });
    await login(panel, "root-admin", "first-password-1");

    const reset = await runCli(["user", "reset-password", "--username", "root-admin"], { dataDir: dir, env: { SERVERKIT_PASSWORD: "second-password-2" } });
    expect(reset.exitCode).toBe(0);
    const old = await panel.fetch(`${API}/auth/login`, { method: "POST", json: { username: "root-admin", password: "first-password-1" } });
    expect(old.status).toBe(401);
    await login(panel, "root-admin", "second-password-2");

    const off = await runCli(["user", "disable-2fa", "--username", "root-admin"], { dataDir: dir });
    expect(off.exitCode).toBe(0);
    const list = await runCli(["user", "list"], { dataDir: dir });
    expect(list.stdout).toMatch(/root-admin\s+owner/);
    const missing = await runCli(["user", "disable-2fa", "--username", "nobody"], { dataDir: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("No such user");

    const status = await runCli(["migrate", "status"], { dataDir: dir });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toContain("database is up to date");

    const audit = await (await login(panel, "root-admin", "second-password-2")).json(`${API}/audit?actor=console`);
    expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(["users.disable_2fa", "users.reset_password", "users.create"]);
  });
});
