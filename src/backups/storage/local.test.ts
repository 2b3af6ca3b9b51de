// What only local storage promises: it stays inside its folder, keeps files private, writes
// through `.partial` + rename, and says clearly when the folder cannot be used.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalStorage } from "./local.ts";
import { generated, sha256Of, text } from "./test-streams.ts";

const MiB = 1024 * 1024;
let work: string;
let root: string;
let st: LocalStorage;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "sk-local-"));
  root = join(work, "backups");
  st = new LocalStorage(root);
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;
const filesUnder = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

test("the label names the folder", () => {
  expect(st.label).toBe(`local ${root}`);
  expect(st.kind).toBe("local");
});

test("test() creates the folder 0700 and leaves no probe file", async () => {
  await st.test();
  expect(mode(root)).toBe(0o700);
  expect(readdirSync(root)).toEqual([]);
});

test("objects are 0600 files in 0700 folders", async () => {
  await st.put("plan-3/2026-11-24T05-00-00Z-abc/manifest.json", text("{}"));
  expect(mode(join(root, "plan-3/2026-11-24T05-00-00Z-abc/manifest.json"))).toBe(0o600);
  expect(mode(join(root, "plan-3/2026-11-24T05-00-00Z-abc"))).toBe(0o700);
  expect(mode(join(root, "plan-3"))).toBe(0o700);
});

test("keys cannot reach outside the folder", async () => {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(work, "secret"), "outside");
  for (const key of ["../secret", "a/../../secret", `/${work}/secret`, "..", "./secret"]) {
    expect(await rejection(st.put(key, text("overwritten")))).toMatchObject({ code: "storage_key_invalid" });
    expect(await rejection(st.get(key))).toMatchObject({ code: "storage_key_invalid" });
    expect(await rejection(st.delete(key))).toMatchObject({ code: "storage_key_invalid" });
  }
  expect(await rejection(st.list(".."))).toMatchObject({ code: "storage_key_invalid" });
  expect(await rejection(st.deletePrefix("../"))).toMatchObject({ code: "storage_key_invalid" });
  expect(await Bun.file(join(work, "secret")).text()).toBe("outside");
  expect(readdirSync(root)).toEqual([]);
});

test("while a put runs only <key>.partial exists; the key appears complete or not at all", async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const body = new ReadableStream<Uint8Array>({
    async start(ctl) {
      ctl.enqueue(new Uint8Array(1000));
      await gate;
      ctl.enqueue(new Uint8Array(24));
      ctl.close();
    },
  });
  const put = st.put("plan-1/run/001.sealed", body);
  while (!existsSync(join(root, "plan-1/run/001.sealed.partial"))) await Bun.sleep(5);
  expect(existsSync(join(root, "plan-1/run/001.sealed"))).toBe(false);
  expect(await st.list("")).toEqual([]); // listings never show half-written objects
  expect(await st.stat("plan-1/run/001.sealed")).toBeNull();
  release();
  expect(await put).toBe(1024);
  expect(filesUnder(root)).toEqual(["plan-1/run/001.sealed"]);
});

test("a failed put removes its partial file", async () => {
  await rejection(st.put("plan-1/run/001.sealed", generated(4 * MiB, { failAt: 2 * MiB }).stream));
  expect(filesUnder(root)).toEqual([]);
});

test("a partial left by a crash is hidden from list, replaced by the next put, removed by deletePrefix", async () => {
  mkdirSync(join(root, "plan-1/run"), { recursive: true });
  writeFileSync(join(root, "plan-1/run/001.sealed.partial"), "half of something", { mode: 0o644 });
  expect(await st.list("")).toEqual([]);
  await st.put("plan-1/run/001.sealed", text("whole"));
  expect(await Bun.file(join(root, "plan-1/run/001.sealed")).text()).toBe("whole");
  expect(mode(join(root, "plan-1/run/001.sealed"))).toBe(0o600); // not the stale file's 0644
  writeFileSync(join(root, "plan-1/run/002.sealed.partial"), "another crash");
  expect((await st.list("plan-1")).map((o) => o.key)).toEqual(["plan-1/run/001.sealed"]);
  expect(await st.deletePrefix("plan-1/run")).toBe(1);
  expect(filesUnder(root)).toEqual([]);
  // Emptied folders go too, so retention leaves no skeleton of old backups behind.
  expect(readdirSync(root)).toEqual([]);
});

test("deleting the last object of a folder removes the empty folders, not the root", async () => {
  await st.put("plan-1/run/manifest.json", text("{}"));
  await st.delete("plan-1/run/manifest.json");
  expect(existsSync(root)).toBe(true);
  expect(readdirSync(root)).toEqual([]);
});

test("a file where the folder should be: storage_not_writable", async () => {
  writeFileSync(join(work, "a-file"), "");
  const blocked = new LocalStorage(join(work, "a-file", "backups"));
  expect(await rejection(blocked.test())).toMatchObject({ kind: "invalid", code: "storage_not_writable" });
  expect(await rejection(blocked.put("x/y", text("z")))).toMatchObject({ code: "storage_not_writable" });
  const isFile = new LocalStorage(join(work, "a-file"));
  const err = await rejection(isFile.test());
  expect(err).toMatchObject({ code: "storage_not_writable" });
  expect((err as Error).message).toContain("a file is in the way");
});

// Measured in a fresh process (memory-probe.ts): buffering the object would grow RSS by
// >= 100 MiB; streaming stays well under 40 MiB.
test("100 MiB streams to disk and back with flat memory", async () => {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "memory-probe.ts"), JSON.stringify({ kind: "local", path: root })], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  expect({ code, err: code === 0 ? "" : err }).toEqual({ code: 0, err: "" });
  const r = JSON.parse(out.trim().split("\n").pop()!);
  expect(r.putBytes).toBe(100 * MiB);
  expect(r.get).toEqual({ sha256: r.expected, bytes: 100 * MiB });
  expect(r.putGrowth).toBeLessThan(40 * MiB);
  expect(r.getGrowth).toBeLessThan(40 * MiB);
}, 60_000);
