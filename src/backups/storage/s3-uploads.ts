// Multipart uploads a crash left behind. Bun.S3Client streams big objects as multipart uploads
// and aborts the upload itself when a put fails, but a panel killed mid-put cannot: the upload
// stays in the bucket, invisible to object listings yet stored (and billed) until aborted.
// Bun has no call for ListMultipartUploads or AbortMultipartUpload, so these two requests are
// signed here with AWS Signature Version 4 (header-based, empty payload).
import { createHash, createHmac } from "node:crypto";

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface SignInput {
  method: string;
  /** Scheme, host and port (and a path prefix, if any): "https://s3.example.com". */
  endpoint: string;
  /** The raw, unencoded path: "/bucket/a key/file". */
  path: string;
  query?: [string, string][];
  /** Extra headers to sign (lower-case names). */
  headers?: Record<string, string>;
  now?: Date;
}

export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const sha256Hex = (data: string) => createHash("sha256").update(data).digest("hex");

/** The URL to request and the headers to send (with Authorization) for a SigV4-signed S3 request. */
export function signV4(req: SignInput, creds: SigV4Credentials): { url: string; headers: Record<string, string> } {
  const base = new URL(req.endpoint);
  const path = base.pathname.replace(/\/+$/, "") + req.path.split("/").map(encode).join("/");
  const query = (req.query ?? [])
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const amzDate = (req.now ?? new Date()).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: base.host, "x-amz-content-sha256": EMPTY_SHA256, "x-amz-date": amzDate, ...req.headers };
  const names = Object.keys(headers).sort();
  const canonical = [req.method, path, query, ...names.map((n) => `${n}:${headers[n]!.trim()}`), "", names.join(";"), EMPTY_SHA256].join("\n");
  const scope = `${day}/${creds.region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), creds.region), "s3"), "aws4_request");
  const signature = hmac(key, toSign).toString("hex");
  const { host: _host, ...send } = headers;
  return {
    url: `${base.origin}${path}${query ? `?${query}` : ""}`,
    headers: { ...send, authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}` },
  };
}

const unxml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    ({ lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" })[e.toLowerCase()] ?? String.fromCodePoint(e[1]?.toLowerCase() === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unxml(m[1]!) : undefined;
};

/** An S3 error answer as an Error with the server's `code` (what s3Error() maps). */
async function failure(res: Response, what: string): Promise<Error> {
  const body = await res.text().catch(() => "");
  const code = tag(body, "Code") ?? `HTTP${res.status}`;
  return Object.assign(new Error(`${what}: ${tag(body, "Message") ?? res.statusText}`), { code });
}

export class MultipartUploads {
  constructor(
    private readonly endpoint: string,
    private readonly bucket: string,
    private readonly creds: SigV4Credentials,
    private readonly timeoutMs = 30_000,
  ) {}

  private async send(req: Omit<SignInput, "endpoint">): Promise<Response> {
    const { url, headers } = signV4({ ...req, endpoint: this.endpoint }, this.creds);
    return fetch(url, { method: req.method, headers, signal: AbortSignal.timeout(this.timeoutMs) });
  }

  /** Uploads started and neither completed nor aborted whose keys start with `prefix`. */
  async list(prefix: string): Promise<{ key: string; uploadId: string }[]> {
    const out: { key: string; uploadId: string }[] = [];
    let markers: [string, string][] = [];
    for (;;) {
      const res = await this.send({ method: "GET", path: `/${this.bucket}`, query: [["uploads", ""], ["prefix", prefix], ...markers] });
      if (!res.ok) throw await failure(res, "ListMultipartUploads");
      const xml = await res.text();
      for (const [, upload] of xml.matchAll(/<Upload>([\s\S]*?)<\/Upload>/g)) {
        const key = tag(upload!, "Key");
        const uploadId = tag(upload!, "UploadId");
        if (key !== undefined && uploadId) out.push({ key, uploadId });
      }
      const nextKey = tag(xml, "NextKeyMarker");
      if (tag(xml, "IsTruncated") !== "true" || !nextKey) return out;
      markers = [["key-marker", nextKey], ["upload-id-marker", tag(xml, "NextUploadIdMarker") ?? ""]];
    }
  }

  /** Aborts one upload; one already gone (NoSuchUpload) is fine. */
  async abort(key: string, uploadId: string): Promise<void> {
    const res = await this.send({ method: "DELETE", path: `/${this.bucket}/${key}`, query: [["uploadId", uploadId]] });
    if (res.ok || res.status === 404) return void (await res.body?.cancel());
    throw await failure(res, "AbortMultipartUpload");
  }
}
