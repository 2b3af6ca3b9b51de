// Runs s3rver (a fake S3 server, test tool only) for testing.ts, in its own process:
//   bun s3rver-child.ts <dir> <bucket,bucket...>
// prints {"port":N} once listening and exits when its stdin closes (the parent went away).
//
// Why a child and not in-process: s3rver needs patches to behave like S3 under Bun (below), which
// swap node:crypto and fs functions that the test process must keep as they are; and a separate process
// keeps s3rver's memory out of the RSS figures the tests measure.
import crypto from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";

const [dir, bucketList = ""] = process.argv.slice(2);
if (!dir) throw new Error("usage: bun s3rver-child.ts <dir> <buckets>");

// 1. s3rver encrypts ListObjectsV2 continuation tokens with DES, which Bun's BoringSSL (and
//    Node 20's default OpenSSL 3) lacks: every truncated listing answered 500. The token is
//    opaque to clients, so an identity "cipher" keeps pagination working.
const identity = () => ({ update: (data: string | Buffer, enc?: BufferEncoding) => Buffer.from(data as string, enc), final: () => Buffer.alloc(0) });
for (const name of ["createCipheriv", "createDecipheriv"] as const) {
  const real = crypto[name] as (...args: unknown[]) => unknown;
  (crypto as unknown as Record<string, unknown>)[name] = (alg: string, ...rest: unknown[]) => (alg === "des" ? identity() : real(alg, ...rest));
}

// 2. s3rver lists objects in readdir order, which on ext4/overlayfs is hash order, not key
//    order: pages of a truncated listing overlapped and skipped keys. S3 lists in key order,
//    so s3rver's directory walks get entries sorted the way their keys sort ("p/" after "p.txt").
const fsExtra = require(require.resolve("fs-extra", { paths: [dirname(require.resolve("s3rver"))] })) as { readdirSync: (...args: unknown[]) => unknown };
const SUFFIX = "._S3rver_";
const sortKey = (name: string) => (name.includes(SUFFIX) ? name.slice(0, name.indexOf(SUFFIX)) + "\u0000" + name : name + "/");
const realReaddir = fsExtra.readdirSync;
fsExtra.readdirSync = (...args: unknown[]) => {
  const names = realReaddir(...args);
  if (!Array.isArray(names) || typeof names[0] !== "string") return names;
  return (names as string[]).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
};

const S3rver = require("s3rver");
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: dir,
  configureBuckets: bucketList.split(",").filter(Boolean).map((name) => ({ name })),
});

// 3. s3rver 3.7.1 has no AbortMultipartUpload (DELETE ?uploadId answers an error and the parts
//    stay). Real S3 has it and Bun calls it when an upload fails, so the tests need it to see
//    that no upload is left behind. Uploads live in <dir>/<bucket>/._S3rver_uploads/<id>/.
server.middleware.unshift(async (ctx: { method: string; path: string; query: Record<string, unknown>; status: number; type: string; body: unknown }, next: () => Promise<void>) => {
  if (ctx.method !== "DELETE" || typeof ctx.query.uploadId !== "string") return next();
  const bucket = ctx.path.split("/")[1] ?? "";
  const id = ctx.query.uploadId;
  const uploadDir = join(dir, bucket, "._S3rver_uploads", id);
  if (!/^[0-9a-f]+$/.test(id) || !existsSync(uploadDir)) {
    ctx.status = 404;
    ctx.type = "application/xml";
    ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>';
    return;
  }
  rmSync(uploadDir, { recursive: true, force: true });
  ctx.status = 204;
});

// 4. Nor ListMultipartUploads (GET ?uploads answers NotImplemented). The panel lists the uploads
//    a crash left under a backup's prefix to abort them, so the tests need it too. Each upload
//    folder holds a "key" file; one page, no markers (tests never start 1000 uploads).
const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
server.middleware.unshift(async (ctx: { method: string; path: string; query: Record<string, unknown>; status: number; type: string; body: unknown }, next: () => Promise<void>) => {
  const bucket = ctx.path.split("/").filter(Boolean);
  if (ctx.method !== "GET" || !("uploads" in ctx.query) || bucket.length !== 1) return next();
  if (!existsSync(join(dir, bucket[0]!))) return next(); // s3rver answers NoSuchBucket
  const prefix = typeof ctx.query.prefix === "string" ? ctx.query.prefix : "";
  const root = join(dir, bucket[0]!, "._S3rver_uploads");
  const uploads = (existsSync(root) ? readdirSync(root) : [])
    .filter((id) => existsSync(join(root, id, "key")))
    .map((id) => ({ id, key: readFileSync(join(root, id, "key"), "utf8") }))
    .filter((u) => u.key.startsWith(prefix))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  ctx.status = 200;
  ctx.type = "application/xml";
  ctx.body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${xmlText(bucket[0]!)}</Bucket><Prefix>${xmlText(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
    uploads.map((u) => `<Upload><Key>${xmlText(u.key)}</Key><UploadId>${u.id}</UploadId></Upload>`).join("") +
    "</ListMultipartUploadsResult>";
});

// 5. A request log, so tests can see how an upload went over the wire (multipart parts and
//    their sizes); s3rver's multipart ETags are plain MD5s and do not tell.
server.middleware.unshift(async (ctx: { method: string; url: string; get(h: string): string }, next: () => Promise<void>) => {
  appendFileSync(join(dir, "requests.log"), JSON.stringify({ method: ctx.method, url: ctx.url, bytes: Number(ctx.get("content-length") || 0) }) + "\n");
  return next();
});

const address = (await server.run()) as { port: number };
process.stdout.write(JSON.stringify({ port: address.port }) + "\n");
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
