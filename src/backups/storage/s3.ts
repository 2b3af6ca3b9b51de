// Backups in an S3-compatible bucket (AWS, R2, MinIO, Wasabi...) through Bun.S3Client, path
// style so any endpoint works without wildcard DNS. Uploads stream as multipart: memory holds
// about (queueSize + 1) parts, never the object, and a failed upload is aborted by Bun so no
// partial object appears. An upload a crash cut short is aborted by deletePrefix().
import { S3Client } from "bun";
import { DomainError, invalid } from "../../lib/errors.ts";
import { notWritable, objectMissing, unreachable } from "./errors.ts";
import { checkKey, folderOf } from "./keys.ts";
import { codeOf, isNotFound, s3Error, type S3Where } from "./s3-errors.ts";
import { MultipartUploads } from "./s3-uploads.ts";
import { chunksOf } from "./streams.ts";
import type { BackupStorage, StorageConfig, StoredObject } from "./types.ts";

export type S3Config = Extract<StorageConfig, { kind: "s3" }>;

export interface S3Tuning {
  /** Multipart part size; S3's minimum is 5 MiB. */
  partSize: number;
  /** Parts uploading at once. Each one costs roughly 12-15 MiB of RSS with 5 MiB parts. */
  queueSize: number;
  /** Keys per ListObjectsV2 page (S3 caps it at 1000). */
  pageSize: number;
  /** How long test() may take before the target counts as unreachable. */
  testTimeoutMs: number;
}

// One part in flight keeps a 100 MiB upload under 40 MiB of RSS growth (measured: ~30 MiB
// with queueSize 1, ~45 MiB with 2); on s3rver a second slot did not make uploads faster.
export const S3_DEFAULTS: S3Tuning = { partSize: 5 * 1024 * 1024, queueSize: 1, pageSize: 1000, testTimeoutMs: 15_000 };

export class S3Storage implements BackupStorage {
  readonly kind = "s3" as const;
  readonly label: string;
  private readonly client: S3Client;
  private readonly uploads: MultipartUploads;
  private readonly base: string; // "" or "prefix/"
  private readonly where: S3Where;
  private readonly tuning: S3Tuning;

  constructor(cfg: S3Config, tuning: Partial<S3Tuning> = {}) {
    const endpoint = cfg.endpoint.replace(/\/+$/, "");
    const prefix = (cfg.prefix ?? "").replace(/^\/+|\/+$/g, "");
    this.base = prefix ? `${prefix}/` : "";
    this.label = `s3 ${cfg.bucket}${prefix ? `/${prefix}` : ""} @ ${endpoint}`;
    this.where = { label: this.label, bucket: cfg.bucket, endpoint };
    this.tuning = { ...S3_DEFAULTS, ...tuning };
    this.client = new S3Client({
      accessKeyId: cfg.accessKeyId,
      secretAccessKey: cfg.secretAccessKey,
      endpoint,
      bucket: cfg.bucket,
      // Always explicit: Bun would otherwise sign with "auto" or whatever AWS_REGION says in
      // the panel's environment. us-east-1 is what AWS SDKs and MinIO assume; R2 accepts it.
      region: cfg.region ?? "us-east-1",
      virtualHostedStyle: false,
    });
    this.uploads = new MultipartUploads(endpoint, cfg.bucket, { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey, region: cfg.region ?? "us-east-1" });
  }

  async test(): Promise<void> {
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unreachable(this.label, `no answer within ${this.tuning.testTimeoutMs / 1000} s`)), this.tuning.testTimeoutMs);
    });
    try {
      await Promise.race([this.probe(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** List (reachable, bucket exists, credentials accepted), then write, read back and delete. */
  private async probe(): Promise<void> {
    await this.client.list({ prefix: this.base || undefined, maxKeys: 1 }).catch((err) => Promise.reject(s3Error(err, this.where)));
    const probe = `${this.base}.serverkit-probe-${crypto.randomUUID()}`;
    const text = `serverkit storage probe ${new Date().toISOString()}\n`;
    await this.client.write(probe, text).catch((err) => Promise.reject(s3Error(err, this.where, "write")));
    try {
      const back = await this.client.file(probe).text();
      if (back !== text) throw notWritable(this.label, "a probe object read back different from what was written");
    } catch (err) {
      await this.client.delete(probe).catch(() => {});
      throw err instanceof DomainError ? err : s3Error(err, this.where);
    }
    await this.client.delete(probe).catch((err) => Promise.reject(s3Error(err, this.where, "write")));
  }

  async put(key: string, body: ReadableStream<Uint8Array>, opts?: { signal?: AbortSignal }): Promise<number> {
    // `stop` ends a read still waiting on the producer when the upload fails first, so the
    // cleanup below cannot hang on a stalled body.
    const stop = new AbortController();
    const chunks = chunksOf(body, opts?.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal);
    let bytes = 0;
    let bodyFailed = false;
    let bodyError: unknown;
    // Bun pulls from this only as fast as parts go out; an error here makes Bun abort the
    // multipart upload (AbortMultipartUpload) instead of completing it.
    const source = new ReadableStream<Uint8Array>(
      {
        async pull(ctl) {
          try {
            const next = await chunks.next();
            if (next.done) return ctl.close();
            bytes += next.value.byteLength;
            ctl.enqueue(next.value);
          } catch (err) {
            bodyFailed = true;
            bodyError = err;
            ctl.error(err);
          }
        },
        cancel: async () => void (await chunks.return(undefined)),
      },
      { highWaterMark: 0 },
    );
    try {
      const full = this.keyOf(key);
      await this.client.write(full, new Response(source), { partSize: this.tuning.partSize, queueSize: this.tuning.queueSize });
      return bytes;
    } catch (err) {
      const failure = bodyFailed ? bodyError : err instanceof DomainError ? err : s3Error(err, this.where, "write");
      stop.abort(failure);
      await chunks.return(undefined).catch(() => {});
      if (!body.locked) await body.cancel(failure).catch(() => {}); // never started: still stop the producer
      throw failure;
    }
  }

  async get(key: string): Promise<ReadableStream<Uint8Array>> {
    // HEAD first: a missing object must be a clear error now, not a broken stream later.
    if (!(await this.stat(key))) throw objectMissing(key);
    return this.client.file(this.keyOf(key)).stream();
  }

  async stat(key: string): Promise<{ bytes: number } | null> {
    try {
      const st = await this.client.file(this.keyOf(key)).stat();
      return { bytes: st.size };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err instanceof DomainError ? err : s3Error(err, this.where);
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const scope = this.base + folderOf(prefix);
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.client
        .list({ prefix: scope || undefined, maxKeys: this.tuning.pageSize, continuationToken: token })
        .catch((err) => Promise.reject(s3Error(err, this.where)));
      for (const o of page.contents ?? []) {
        // Keys ending in "/" are folder markers some consoles create, not objects.
        if (!o.key.startsWith(this.base) || o.key.endsWith("/")) continue;
        out.push({ key: o.key.slice(this.base.length), bytes: o.size ?? 0, modifiedAt: o.lastModified ? Date.parse(o.lastModified) : 0 });
      }
      token = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a missing key too, which is what we promise.
    await this.client.delete(this.keyOf(key)).catch((err) => Promise.reject(s3Error(err, this.where, "write")));
  }

  async deletePrefix(prefix: string): Promise<number> {
    if (folderOf(prefix) === "") throw invalid("storage_key_invalid", "Refusing to delete everything in backup storage: the prefix is empty.");
    const keys = (await this.list(prefix)).map((o) => o.key);
    // One at a time: a backup folder holds a handful of objects, and s3rver (our test server)
    // answers concurrent deletes in one folder with InternalError as it prunes folders.
    for (const k of keys) await this.delete(k);
    await this.abortUploads(prefix);
    return keys.length;
  }

  /**
   * Aborts the multipart uploads inside the folder: a panel killed mid-put leaves its upload
   * behind (Bun aborts only the ones that fail while it runs). A server without the
   * ListMultipartUploads call ("NotImplemented") cannot have us clean up; that is not an error.
   */
  private async abortUploads(prefix: string): Promise<number> {
    let pending: { key: string; uploadId: string }[];
    try {
      pending = await this.uploads.list(this.base + folderOf(prefix));
    } catch (err) {
      if (codeOf(err) === "NotImplemented") return 0;
      throw s3Error(err, this.where);
    }
    for (const u of pending) await this.uploads.abort(u.key, u.uploadId).catch((err) => Promise.reject(s3Error(err, this.where, "write")));
    return pending.length;
  }

  private keyOf(key: string): string {
    return this.base + checkKey(key);
  }
}
