// spawnChain's kernel-pipe mode: tools joined without this process in between, the secret on
// fd 3, names in failures, and nothing leaked or left running when a tool cannot start.
import { afterAll, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnChain } from "./tool-chain.ts";

const dir = mkdtempSync(join(tmpdir(), "sk-tool-chain-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const openFds = () => readdirSync("/proc/self/fd").length;

test("kernel pipes carry the bytes from tool to tool into the file, and none of our fds stay open", async () => {
  const before = openFds();
  const out = openSync(join(dir, "out"), "w");
  const chain = spawnChain([["printf", "hello"], ["tr", "a-z", "A-Z"], ["sh", "-c", "cat; cat <&3"]], {
    stdin: "ignore",
    stdout: out,
    kernelPipes: true,
    secretForLast: new TextEncoder().encode(" and a secret"),
  });
  expect(await chain.failure).toBeNull();
  closeSync(out);
  expect(readFileSync(join(dir, "out"), "utf8")).toBe("HELLO and a secret");
  expect(openFds()).toBe(before);
});

test("a failure is named as the caller calls the tool, with its message", async () => {
  const chain = spawnChain([["printf", "x"], ["sh", "-c", "cat >/dev/null; echo 'no space left' >&2; exit 1"]], { stdin: "ignore", stdout: "ignore", kernelPipes: true, names: ["source", "sink"] });
  expect(await chain.failure).toEqual({ tool: "sink", message: "no space left" });
  expect((await chain.stderr)[1]).toBe("no space left");
});

test("a tool that cannot start: the call throws, the ones already started are stopped, no fd is left", async () => {
  const before = openFds();
  const children = () =>
    readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const stat = readFileSync(`/proc/${p}/stat`, "utf8");
          const alive = stat.split(") ")[1]?.[0] !== "Z";
          return alive && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === process.pid && readFileSync(`/proc/${p}/cmdline`, "utf8") === "sleep\u000030\u0000";
        } catch {
          return false;
        }
      });
  expect(() => spawnChain([["sleep", "30"], ["/nonexistent/tool"]], { stdin: "ignore", stdout: "ignore", kernelPipes: true })).toThrow();
  const end = Date.now() + 3000;
  while ((children().length > 0 || openFds() > before) && Date.now() < end) await Bun.sleep(20);
  expect(children()).toEqual([]);
  expect(openFds()).toBe(before);
});
