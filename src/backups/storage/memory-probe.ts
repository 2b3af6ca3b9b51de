// Run as a child process by the storage tests: puts and gets 100 MiB through a storage and
// prints the RSS growth of each. A fresh process, because inside a test runner that already
// ran many files the garbage collector's slack says more about those files than about us.
//   bun src/backups/storage/memory-probe.ts '<StorageConfig JSON>'
import { openStorage } from "./index.ts";
import { generated, sha256Of } from "./test-streams.ts";

const MiB = 1024 * 1024;
const st = openStorage(JSON.parse(process.argv[2]!));
const warm = generated(16 * MiB);
await st.put("probe/warm.bin", warm.stream);
await sha256Of(await st.get("probe/warm.bin"));
Bun.gc(true);

async function growth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
  Bun.gc(true);
  const before = process.memoryUsage().rss;
  let peak = before;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const result = await work();
  clearInterval(t);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, growth: peak - before };
}

const body = generated(100 * MiB);
const put = await growth(() => st.put("probe/big.bin", body.stream));
const get = await growth(async () => sha256Of(await st.get("probe/big.bin")));
await st.deletePrefix("probe");
process.stdout.write(`${JSON.stringify({ putBytes: put.result, putGrowth: put.growth, get: get.result, expected: body.digest(), getGrowth: get.growth })}\n`);
