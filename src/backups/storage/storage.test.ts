// The contract every backup storage keeps, run against both: a local folder and a real S3 API
// (s3rver). What differs between them lives in local.test.ts and s3.test.ts.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DomainError } from "../../lib/errors.ts";
import { openStorage } from "./index.ts";
import { generated, readText, sha256Of, text } from "./test-streams.ts";
import { startS3rver, type S3rverHandle } from "./testing.ts";
import type { BackupStorage } from "./types.ts";

const MiB = 1024 * 1024;
let s3: S3rverHandle;
let localRoot: string;
let n = 0;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ["backups"] });
  localRoot = mkdtempSync(join(tmpdir(), "sk-storage-"));
});
afterAll(async () => {
  await s3?.stop();
  rmSync(localRoot, { recursive: true, force: true });
});

// Each test gets an empty target: its own folder, or its own prefix in the shared bucket.
const targets: Record<string, () => BackupStorage> = {
  local: () => openStorage({ kind: "local", path: join(localRoot, `t${++n}`) }),
  s3: () => openStorage({ kind: "s3", endpoint: s3.endpoint, bucket: "backups", prefix: `t${++n}`, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }),
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

for (const [kind, open] of Object.entries(targets)) {
  describe(`${kind} storage`, () => {
    test("test() accepts a usable target and leaves nothing behind", async () => {
      const st = open();
      await st.test();
      expect(await st.list("")).toEqual([]);
    });

    test("put, stat, get and list round-trip an object", async () => {
      const st = open();
      const before = Date.now();
      const body = generated(3 * MiB + 17);
      expect(await st.put("plan-3/2026-11-24T05-00-00Z-abc/001-volume.tar.zst.sealed", body.stream)).toBe(3 * MiB + 17);
      expect(await st.stat("plan-3/2026-11-24T05-00-00Z-abc/001-volume.tar.zst.sealed")).toEqual({ bytes: 3 * MiB + 17 });
      const back = await sha256Of(await st.get("plan-3/2026-11-24T05-00-00Z-abc/001-volume.tar.zst.sealed"));
      expect(back).toEqual({ sha256: body.digest(), bytes: 3 * MiB + 17 });
      const [obj, ...rest] = await st.list("plan-3");
      expect(rest).toEqual([]);
      expect(obj?.key).toBe("plan-3/2026-11-24T05-00-00Z-abc/001-volume.tar.zst.sealed");
      expect(obj?.bytes).toBe(3 * MiB + 17);
      // S3 keeps whole seconds; allow for that and a little clock skew.
      expect(obj?.modifiedAt).toBeGreaterThanOrEqual(before - 2000);
      expect(obj?.modifiedAt).toBeLessThanOrEqual(Date.now() + 2000);
    });

    test("an empty body stores an empty object", async () => {
      const st = open();
      expect(await st.put("empty.json", text(""))).toBe(0);
      expect(await st.stat("empty.json")).toEqual({ bytes: 0 });
      expect(await readText(await st.get("empty.json"))).toBe("");
    });

    test("list takes a folder: plan-3 never includes plan-30, and results are sorted", async () => {
      const st = open();
      for (const key of ["plan-3/b/manifest.json", "plan-3/a/001.sealed", "plan-30/x/manifest.json", "other.txt"]) await st.put(key, text(key));
      const keys = async (p: string) => (await st.list(p)).map((o) => o.key);
      expect(await keys("plan-3")).toEqual(["plan-3/a/001.sealed", "plan-3/b/manifest.json"]);
      expect(await keys("plan-3/")).toEqual(["plan-3/a/001.sealed", "plan-3/b/manifest.json"]);
      expect(await keys("plan-3/a")).toEqual(["plan-3/a/001.sealed"]);
      expect(await keys("")).toEqual(["other.txt", "plan-3/a/001.sealed", "plan-3/b/manifest.json", "plan-30/x/manifest.json"]);
      expect(await keys("nothing-here")).toEqual([]);
    });

    test("a missing object: get says backup_object_missing, stat says null, delete is fine", async () => {
      const st = open();
      const err = await rejection(st.get("plan-1/gone/manifest.json"));
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ kind: "not_found", code: "backup_object_missing" });
      expect(await st.stat("plan-1/gone/manifest.json")).toBeNull();
      await st.delete("plan-1/gone/manifest.json");
    });

    test("delete removes one object; deletePrefix removes a folder and returns the count", async () => {
      const st = open();
      for (const key of ["plan-3/a/1", "plan-3/a/2", "plan-3/b/1", "plan-30/a/1"]) await st.put(key, text("x"));
      await st.delete("plan-3/b/1");
      expect(await st.stat("plan-3/b/1")).toBeNull();
      expect(await st.deletePrefix("plan-3/a")).toBe(2);
      expect((await st.list("")).map((o) => o.key)).toEqual(["plan-30/a/1"]);
      expect(await st.deletePrefix("plan-3")).toBe(0);
      expect(await rejection(st.deletePrefix(""))).toMatchObject({ code: "storage_key_invalid" });
    });

    test("a body that fails midway rejects with its error and leaves no object", async () => {
      const st = open();
      const boom = new Error("tar exited with status 2");
      const body = generated(12 * MiB, { failAt: 7 * MiB, error: boom });
      expect(await rejection(st.put("plan-1/run/001.sealed", body.stream))).toBe(boom);
      expect(await st.stat("plan-1/run/001.sealed")).toBeNull();
      expect(await st.list("")).toEqual([]);
    });

    test("aborting stops the upload, cancels the body and leaves no object", async () => {
      const st = open();
      const ctl = new AbortController();
      const reason = new Error("backup cancelled by admin");
      const body = generated(50 * MiB, { stallAt: 6 * MiB, onStall: () => ctl.abort(reason) });
      expect(await rejection(st.put("plan-1/run/001.sealed", body.stream, { signal: ctl.signal }))).toBe(reason);
      expect(body.cancelled()).toBe(true);
      expect(await st.stat("plan-1/run/001.sealed")).toBeNull();
      expect(await st.list("")).toEqual([]);
    });

    test("a failed overwrite keeps the object that was there", async () => {
      const st = open();
      await st.put("plan-1/run/manifest.json", text("the good one"));
      await rejection(st.put("plan-1/run/manifest.json", generated(6 * MiB, { failAt: 5.5 * MiB }).stream));
      expect(await readText(await st.get("plan-1/run/manifest.json"))).toBe("the good one");
    });

    test("keys that are not plain relative paths are refused, and the body is cancelled", async () => {
      const st = open();
      for (const key of ["", "../escape", "/etc/passwd", "a/../../b", "a//b", "a/./b", "a/", "a\\b", "a/b.partial", "a\nb"]) {
        const body = generated(10);
        expect(await rejection(st.put(key, body.stream))).toMatchObject({ kind: "invalid", code: "storage_key_invalid" });
        expect(body.cancelled()).toBe(true);
        expect(await rejection(st.get(key))).toMatchObject({ code: "storage_key_invalid" });
        expect(await rejection(st.stat(key))).toMatchObject({ code: "storage_key_invalid" });
        expect(await rejection(st.delete(key))).toMatchObject({ code: "storage_key_invalid" });
      }
      expect(await rejection(st.list("../"))).toMatchObject({ code: "storage_key_invalid" });
      expect(await rejection(st.deletePrefix("/"))).toMatchObject({ code: "storage_key_invalid" });
      expect(await st.list("")).toEqual([]);
    });
  });
}
