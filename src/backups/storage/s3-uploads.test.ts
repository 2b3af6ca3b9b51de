// The signed ListMultipartUploads / AbortMultipartUpload calls: the signature against AWS's
// published examples (s3rver checks none), and against s3rver that an upload left in progress,
// as a panel killed mid-put leaves it, is found and aborted by deletePrefix().
import { afterAll, beforeAll, expect, test } from "bun:test";
import { MultipartUploads, signV4 } from "./s3-uploads.ts";
import { S3Storage } from "./s3.ts";
import { generated } from "./test-streams.ts";
import { startS3rver, type S3rverHandle } from "./testing.ts";

const MiB = 1024 * 1024;
let s3: S3rverHandle;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ["backups"] });
});
afterAll(() => s3?.stop());

// The examples of "Signature Calculations for the Authorization Header" in the S3 API reference.
const AWS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
const now = new Date("2013-05-24T00:00:00Z");
const signatureOf = (h: Record<string, string>) => /Signature=([0-9a-f]{64})$/.exec(h.authorization ?? "")?.[1];

test.each([
  ["GET Object with a Range header", { path: "/test.txt", headers: { range: "bytes=0-9" } }, "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"],
  ["GET Bucket lifecycle (a bare sub-resource)", { path: "/", query: [["lifecycle", ""]] as [string, string][] }, "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"],
  ["GET Bucket, listing (query parameters sorted)", { path: "/", query: [["prefix", "J"], ["max-keys", "2"]] as [string, string][] }, "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"],
])("SigV4 matches AWS's example: %s", (_, req, want) => {
  const { url, headers } = signV4({ method: "GET", endpoint: "https://examplebucket.s3.amazonaws.com", now, ...req }, AWS);
  expect(signatureOf(headers)).toBe(want);
  expect(headers.authorization).toStartWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;");
  expect(headers["x-amz-date"]).toBe("20130524T000000Z");
  expect(url).toStartWith(`https://examplebucket.s3.amazonaws.com${req.path}`);
});

test("keys are encoded once, segment by segment, in the URL that is signed and sent", () => {
  const { url } = signV4({ method: "DELETE", endpoint: "http://127.0.0.1:9000/", path: "/b/plan 1/a+b(1)*.sealed", query: [["uploadId", "x/y"]], now }, AWS);
  expect(url).toBe("http://127.0.0.1:9000/b/plan%201/a%2Bb%281%29%2A.sealed?uploadId=x%2Fy");
});

test("deletePrefix aborts an upload a crash left in progress, and only inside its folder", async () => {
  const cfg = { kind: "s3" as const, endpoint: s3.endpoint, bucket: "backups", prefix: "crash", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey };
  const storage = new S3Storage(cfg);
  const uploads = new MultipartUploads(s3.endpoint, "backups", { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: "us-east-1" });
  // Two puts that stall after two parts went out, like a panel that was killed: one in the
  // folder that is deleted, one beside it in a folder whose name merely starts the same.
  const stalls = ["plan-1/run-a/001-volume.sealed", "plan-1/run-ab/001-volume.sealed"].map((key) => {
    const ctl = new AbortController();
    const put = storage.put(key, generated(64 * MiB, { stallAt: 11 * MiB }).stream, { signal: ctl.signal }).catch((e: Error) => e);
    return { key, ctl, put };
  });
  const deadline = Date.now() + 20_000;
  while ((await uploads.list("crash/")).length < 2 && Date.now() < deadline) await Bun.sleep(50);
  expect((await uploads.list("crash/")).map((u) => u.key).sort()).toEqual(["crash/plan-1/run-a/001-volume.sealed", "crash/plan-1/run-ab/001-volume.sealed"]);
  expect(await uploads.list("crash/plan-1/run-a/")).toEqual([{ key: "crash/plan-1/run-a/001-volume.sealed", uploadId: expect.stringMatching(/^[0-9a-f]+$/) }]);

  expect(await storage.deletePrefix("plan-1/run-a")).toBe(0); // no whole object there
  expect((await uploads.list("crash/")).map((u) => u.key)).toEqual(["crash/plan-1/run-ab/001-volume.sealed"]);
  // The S3 API's own listing is the judge; s3rver's upload folder on disk lags behind it.

  for (const s of stalls) s.ctl.abort(new Error("test over"));
  for (const s of stalls) expect(await s.put).toBeInstanceOf(Error);
  await storage.deletePrefix("plan-1");
  expect(await uploads.list("")).toEqual([]);
}, 30_000);

test("aborting an upload that is already gone is not an error", async () => {
  const uploads = new MultipartUploads(s3.endpoint, "backups", { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: "us-east-1" });
  await uploads.abort("nothing/here", "0123abcd");
});
