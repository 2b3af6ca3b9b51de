// A real S3 API for tests: s3rver in a child process on a random 127.0.0.1 port, with a
// temporary directory and its buckets created. It does NOT verify SigV4 signatures, so any
// credentials work; tests of refused credentials need a real S3.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface S3rverRequest {
  method: string;
  /** Path and query, e.g. "/backups/key?partNumber=1&uploadId=...". */
  url: string;
  bytes: number;
}

export interface S3rverHandle {
  endpoint: string;
  accessKeyId: "S3RVER";
  secretAccessKey: "S3RVER";
  /** s3rver's data directory (removed by stop()). Buckets are folders in it. */
  dir: string;
  /** Every request so far, oldest first, with its Content-Length. */
  requests(): S3rverRequest[];
  /** Multipart uploads started in `bucket` and neither completed nor aborted. */
  pendingUploads(bucket: string): string[];
  stop(): Promise<void>;
}

const CHILD = join(import.meta.dir, "s3rver-child.ts");
const START_TIMEOUT_MS = 10_000;

export async function startS3rver(opts: { buckets?: string[] } = {}): Promise<S3rverHandle> {
  const dir = mkdtempSync(join(tmpdir(), "sk-s3rver-"));
  const buckets = opts.buckets ?? ["backups"];
  // stdin stays open as a lifeline: the child exits when it closes, even if we crash.
  const child = Bun.spawn([process.execPath, CHILD, dir, buckets.join(",")], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
  const stop = async () => {
    child.kill();
    await child.exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await readPort(child);
    return {
      endpoint: `http://127.0.0.1:${port}`,
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
      dir,
      requests() {
        const log = join(dir, "requests.log");
        if (!existsSync(log)) return [];
        return readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as S3rverRequest);
      },
      pendingUploads(bucket) {
        const uploads = join(dir, bucket, "._S3rver_uploads");
        return existsSync(uploads) ? readdirSync(uploads) : [];
      },
      stop,
    };
  } catch (err) {
    const stderr = await new Response(child.stderr).text().catch(() => "");
    await stop();
    throw new Error(`s3rver did not start: ${(err as Error).message}\n${stderr}`);
  }
}

async function readPort(child: Bun.Subprocess<"pipe", "pipe", "pipe">): Promise<number> {
  const reader = child.stdout.getReader();
  let timer: Timer | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no port within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
  });
  try {
    let text = "";
    while (!text.includes("\n")) {
      const { done, value } = await Promise.race([reader.read(), timeout]);
      if (done) throw new Error(`exited with ${await child.exited}`);
      text += new TextDecoder().decode(value);
    }
    return (JSON.parse(text.slice(0, text.indexOf("\n"))) as { port: number }).port;
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
