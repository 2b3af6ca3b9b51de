// The compose overlay: what it adds, that Compose accepts it merged over a real app file, and
// that it is absent when there is nothing to add.
import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { composeOnce } from "../docker/local/compose-cli.ts";
import { renderOverlay } from "./overlay.ts";

test("passes each key as ${KEY} to every service and adds host-gateway access", () => {
  const text = renderOverlay({ services: ["web", "worker"], envKeys: ["DB_HOST", "DATABASE_URL"], hostGateway: true })!;
  expect(parse(text)).toEqual({
    services: {
      web: { environment: { DB_HOST: "${DB_HOST}", DATABASE_URL: "${DATABASE_URL}" }, extra_hosts: ["host.docker.internal:host-gateway"] },
      worker: { environment: { DB_HOST: "${DB_HOST}", DATABASE_URL: "${DATABASE_URL}" }, extra_hosts: ["host.docker.internal:host-gateway"] },
    },
  });
});

test("nothing to add gives no file; a bad key is refused", () => {
  expect(renderOverlay({ services: ["web"], envKeys: [], hostGateway: false })).toBeNull();
  expect(() => renderOverlay({ services: ["web"], envKeys: ["BAD KEY"], hostGateway: false })).toThrow();
});

test("the Compose CLI merges it over the app's file and sees the .env values", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sk-overlay-"));
  try {
    writeFileSync(join(dir, "docker-compose.yml"), "version: '3.8'\nservices:\n  web:\n    image: local/busybox:test\n");
    writeFileSync(join(dir, ".env"), "DB_HOST=db.internal\n");
    writeFileSync(join(dir, "docker-compose.serverkit.yml"), renderOverlay({ services: ["web"], envKeys: ["DB_HOST"], hostGateway: true, version: "3.8" })!);
    const { ok, output } = await composeOnce({ dir, project: "overlaytest", args: ["config"] });
    expect(ok).toBe(true);
    const merged = parse(output);
    expect(merged.services.web.environment.DB_HOST).toBe("db.internal");
    // v1 prints extra_hosts as a list, v2 as a map: either way the gateway entry is there.
    expect(JSON.stringify(merged.services.web.extra_hosts)).toContain("host-gateway");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a database server run as a container: the app joins its network (and keeps its own), compose accepts it", async () => {
  const overlay = { services: ["web", "sidecar"], ownNetwork: ["web"], envKeys: ["REDIS_URL"], hostGateway: false, networks: ["db-cache_default"], version: "3.8" };
  expect(parse(renderOverlay(overlay)!)).toEqual({
    version: "3.8",
    services: { web: { environment: { REDIS_URL: "${REDIS_URL}" }, networks: ["default", "db-cache_default"] }, sidecar: { environment: { REDIS_URL: "${REDIS_URL}" } } },
    networks: { "db-cache_default": { external: true } },
  });
  expect(() => renderOverlay({ ...overlay, networks: ["bad name; rm"] })).toThrow();
  const dir = mkdtempSync(join(tmpdir(), "sk-overlay-"));
  try {
    writeFileSync(join(dir, "docker-compose.yml"), "version: '3.8'\nservices:\n  web:\n    image: local/busybox:test\n  sidecar:\n    image: local/busybox:test\n    network_mode: service:web\n");
    writeFileSync(join(dir, ".env"), "REDIS_URL=redis://x\n");
    writeFileSync(join(dir, "docker-compose.serverkit.yml"), renderOverlay(overlay)!);
    const { ok, output } = await composeOnce({ dir, project: "overlaytest", args: ["config"] });
    expect(ok).toBe(true);
    expect(JSON.stringify(parse(output).services.web.networks)).toContain("db-cache_default");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
