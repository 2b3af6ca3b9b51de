// Restore drills check every file of a volume against the sha256 listing recorded at backup
// time: a real app on Docker with a volume, a local backup plan, a drill that passes, then a
// backup whose listing disagrees with a file's bytes (as a bug in archiving would make it),
// whose drill fails and names the file.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backupKey } from "../backups/run-job.ts";
import { linesOf, listingLine, parseListingLine, type ListedFile } from "../backups/file-listing.ts";
import { signManifest, verifyManifest } from "../backups/manifest.ts";
import { openStream, sealStream } from "../backups/sealed-stream.ts";
import { sha256OfStream } from "../backups/hashing.ts";
import { SecretBox } from "../lib/crypto.ts";
import { createTestApp, docker, waitJob as waitJobOf, type TestClient } from "./testing.ts";

let t: Awaited<ReturnType<typeof createTestApp>>;
let owner: TestClient;
let work: string;
let planId: number;
const FIXTURES = join(import.meta.dir, "../../test/fixtures/templates");
const APP = "drill-files-app";

const waitJob = (id: string, ms = 120_000) => waitJobOf(owner, id, ms);
const web = async () => (await docker(["ps", "-q", "--filter", `label=com.docker.compose.project=${APP}`, "--filter", "label=com.docker.compose.service=web"])).trim();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "sk-drill-files-"));
  t = await createTestApp("bun-sqlite", `templatesDir: ${JSON.stringify(FIXTURES)}\nports:\n  min: 19250\n  max: 19299\n`);
  owner = await t.owner();
  const created = await owner.request("POST", "/apps", { name: APP, templateId: "two-service", variables: { GREETING: "hi" } });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  await waitJob(created.body.job.id);
  await docker(["exec", await web(), "sh", "-c", "head -c 200000 /dev/urandom > /data/random.bin && echo 'the real bytes' > '/data/notes.txt' && mkdir -p /data/sub && : > /data/sub/empty"]);
  const plan = await owner.request("POST", "/backup-plans", { name: "drilled", scope: "app", appId: created.body.app.id, storage: { kind: "local", path: join(work, "store") } });
  if (plan.status !== 201) throw new Error(JSON.stringify(plan.body));
  planId = plan.body.plan.id;
}, 180_000);

afterAll(async () => {
  const ids = (await docker(["ps", "-aq", "--filter", `label=com.docker.compose.project=${APP}`]).catch(() => "")).split("\n").filter(Boolean);
  if (ids.length) await docker(["rm", "-f", ...ids]).catch(() => undefined);
  await docker(["volume", "rm", `${APP}_data`]).catch(() => undefined);
  await docker(["network", "rm", `${APP}_default`]).catch(() => undefined);
  await t?.close();
  rmSync(work, { recursive: true, force: true });
}, 60_000); // removing containers takes a while on a busy machine

async function backUp(): Promise<{ id: string; prefix: string }> {
  const job = await waitJob((await owner.request("POST", `/backup-plans/${planId}/run`)).body.job.id);
  expect({ status: job.status, error: job.error }).toEqual({ status: "succeeded", error: null });
  const [b] = (await owner.request("GET", `/backups?plan=${planId}`)).body.items;
  const folder = readdirSync(join(work, "store"), { recursive: true }).map(String).find((f) => f.endsWith(`${b.id.slice(-6)}/manifest.json`))!;
  return { id: b.id, prefix: join(work, "store", folder, "..") };
}

async function drill(): Promise<{ status: string; verdict: string; checks: { part: string; ok: boolean; detail: string }[] }> {
  const job = await waitJob((await owner.request("POST", `/backup-plans/${planId}/drill`)).body.job.id);
  const [b] = (await owner.request("GET", `/backups?plan=${planId}`)).body.items;
  return { status: job.status, verdict: b.verifyStatus, checks: b.verifyDetails };
}

describe("restore drills check every file's sha256", () => {
  test("a drill of an intact backup checks each file of the volume against the listing and passes", async () => {
    await backUp();
    const r = await drill();
    expect({ status: r.status, verdict: r.verdict }).toEqual({ status: "succeeded", verdict: "passed" });
    const volume = r.checks.find((c) => c.part.startsWith("volume "))!;
    expect(volume.ok).toBe(true);
    expect(volume.detail).toMatch(/all \d+ files match their listed size and sha256/);
  });

  test("when a file's bytes differ from the manifest's listing, the verdict fails and names the file", async () => {
    const { id, prefix } = await backUp();
    // Rewrite the backup as if archiving had recorded other bytes for notes.txt: a new listing,
    // sealed and signed with the panel's key like a genuine one, so only the sha256 check can tell.
    const key = backupKey(SecretBox.fromKeyFile(join(t.services.config.dataDir, "secret.key")));
    const manifest = verifyManifest(key, readFileSync(join(prefix, "manifest.json"), "utf8"));
    const part = manifest.parts.find((p) => p.kind === "volume")!;
    const listingPath = join(prefix, part.files!.file);
    const listingId = `${id}/${part.files!.file}`;
    const lines: ListedFile[] = [];
    for await (const line of linesOf(Bun.file(listingPath).stream().pipeThrough(openStream(key, listingId)))) lines.push(parseListingLine(line));
    const notes = lines.find((e) => new TextDecoder().decode(e.path) === "notes.txt");
    expect(notes && "sha256" in notes).toBe(true);
    if (notes && "sha256" in notes) notes.sha256 = "0".repeat(64);
    const resealed = new Uint8Array(await new Response(new Blob(lines.map(listingLine)).stream().pipeThrough(sealStream(key, listingId))).arrayBuffer());
    writeFileSync(listingPath, resealed);
    const digest = await sha256OfStream(new Blob([resealed]).stream());
    part.files = { ...part.files!, bytes: digest.bytes, sha256: digest.sha256 };
    const { mac: _, ...body } = manifest;
    writeFileSync(join(prefix, "manifest.json"), JSON.stringify(signManifest(key, body), null, 2));

    const r = await drill();
    expect({ status: r.status, verdict: r.verdict }).toEqual({ status: "failed", verdict: "failed" });
    const volume = r.checks.find((c) => c.part.startsWith("volume "))!;
    expect(volume.ok).toBe(false);
    expect(volume.detail).toContain("1 of");
    expect(volume.detail).toContain('"notes.txt": sha256');
    expect(volume.detail).not.toContain("random.bin");
  });
});
