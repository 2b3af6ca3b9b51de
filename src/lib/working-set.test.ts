import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { droppableMappings, idleTrimmer, trimWorkingSet } from "./working-set.ts";

const mapping = (range: string, perms: string, inode: string, path: string, anonymousKiB: number) =>
  [`${range} ${perms} 00000000 fd:01 ${inode}                    ${path}`, "Size:               1024 kB", "Rss:                 512 kB", `Anonymous:          ${anonymousKiB} kB`, "VmFlags: rd ex mr mw me"].join("\n");

describe("droppableMappings", () => {
  test("keeps only read-only file mappings whose pages all match the file", () => {
    const smaps = [
      mapping("00200000-01a39000", "r--p", "1234", "/usr/local/bin/serverkit", 0), // rodata: yes
      mapping("01a40000-0684a000", "r-xp", "1234", "/usr/local/bin/serverkit", 0), // code: yes
      mapping("0684a000-06867000", "r--p", "1234", "/usr/local/bin/serverkit", 116), // RELRO, relocated: no
      mapping("06867000-06d97000", "rw-p", "1234", "/usr/local/bin/serverkit", 0), // writable data: no
      mapping("3db80a00000-3dbc0a00000", "rw-p", "0", "", 12716), // heap: no
      mapping("7f0000000000-7f0000100000", "r-xp", "0", "", 0), // JIT-like anonymous code: no
      mapping("7f3960ab9000-7f3960c0f000", "r-xp", "99", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0), // shared library code: yes
      mapping("7f3960d00000-7f3960d01000", "r-xp", "77", "/tmp/old (deleted)", 0), // replaced file: no
      mapping("7ffd1000-7ffd3000", "r-xp", "0", "[vdso]", 0), // no
      mapping("7f4000000000-7f4000001000", "rw-s", "55", "/dev/shm/x", 0), // shared writable: no
    ].join("\n");
    expect(droppableMappings(smaps).map((m) => m.start.toString(16))).toEqual(["200000", "1a40000", "7f3960ab9000"]);
    expect(droppableMappings(smaps)[0]!.end).toBe(0x1a39000n);
  });

  test("a mapping without an Anonymous line is never taken", () => {
    expect(droppableMappings("00200000-00300000 r-xp 00000000 fd:01 1 /bin/x\nRss: 4 kB")).toEqual([]);
  });
});

describe("trimWorkingSet", () => {
  test.skipIf(process.platform !== "linux")("shrinks this process's resident set and the code it dropped still runs", async () => {
    const before = createHash("sha256").update("serverkit").digest("hex");
    const r = await trimWorkingSet();
    expect(r).not.toBeNull();
    expect(r!.mappings).toBeGreaterThan(0);
    // The test runner has tens of MiB of its own code resident; most of it goes.
    expect(r!.beforeKiB - r!.afterKiB).toBeGreaterThan(4096);
    // Dropped pages fault back in unchanged: the same code gives the same answers.
    expect(createHash("sha256").update("serverkit").digest("hex")).toBe(before);
    expect(JSON.parse(JSON.stringify({ a: [1, 2, 3] }))).toEqual({ a: [1, 2, 3] });
  });
});

describe("idleTrimmer", () => {
  test("trims once things have been quiet, not while they are busy", async () => {
    const trims: number[] = [];
    const t = idleTrimmer({ quietMs: 150, minGapMs: 0, checkMs: 10, onTrim: () => trims.push(Date.now()) });
    let lastTouch = 0;
    for (let i = 0; i < 5; i++) {
      t.touch();
      lastTouch = Date.now();
      await Bun.sleep(50);
    }
    expect(trims).toHaveLength(0); // still busy: every touch pushed it back
    for (let i = 0; i < 40 && trims.length === 0; i++) await Bun.sleep(25);
    expect(trims).toHaveLength(process.platform === "linux" ? 1 : 0);
    await Bun.sleep(300);
    t.stop();
    expect(trims).toHaveLength(process.platform === "linux" ? 1 : 0); // no activity since: nothing more to trim
    if (trims.length) expect(trims[0]! - lastTouch).toBeGreaterThanOrEqual(150 - 5);
  });

  test("keeps at least minGapMs between trims", async () => {
    const trims: number[] = [];
    const t = idleTrimmer({ quietMs: 20, minGapMs: 400, checkMs: 10, onTrim: () => trims.push(Date.now()) });
    t.touch();
    await Bun.sleep(120);
    t.touch();
    await Bun.sleep(120);
    expect(trims.length).toBeLessThanOrEqual(1);
    for (let i = 0; i < 40 && trims.length < 2; i++) await Bun.sleep(25);
    t.stop();
    if (process.platform !== "linux") return;
    expect(trims).toHaveLength(2);
    expect(trims[1]! - trims[0]!).toBeGreaterThanOrEqual(380);
  });

  test("periodic: trims again while quiet without new activity", async () => {
    const trims: number[] = [];
    const t = idleTrimmer({ quietMs: 20, minGapMs: 100, checkMs: 10, periodic: true, onTrim: () => trims.push(Date.now()) });
    for (let i = 0; i < 40 && trims.length < 3; i++) await Bun.sleep(25);
    t.stop();
    if (process.platform !== "linux") return;
    expect(trims.length).toBeGreaterThanOrEqual(3);
    t.touch(); // stopped: nothing more
    const count = trims.length;
    await Bun.sleep(200);
    expect(trims).toHaveLength(count);
  });
});
