// The pull bar on chunk sequences as the Engine sends them (progress lines thinned out).
import { describe, expect, test } from "bun:test";
import type { PullChunk } from "../protocol/index.ts";
import { PullProgress } from "./pull-progress.ts";

const c = (status: string, id: string | null = null, current: number | null = null, total: number | null = null): PullChunk => ({ status, id, current, total });

// `docker pull nginx:1.27-alpine`-like: two layers of different size, downloads interleaved.
const twoLayers: PullChunk[] = [
  c("Pulling from library/nginx", "1.27-alpine"),
  c("Pulling fs layer", "aaa"),
  c("Pulling fs layer", "bbb"),
  c("Downloading", "aaa", 100_000, 3_000_000),
  c("Downloading", "bbb", 50_000, 1_000_000),
  c("Downloading", "aaa", 1_500_000, 3_000_000),
  c("Downloading", "bbb", 1_000_000, 1_000_000),
  c("Verifying Checksum", "bbb"),
  c("Download complete", "bbb"),
  c("Downloading", "aaa", 3_000_000, 3_000_000),
  c("Verifying Checksum", "aaa"),
  c("Download complete", "aaa"),
  c("Extracting", "aaa", 1_000_000, 3_000_000),
  c("Extracting", "aaa", 3_000_000, 3_000_000),
  c("Pull complete", "aaa"),
  c("Extracting", "bbb", 1_000_000, 1_000_000),
  c("Pull complete", "bbb"),
  c("Digest: sha256:0123abcd"),
  c("Status: Downloaded newer image for nginx:1.27-alpine"),
];

function run(chunks: PullChunk[]) {
  const p = new PullProgress();
  const logs: string[] = [];
  const percents: number[] = [];
  for (const chunk of chunks) {
    const line = p.apply(chunk);
    if (line) logs.push(line);
    percents.push(p.percent);
  }
  return { p, logs, percents };
}

describe("pull progress", () => {
  test("weighted by layer size, never backwards, 99 at most until the job ends", () => {
    const { percents, p } = run(twoLayers);
    expect(percents.every((x, i) => i === 0 || x >= percents[i - 1]!)).toBe(true);
    // aaa at 1.5 of 3 MB downloaded, bbb done downloading: 0.7 * (1.5 + 1) / 4 = 43 %
    expect(percents[6]).toBe(43);
    expect(percents.at(-1)).toBe(99);
    expect(p.step).toBe("2 of 2 layers, 4.0 of 4.0 MB");
  });

  test("one log line per status change, none per progress tick", () => {
    const { logs } = run(twoLayers);
    expect(logs).toEqual([
      "Pulling from library/nginx",
      "aaa: Pulling fs layer",
      "bbb: Pulling fs layer",
      "aaa: Downloading",
      "bbb: Downloading",
      "bbb: Verifying Checksum",
      "bbb: Download complete",
      "aaa: Verifying Checksum",
      "aaa: Download complete",
      "aaa: Extracting",
      "aaa: Pull complete",
      "bbb: Extracting",
      "bbb: Pull complete",
      "Digest: sha256:0123abcd",
      "Status: Downloaded newer image for nginx:1.27-alpine",
    ]);
  });

  test("a layer whose size is not known yet does not make the bar jump back when it is", () => {
    const { percents } = run([
      c("Pulling fs layer", "small"),
      c("Pulling fs layer", "big"),
      c("Downloading", "small", 1000, 1000),
      c("Download complete", "small"),
      c("Downloading", "big", 1000, 100_000_000), // the big one reveals its size late
      c("Downloading", "big", 60_000_000, 100_000_000),
    ]);
    expect(percents[3]).toBe(35); // small done downloading, big guessed as large as small
    expect(percents[4]).toBe(35); // would be 0 if recomputed blindly
    expect(percents[5]).toBe(42);
  });

  test("everything cached: log says so, bar stays put, caption counts the layers", () => {
    const { logs, percents, p } = run([
      c("Pulling from library/redis", "7"),
      c("Already exists", "l1"),
      c("Already exists", "l2"),
      c("Digest: sha256:feed"),
      c("Status: Image is up to date for redis:7"),
    ]);
    expect(logs.at(-1)).toBe("Status: Image is up to date for redis:7");
    expect(percents.at(-1)).toBe(0);
    expect(p.step).toBe("2 of 2 layers");
  });

  test("before any layer: a caption that says what is happening", () => {
    expect(new PullProgress().step).toBe("Contacting the registry");
  });
});
