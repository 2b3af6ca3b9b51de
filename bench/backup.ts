// Backups: archive + seal + store a big volume the way a backup job does, beside `tar | zstd`
// to a file by hand on the same data in the same run. Prints throughput ratio and RSS growth.
// Targets (issue #6): >= 0.9x of tar|zstd; RSS grows <= 30 MB.
//
//   bun bench/backup.ts [--gib 2]
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SecretBox } from "../src/lib/crypto.ts";
import { volumePart } from "../src/backups/sources.ts";
import { openStorage } from "../src/backups/storage/index.ts";
import { writeBackup } from "../src/backups/writer.ts";
import { backupKey } from "../src/backups/run-job.ts";

const args = process.argv.slice(2);
const GIB = Number(args[args.indexOf("--gib") + 1] || 2) || 2;
const work = mkdtempSync(join(tmpdir(), "sk-bench-backup-"));
const data = join(work, "volume");
mkdirSync(data);

async function run(cmd: string[]): Promise<void> {
  const p = Bun.spawn(cmd, { stdout: "ignore", stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error(`${cmd[0]} failed`);
}

try {
  // Half random (incompressible), half text-like (compressible), in 64 MiB files.
  const files = Math.round((GIB * 1024) / 64);
  for (let i = 0; i < files; i++) {
    const f = join(data, `f${i}.bin`);
    if (i % 2) await run(["dd", "if=/dev/urandom", `of=${f}`, "bs=1M", "count=64", "status=none"]);
    else await run(["sh", "-c", `yes "log line $RANDOM: request served in 12 ms" | head -c 67108864 > "${f}"`]);
  }
  const total = files * 64 * 1048576;
  await run(["sync"]);

  // By hand: tar | zstd (same level and threads as the backup) into a file.
  let t0 = performance.now();
  await run(["sh", "-c", `tar -C "${data}" -cf - . | zstd -q -T0 -3 -c > "${join(work, "raw.tar.zst")}"`]);
  const rawSecs = (performance.now() - t0) / 1000;
  const rawSize = statSync(join(work, "raw.tar.zst")).size;

  // Ours: the same data through archive -> hash -> seal -> local storage, as a backup job does.
  const box = new SecretBox(Buffer.alloc(32, 7));
  const storage = openStorage({ kind: "local", path: join(work, "store") });
  Bun.gc(true);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  t0 = performance.now();
  const { bytes } = await writeBackup(
    { storage, key: backupKey(box), backupId: "bench", prefix: "bench", app: null, signal: new AbortController().signal, log: () => {}, progress: () => {} },
    [volumePart("bench", data)],
  );
  const oursSecs = (performance.now() - t0) / 1000;
  clearInterval(sampler);

  const mib = total / 1048576;
  console.log(`data: ${mib.toFixed(0)} MiB (half random, half text)`);
  console.log(`tar | zstd -3 -T0 to a file: ${rawSecs.toFixed(2)} s (${(mib / rawSecs).toFixed(0)} MiB/s), ${(rawSize / 1048576).toFixed(0)} MiB`);
  console.log(`backup part (tar | zstd | sha256 | AES-256-GCM | local storage): ${oursSecs.toFixed(2)} s (${(mib / oursSecs).toFixed(0)} MiB/s), ${(bytes / 1048576).toFixed(0)} MiB stored`);
  console.log(`throughput ratio: ${(rawSecs / oursSecs).toFixed(2)}x of tar|zstd (target >= 0.9x)`);
  console.log(`RSS growth during the backup: ${((peak - rss0) / 1048576).toFixed(1)} MiB peak (target <= 30 MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
