// What only S3 storage promises, against a real S3 API (s3rver in a child process). s3rver
// accepts any signature, so refused credentials cannot be tested here; everything else can.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { S3Client } from "bun";
import { DomainError } from "../../lib/errors.ts";
import { S3Storage, type S3Config } from "./s3.ts";
import { generated, sha256Of, text } from "./test-streams.ts";
import { startS3rver, type S3rverHandle } from "./testing.ts";

const MiB = 1024 * 1024;
let s3: S3rverHandle;
let raw: S3Client; // looks at the bucket directly, past the storage's prefix

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ["backups", "other"] });
  raw = new S3Client({ endpoint: s3.endpoint, bucket: "backups", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, virtualHostedStyle: false });
});
afterAll(() => s3?.stop());

let n = 0;
const cfg = (over: Partial<S3Config> = {}): S3Config => ({
  kind: "s3",
  endpoint: s3.endpoint,
  bucket: "backups",
  prefix: `s3t${++n}`,
  accessKeyId: s3.accessKeyId,
  secretAccessKey: s3.secretAccessKey,
  ...over,
});

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (err) {
    return err as DomainError;
  }
  throw new Error("expected a rejection");
}

/** Bun sends AbortMultipartUpload just after put() rejects; give it a moment to land. */
async function pendingUploadsSettled(bucket: string): Promise<string[]> {
  for (let i = 0; i < 100 && s3.pendingUploads(bucket).length > 0; i++) await Bun.sleep(20);
  return s3.pendingUploads(bucket);
}

test("the label names bucket, prefix and endpoint, and no secret", () => {
  const st = new S3Storage(cfg({ prefix: "team-a/backups", secretAccessKey: "very-secret" }));
  expect(st.label).toBe(`s3 backups/team-a/backups @ ${s3.endpoint}`);
  expect(new S3Storage(cfg({ prefix: undefined, endpoint: `${s3.endpoint}/` })).label).toBe(`s3 backups @ ${s3.endpoint}`);
});

test("a missing bucket: bucket_not_found from test() and put()", async () => {
  const st = new S3Storage(cfg({ bucket: "no-such-bucket" }));
  const err = await rejection(st.test());
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ kind: "invalid", code: "bucket_not_found" });
  expect(err.message).toBe(`Bucket "no-such-bucket" does not exist at ${s3.endpoint}.`);
  expect(await rejection(st.put("a/b", text("x")))).toMatchObject({ code: "bucket_not_found" });
});

test("nothing listening: storage_unreachable", async () => {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const endpoint = `http://127.0.0.1:${probe.port}`;
  probe.stop(true); // the port is closed now: connections are refused
  const st = new S3Storage(cfg({ endpoint }));
  const err = await rejection(st.test());
  expect(err).toMatchObject({ kind: "unavailable", code: "storage_unreachable" });
  expect(err.message).toContain(endpoint);
  expect(await rejection(st.list(""))).toMatchObject({ code: "storage_unreachable" });
});

test("a host that does not resolve: storage_unreachable", async () => {
  const st = new S3Storage(cfg({ endpoint: "http://s3.invalid" }));
  expect(await rejection(st.test())).toMatchObject({ code: "storage_unreachable" });
});

test("an endpoint that never answers: storage_unreachable after the test timeout", async () => {
  // Accepts connections and says nothing, like a firewall that swallows packets.
  const silent = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  try {
    const st = new S3Storage(cfg({ endpoint: `http://127.0.0.1:${silent.port}` }), { testTimeoutMs: 300 });
    const err = await rejection(st.test());
    expect(err).toMatchObject({ code: "storage_unreachable" });
    expect(err.message).toContain("no answer within 0.3 s");
  } finally {
    silent.stop(true);
  }
});

test("test() writes, reads back and deletes its probe: the bucket is left as it was", async () => {
  const st = new S3Storage(cfg({ prefix: "probe-check" }));
  await st.test();
  expect((await raw.list({ prefix: "probe-check" })).contents ?? []).toEqual([]);
});

test("the prefix is prepended in the bucket and hidden from keys; prefixes do not see each other", async () => {
  const a = new S3Storage(cfg({ prefix: "tenant-a/" }));
  const b = new S3Storage(cfg({ prefix: "tenant-b" }));
  await a.put("plan-1/run/manifest.json", text("a"));
  await b.put("plan-1/run/manifest.json", text("b"));
  expect(await raw.file("tenant-a/plan-1/run/manifest.json").text()).toBe("a");
  expect((await a.list("")).map((o) => o.key)).toEqual(["plan-1/run/manifest.json"]);
  expect(await a.deletePrefix("plan-1")).toBe(1);
  expect(await raw.file("tenant-b/plan-1/run/manifest.json").text()).toBe("b");
});

test("a 20 MiB stream from a generator goes up as 5 MiB multipart parts", async () => {
  const st = new S3Storage(cfg({ prefix: "multi" }));
  const body = generated(20 * MiB);
  expect(await st.put("plan-1/run/001.sealed", body.stream)).toBe(20 * MiB);
  const key = "/backups/multi/plan-1/run/001.sealed";
  const parts = s3.requests().filter((r) => r.method === "PUT" && r.url.startsWith(`${key}?partNumber=`));
  expect(parts.map((r) => r.bytes)).toEqual([5 * MiB, 5 * MiB, 5 * MiB, 5 * MiB]);
  expect(s3.requests().filter((r) => r.method === "POST" && r.url.startsWith(`${key}?uploadId=`))).toHaveLength(1); // completed once
  expect(await sha256Of(await st.get("plan-1/run/001.sealed"))).toEqual({ sha256: body.digest(), bytes: 20 * MiB });
});

test("a failed multipart upload is aborted: no object and no upload left in the bucket", async () => {
  const st = new S3Storage(cfg());
  const body = generated(30 * MiB, { failAt: 12 * MiB });
  await rejection(st.put("plan-1/run/001.sealed", body.stream));
  expect(await st.list("")).toEqual([]);
  expect(await pendingUploadsSettled("backups")).toEqual([]);
});

test("an aborted multipart upload is aborted in the bucket too", async () => {
  const st = new S3Storage(cfg());
  const ctl = new AbortController();
  const body = generated(30 * MiB, { stallAt: 11 * MiB, onStall: () => ctl.abort() });
  expect(await rejection(st.put("plan-1/run/001.sealed", body.stream, { signal: ctl.signal }))).toMatchObject({ name: "AbortError" });
  expect(await st.list("")).toEqual([]);
  expect(await pendingUploadsSettled("backups")).toEqual([]);
});

test("listing follows continuation pages", async () => {
  const st = new S3Storage(cfg(), { pageSize: 2 });
  const keys = ["plan-1/a/1", "plan-1/a/2", "plan-1/b/1", "plan-1/b/2", "plan-1/c/1"];
  for (const k of keys) await st.put(k, text(k));
  expect((await st.list("plan-1")).map((o) => o.key)).toEqual(keys);
  expect(await st.deletePrefix("plan-1")).toBe(5);
  expect(await st.list("")).toEqual([]);
});

// Measured in a fresh process (memory-probe.ts): buffering the object would grow RSS by
// >= 100 MiB; streaming stays well under 40 MiB.
test("100 MiB streams to S3 and back with flat memory", async () => {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "memory-probe.ts"), JSON.stringify(cfg({ prefix: "big" }))], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect({ code, err: code === 0 ? "" : err }).toEqual({ code: 0, err: "" });
  const r = JSON.parse(out.trim().split("\n").pop()!);
  expect(r.putBytes).toBe(100 * MiB);
  expect(r.get).toEqual({ sha256: r.expected, bytes: 100 * MiB });
  expect(r.putGrowth).toBeLessThan(40 * MiB);
  expect(r.getGrowth).toBeLessThan(40 * MiB);
}, 60_000);
