// The engines' tools run inside a container through the Target's exec: stdin streamed in bounded
// chunks (a dump being restored), stdout streamed out (a dump being taken), exit status and
// stderr turned into errors. Real Docker, the registry-free busybox test image.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { DomainError } from "../lib/errors.ts";
import { dockerFixtures, dockerReady, testTargets } from "../docker/testing.ts";
import { execOut, execRun, type ContainerRef } from "./container-exec.ts";

const fx = dockerFixtures("cexec");
let ref: ContainerRef;
let ready = false;

beforeAll(async () => {
  ready = await dockerReady();
  if (!ready) return;
  const name = await fx.run("box", [], ["sleep", "1000"]);
  ref = { target: testTargets()[0]!.make(), container: name };
}, 60_000);
afterAll(() => fx.cleanup());

const streamOf = (bytes: Uint8Array, piece = 100_000) =>
  new ReadableStream<Uint8Array>({
    start(c) {
      for (let at = 0; at < bytes.length; at += piece) c.enqueue(bytes.subarray(at, at + piece));
      c.close();
    },
  });

test("a few megabytes fed to stdin arrive whole, in order (the container's own sha256sum agrees)", async () => {
  if (!ready) return;
  const data = randomBytes(3 * 1024 * 1024 + 17);
  const out = await execRun(ref, { argv: ["sha256sum"], env: {} }, { code: "t_failed", input: streamOf(data) });
  expect(out.split(" ")[0]).toBe(createHash("sha256").update(data).digest("hex"));
}, 60_000);

test("a tool that stops reading early ends the feeding instead of hanging; its exit status decides", async () => {
  if (!ready) return;
  const out = await execRun(ref, { argv: ["sh", "-c", "head -c 10 | wc -c"], env: {} }, { code: "t_failed", input: streamOf(randomBytes(8 * 1024 * 1024)) });
  expect(out.trim()).toBe("10");
}, 60_000);

test("a failing tool is an error carrying its stderr; environment variables reach it (not argv)", async () => {
  if (!ready) return;
  const err = await execRun(ref, { argv: ["sh", "-c", 'echo "ERROR: no $SECRET_NAME" >&2; exit 4'], env: { SECRET_NAME: "table" } }, { code: "t_failed" }).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ code: "t_failed", message: "sh failed: ERROR: no table" });
});

test("stdout streams out as bytes; a non-zero exit fails the stream and `done`", async () => {
  if (!ready) return;
  const ok = execOut(ref, { argv: ["sh", "-c", "head -c 2000000 /dev/zero"], env: {} }, "t_dump");
  expect((await new Response(ok.stream).arrayBuffer()).byteLength).toBe(2_000_000);
  await ok.done;
  const bad = execOut(ref, { argv: ["sh", "-c", "echo partial; echo 'ERROR: broke' >&2; exit 2"], env: {} }, "t_dump");
  await expect(new Response(bad.stream).arrayBuffer()).rejects.toThrow("broke");
  await expect(bad.done).rejects.toMatchObject({ code: "t_dump" });
});
